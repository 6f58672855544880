import type { DataSource } from 'typeorm';
import { InputError } from '../../errors';
import { isUuid } from '../../common/ids';
import { type Connection, type Page, toConnection } from '../../common/pagination';
import type { ActorKind } from './audit-event.entity';

export interface AuditEventRow {
  id: string;
  orgId: string;
  projectId: string | null;
  actorId: string | null;
  actorKind: ActorKind;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: Date;
}

export interface AuditFilter {
  actorId?: string | null;
  action?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/**
 * Newest first. The cursor is the event id (a sequence), so paging is an index range scan on (org_id, id).
 * Not batched across parents: an audit log is read for one organization or project at a time.
 */
export async function readAuditLog(
  db: DataSource,
  scope: { orgId: string } | { projectId: string },
  page: Page,
  filter: AuditFilter = {},
): Promise<Connection<AuditEventRow>> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if ('orgId' in scope) add('org_id = ?', scope.orgId);
  else add('project_id = ?', scope.projectId);
  if (filter.actorId) {
    if (!isUuid(filter.actorId)) throw new InputError('filter.actorId', 'is not a user id.');
    add('actor_id = ?', filter.actorId);
  }
  if (filter.action) add('action = ?', filter.action);
  if (filter.since) add('created_at >= ?', filter.since);
  if (filter.until) add('created_at < ?', filter.until);
  if (page.after) {
    if (!/^\d+$/.test(page.after.id)) throw new InputError('after', 'is not a cursor this API returned.');
    add('id < ?', page.after.id);
  }
  params.push(page.limit + 1);
  const rows: AuditEventRow[] = await db.query(
    `SELECT id, org_id AS "orgId", project_id AS "projectId", actor_id AS "actorId", actor_kind AS "actorKind",
            action, target_type AS "targetType", target_id AS "targetId", before, after,
            request_id AS "requestId", created_at AS "createdAt"
       FROM audit_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
    params);
  return toConnection(rows, page, (r) => ({ key: '', id: r.id }));
}
