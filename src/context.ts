import type { DataSource } from 'typeorm';
import { AccessControl } from './authz/access';
import type { Config } from './config';
import { createLoaders, type Loaders } from './loaders';
import type { Logger } from './logger';
import type { Actor } from './modules/audit/audit.service';
import type { UserRow } from './modules/users/user.loaders';
import type { Services } from './services';

/** Everything a resolver or a policy may use for one request. Built fresh per request. */
export interface Context {
  requestId: string;
  log: Logger;
  config: Config;
  db: DataSource;
  /** The signed-in user, or null. */
  viewer: UserRow | null;
  /** Why the viewer is null although a token was sent (expired, bad signature, ...), for the UNAUTHENTICATED error. */
  authFailure: string | null;
  loaders: Loaders;
  access: AccessControl;
  services: Services;
}

export function buildContext(base: {
  requestId: string;
  log: Logger;
  config: Config;
  db: DataSource;
  services: Services;
  viewer: UserRow | null;
  authFailure: string | null;
}): Context {
  const loaders = createLoaders(base.db, base.viewer?.id ?? null);
  return { ...base, loaders, access: new AccessControl(base.viewer?.id ?? null, loaders) };
}

/** The actor of a mutation; policies have already made sure there is a viewer. */
export function actorOf(ctx: Context): Actor & { userId: string } {
  if (!ctx.viewer) throw new Error('actorOf() called without a viewer: the field lacks a policy.');
  return { kind: 'USER', userId: ctx.viewer.id, requestId: ctx.requestId };
}

/** Who calls a service method: the audit actor and the request's access checks (used before the transaction). */
export interface Caller {
  actor: Actor & { userId: string };
  access: AccessControl;
}

export const callerOf = (ctx: Context): Caller => ({ actor: actorOf(ctx), access: ctx.access });

/**
 * After a change commits, the request's DataLoaders may hold rows (and access facts) read by the policy check
 * before it; the payload must show the state after the change.
 */
export function forgetCachedReads(ctx: Context): void {
  for (const l of Object.values(ctx.loaders) as { clearAll?: () => void }[]) {
    if (typeof l?.clearAll === 'function') l.clearAll();
  }
}
