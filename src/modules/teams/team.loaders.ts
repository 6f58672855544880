import type { DataSource } from 'typeorm';
import { rolesWith } from '../../authz/role-queries';
import type { ProjectRole } from '../../authz/roles';
import { loader, manyByKey, oneByKey } from '../../common/batch';
import { isUuid, splitPair } from '../../common/ids';
import { afterClause, afterIdClause, groupBy, pageLoader, parentRows } from '../../common/pagination';
import type { PrimeUsers } from '../users/user.loaders';

export interface TeamRow {
  id: string;
  orgId: string;
  name: string;
}

export interface TeamMemberRow {
  teamId: string;
  userId: string;
  addedAt: Date;
  sortKey: string;
}

export interface TeamProjectGrantRow {
  teamId: string;
  projectId: string;
  role: ProjectRole;
}

export function teamLoaders(db: DataSource, viewerId: string | null, primeUsers: PrimeUsers) {
  return {
    teamById: loader<TeamRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: TeamRow[] = valid.length
        ? await db.query(`SELECT t.id, t.org_id AS "orgId", t.name FROM teams t WHERE t.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    /** Keyed by pairKey(userId, teamId). */
    isTeamMember: loader<boolean>(async (keys) => {
      const pairs = keys.map(splitPair).filter(([u, t]) => isUuid(u) && isUuid(t));
      const rows: { key: string }[] = pairs.length
        ? await db.query(
            `SELECT tm.user_id || ':' || tm.team_id AS key
               FROM unnest($1::uuid[], $2::uuid[]) AS k(user_id, team_id)
               JOIN team_members tm ON tm.user_id = k.user_id AND tm.team_id = k.team_id`,
            [pairs.map((p) => p[0]), pairs.map((p) => p[1])])
        : [];
      return oneByKey(keys, rows, (r) => r.key).map(Boolean);
    }),

    /** With team:read, every team of the organization; otherwise only the viewer's own teams. */
    orgTeams: pageLoader<TeamRow>(async (orgIds, page) => {
      const params: unknown[] = [orgIds, page.limit + 1, viewerId, rolesWith('TEAM_READ')];
      const rows: TeamRow[] = await db.query(
        `SELECT t.* FROM ${parentRows(orgIds)}
         CROSS JOIN LATERAL (
           SELECT t.id, t.org_id AS "orgId", t.name FROM teams t
             JOIN org_members vm ON vm.org_id = t.org_id AND vm.user_id = $3
            WHERE t.org_id = parent.id
              AND (vm.role = ANY($4::text[])
                   OR EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = t.id AND tm.user_id = $3))
              AND ${afterClause(page, 't.name', 't.id', params)}
            ORDER BY t.name, t.id LIMIT $2) t`,
        params);
      return groupBy(rows, (r) => r.orgId);
    }, (r) => ({ key: r.name, id: r.id })),

    /** A team's members, by user id (the primary key (team_id, user_id) serves the page). */
    teamMembers: pageLoader<TeamMemberRow & { userName: string; userEmail: string }>(async (teamIds, page) => {
      const params: unknown[] = [teamIds, page.limit + 1];
      const after = afterIdClause(page, params);
      const rows: (TeamMemberRow & { userName: string; userEmail: string })[] = await db.query(
        `SELECT m.*, u.name AS "userName", u.email AS "userEmail" FROM ${parentRows(teamIds)}
         CROSS JOIN LATERAL (
           SELECT tm.team_id AS "teamId", tm.user_id AS "userId", tm.created_at AS "addedAt", '' AS "sortKey"
             FROM team_members tm
            WHERE tm.team_id = parent.id AND ${after('tm.user_id')}
            ORDER BY tm.user_id LIMIT $2) m
         JOIN users u ON u.id = m."userId"
         ORDER BY m."teamId", m."userId"`,
        params);
      primeUsers(rows);
      return groupBy(rows, (r) => r.teamId);
    }, (r) => ({ key: '', id: r.userId })),

    teamProjectGrants: loader<TeamProjectGrantRow[]>(async (teamIds) => {
      const valid = teamIds.filter(isUuid);
      const rows: TeamProjectGrantRow[] = valid.length
        ? await db.query(
            `SELECT g.team_id AS "teamId", g.project_id AS "projectId", g.role
               FROM team_project_grants g JOIN projects p ON p.id = g.project_id
              WHERE g.team_id = ANY($1::uuid[]) ORDER BY p.name, p.id`, [valid])
        : [];
      return manyByKey(teamIds, rows, (r) => r.teamId);
    }),
  };
}
