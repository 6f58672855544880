import type { DataSource } from 'typeorm';
import type { OrgRole, ProjectRole } from '../../authz/roles';
import { loader, manyByKey, oneByKey } from '../../common/batch';
import { isUuid } from '../../common/ids';
import { afterClause, groupBy, pageLoader } from '../../common/pagination';
import type { InvitationStatus } from './invitation.entity';

export interface InvitationRow {
  id: string;
  orgId: string;
  email: string;
  role: OrgRole;
  status: InvitationStatus;
  inviterId: string | null;
  expiresAt: Date;
  createdAt: Date;
}

export interface InvitationProjectGrantRow {
  invitationId: string;
  projectId: string;
  role: ProjectRole;
}

export const INVITATION_COLUMNS = `i.id, i.org_id AS "orgId", i.email, i.role, i.status, i.inviter_id AS "inviterId",
  i.expires_at AS "expiresAt", i.created_at AS "createdAt"`;

export function invitationLoaders(db: DataSource) {
  return {
    invitationById: loader<InvitationRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: InvitationRow[] = valid.length
        ? await db.query(`SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE i.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    /** Pending invitations (expired ones included, shown as EXPIRED), by email. */
    orgInvitations: pageLoader<InvitationRow>(async (orgIds, page) => {
      const params: unknown[] = [orgIds, page.limit + 1];
      const rows: InvitationRow[] = await db.query(
        `SELECT i.* FROM unnest($1::uuid[]) AS parent(id)
         CROSS JOIN LATERAL (
           SELECT ${INVITATION_COLUMNS} FROM invitations i
            WHERE i.org_id = parent.id AND i.status = 'PENDING' AND ${afterClause(page, 'i.email', 'i.id', params)}
            ORDER BY i.email, i.id LIMIT $2) i`,
        params);
      return groupBy(rows, (r) => r.orgId);
    }, (r) => ({ key: r.email, id: r.id })),

    invitationProjectGrants: loader<InvitationProjectGrantRow[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: InvitationProjectGrantRow[] = valid.length
        ? await db.query(
            `SELECT invitation_id AS "invitationId", project_id AS "projectId", role
               FROM invitation_project_grants WHERE invitation_id = ANY($1::uuid[])`, [valid])
        : [];
      return manyByKey(ids, rows, (r) => r.invitationId);
    }),
  };
}
