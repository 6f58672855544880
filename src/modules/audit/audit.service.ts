import type { EntityManager } from 'typeorm';
import { AuditEventEntity, type ActorKind } from './audit-event.entity';

/** Who made a change: a signed-in user, the system, or the legacy import; and the request it came with. */
export interface Actor {
  kind: ActorKind;
  userId: string | null;
  requestId: string | null;
}

export interface AuditChange {
  orgId: string;
  projectId?: string | null;
  action: string;
  target: { type: string; id: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Writes one audit event through the transaction's manager, so it commits or rolls back with the change. */
export async function recordAudit(tx: EntityManager, actor: Actor, change: AuditChange): Promise<void> {
  await tx.insert(AuditEventEntity, {
    orgId: change.orgId,
    projectId: change.projectId ?? null,
    actorId: actor.userId,
    actorKind: actor.kind,
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    before: (change.before ?? null) as never,
    after: (change.after ?? null) as never,
    requestId: actor.requestId,
  });
}
