import type { DataSource } from 'typeorm';
import { rolesWith } from '../../authz/role-queries';
import type { OrgRole } from '../../authz/roles';
import { loader, oneByKey } from '../../common/batch';
import { isUuid, splitPair } from '../../common/ids';
import { afterClause, afterIdClause, groupBy, pageLoader, parentRows } from '../../common/pagination';
import type { PlanName } from '../billing/plans';
import type { PrimeUsers } from '../users/user.loaders';

export interface OrganizationRow {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
  plan: PlanName;
  createdAt: Date;
}

export interface OrgMembershipRow {
  orgId: string;
  userId: string;
  role: OrgRole;
  joinedAt: Date;
  /** Sort key of the page it was read in. */
  sortKey: string;
}

export const ORGANIZATION_COLUMNS = `o.id, o.slug, o.name, o.settings, o.plan, o.created_at AS "createdAt"`;

export function organizationLoaders(db: DataSource, viewerId: string | null, primeUsers: PrimeUsers) {
  return {
    organizationById: loader<OrganizationRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: OrganizationRow[] = valid.length
        ? await db.query(`SELECT ${ORGANIZATION_COLUMNS} FROM organizations o WHERE o.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    organizationBySlug: loader<OrganizationRow | null>(async (slugs) => {
      const rows: OrganizationRow[] = await db.query(
        `SELECT ${ORGANIZATION_COLUMNS} FROM organizations o WHERE o.slug = ANY($1::text[])`, [slugs]);
      return oneByKey(slugs, rows, (r) => r.slug);
    }),

    /** Keyed by pairKey(userId, orgId): the user's membership, or null when they are not a member. */
    orgMembership: loader<OrgMembershipRow | null>(async (keys) => {
      const pairs = keys.map(splitPair).filter(([u, o]) => isUuid(u) && isUuid(o));
      const rows: (OrgMembershipRow & { key: string })[] = pairs.length
        ? await db.query(
            `SELECT m.user_id || ':' || m.org_id AS key, m.org_id AS "orgId", m.user_id AS "userId", m.role,
                    m.created_at AS "joinedAt", '' AS "sortKey"
               FROM unnest($1::uuid[], $2::uuid[]) AS k(user_id, org_id)
               JOIN org_members m ON m.user_id = k.user_id AND m.org_id = k.org_id`,
            [pairs.map((p) => p[0]), pairs.map((p) => p[1])])
        : [];
      return oneByKey(keys, rows, (r) => r.key);
    }),

    /**
     * An organization's members, by user id: the primary key (org_id, user_id) serves the page, so a page costs
     * the same in an organization of ten members or of ten thousand (sorting by user name sorted them all).
     */
    orgMembers: pageLoader<OrgMembershipRow & { userName: string; userEmail: string }>(async (orgIds, page) => {
      const params: unknown[] = [orgIds, page.limit + 1];
      const after = afterIdClause(page, params);
      const rows: (OrgMembershipRow & { userName: string; userEmail: string })[] = await db.query(
        `SELECT m.*, u.name AS "userName", u.email AS "userEmail" FROM ${parentRows(orgIds)}
         CROSS JOIN LATERAL (
           SELECT m.org_id AS "orgId", m.user_id AS "userId", m.role, m.created_at AS "joinedAt", '' AS "sortKey"
             FROM org_members m
            WHERE m.org_id = parent.id AND ${after('m.user_id')}
            ORDER BY m.user_id LIMIT $2) m
         JOIN users u ON u.id = m."userId"
         ORDER BY m."orgId", m."userId"`,
        params);
      primeUsers(rows);
      return groupBy(rows, (r) => r.orgId);
    }, (r) => ({ key: '', id: r.userId })),

    /**
     * A user's memberships, by organization name. Another user's memberships show only where the viewer may
     * read the member list, so following a user from a project never reveals their other organizations.
     */
    userMemberships: pageLoader<OrgMembershipRow>(async (userIds, page) => {
      const params: unknown[] = [userIds, page.limit + 1, viewerId, rolesWith('MEMBER_READ')];
      const rows: (OrgMembershipRow & { userEmail: string })[] = await db.query(
        `SELECT m.* FROM ${parentRows(userIds)}
         CROSS JOIN LATERAL (
           SELECT m.org_id AS "orgId", m.user_id AS "userId", m.role, m.created_at AS "joinedAt", o.name AS "sortKey"
             FROM org_members m JOIN organizations o ON o.id = m.org_id
            WHERE m.user_id = parent.id
              AND (m.user_id = $3 OR EXISTS (
                SELECT 1 FROM org_members v WHERE v.org_id = m.org_id AND v.user_id = $3 AND v.role = ANY($4::text[])))
              AND ${afterClause(page, 'o.name', 'o.id', params)}
            ORDER BY o.name, o.id LIMIT $2) m`,
        params);
      return groupBy(rows, (r) => r.userId);
    }, (r) => ({ key: r.sortKey, id: r.orgId })),
  };
}
