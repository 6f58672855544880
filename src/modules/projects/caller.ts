import { actorOf, type Context } from '../../context';
import type { Caller } from './project.service';

/** The caller of a service method: the audit actor and the request's access checks. */
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
