import type { DataSource } from 'typeorm';
import type { ProjectAccessFacts } from '../../authz/effective-role';
import { impliedProjectRole, ORG_ROLES, type ProjectRole } from '../../authz/roles';
import { loader, oneByKey } from '../../common/batch';
import { isUuid, splitPair } from '../../common/ids';
import { afterClause, groupBy, pageLoader } from '../../common/pagination';
import type { PrimeUsers } from '../users/user.loaders';

export interface ProjectRow {
  id: string;
  orgId: string;
  name: string;
  timezone: string;
  defaultRole: ProjectRole | null;
  apiSecretHint: string;
  apiSecretRotatedAt: Date;
  createdAt: Date;
}

/** A user with a role in a project; the role and its grants resolve through the projectAccess loader. */
export interface ProjectMemberRow {
  projectId: string;
  userId: string;
  sortKey: string;
}

export const PROJECT_COLUMNS = `p.id, p.org_id AS "orgId", p.name, p.timezone, p.default_role AS "defaultRole",
  p.api_secret_hint AS "apiSecretHint", p.api_secret_rotated_at AS "apiSecretRotatedAt", p.created_at AS "createdAt"`;

/** Org roles that imply a project role everywhere in the organization (OWNER, ADMIN). */
const IMPLYING_ORG_ROLES = ORG_ROLES.filter((r) => impliedProjectRole(r) !== null);

/**
 * SQL condition: user `userCol`, a member of p's organization with org role `roleCol`, holds some role in project p.
 * The same four sources as effectiveProjectRole(), so listings and policies agree.
 */
export function holdsProjectRoleSql(userCol: string, roleCol: string, impliedRolesParam: string): string {
  return `(${roleCol} = ANY(${impliedRolesParam}::text[])
    OR p.default_role IS NOT NULL
    OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = ${userCol})
    OR EXISTS (SELECT 1 FROM team_project_grants g JOIN team_members tm ON tm.team_id = g.team_id
                WHERE g.project_id = p.id AND tm.user_id = ${userCol}))`;
}

export function projectLoaders(db: DataSource, viewerId: string | null, primeUsers: PrimeUsers) {
  return {
    projectById: loader<ProjectRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: ProjectRow[] = valid.length
        ? await db.query(`SELECT ${PROJECT_COLUMNS} FROM projects p WHERE p.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    /** Keyed by pairKey(userId, projectId): every source of the user's role there; null if no such project. */
    projectAccess: loader<ProjectAccessFacts | null>(async (keys) => {
      const pairs = keys.map(splitPair).filter(([u, p]) => isUuid(u) && isUuid(p));
      const rows: (ProjectAccessFacts & { key: string })[] = pairs.length
        ? await db.query(
            `SELECT k.user_id || ':' || k.project_id AS key, k.user_id AS "userId", p.id AS "projectId",
                    p.org_id AS "orgId", p.default_role AS "defaultRole", om.role AS "orgRole", pm.role AS "directRole",
                    COALESCE((SELECT json_agg(json_build_object('teamId', t.id, 'teamName', t.name, 'role', g.role)
                                              ORDER BY t.name)
                                FROM team_project_grants g
                                JOIN team_members tm ON tm.team_id = g.team_id AND tm.user_id = k.user_id
                                JOIN teams t ON t.id = g.team_id
                               WHERE g.project_id = p.id), '[]'::json) AS "teamGrants"
               FROM unnest($1::uuid[], $2::uuid[]) AS k(user_id, project_id)
               JOIN projects p ON p.id = k.project_id
               LEFT JOIN org_members om ON om.org_id = p.org_id AND om.user_id = k.user_id
               LEFT JOIN project_members pm ON pm.project_id = p.id AND pm.user_id = k.user_id`,
            [pairs.map((p) => p[0]), pairs.map((p) => p[1])])
        : [];
      return oneByKey(keys, rows, (r) => r.key);
    }),

    /** The projects of an organization that the viewer holds a role in, by name. */
    orgProjects: pageLoader<ProjectRow>(async (orgIds, page) => {
      const params: unknown[] = [orgIds, page.limit + 1, viewerId, IMPLYING_ORG_ROLES];
      const rows: ProjectRow[] = await db.query(
        `SELECT p.* FROM unnest($1::uuid[]) AS parent(id)
         CROSS JOIN LATERAL (
           SELECT ${PROJECT_COLUMNS} FROM projects p
             JOIN org_members vm ON vm.org_id = p.org_id AND vm.user_id = $3
            WHERE p.org_id = parent.id AND ${holdsProjectRoleSql('$3::uuid', 'vm.role', '$4')}
              AND ${afterClause(page, 'p.name', 'p.id', params)}
            ORDER BY p.name, p.id LIMIT $2) p`,
        params);
      return groupBy(rows, (r) => r.orgId);
    }, (r) => ({ key: r.name, id: r.id })),

    /** Everyone with a role in the project, by name. */
    projectMembers: pageLoader<ProjectMemberRow & { userEmail: string }>(async (projectIds, page) => {
      const params: unknown[] = [projectIds, page.limit + 1, IMPLYING_ORG_ROLES];
      const rows: (ProjectMemberRow & { userEmail: string })[] = await db.query(
        `SELECT m.* FROM unnest($1::uuid[]) AS parent(id)
         CROSS JOIN LATERAL (
           SELECT p.id AS "projectId", om.user_id AS "userId", u.name AS "sortKey", u.email AS "userEmail"
             FROM projects p
             JOIN org_members om ON om.org_id = p.org_id
             JOIN users u ON u.id = om.user_id
            WHERE p.id = parent.id AND ${holdsProjectRoleSql('om.user_id', 'om.role', '$3')}
              AND ${afterClause(page, 'u.name', 'u.id', params)}
            ORDER BY u.name, u.id LIMIT $2) m`,
        params);
      primeUsers(rows);
      return groupBy(rows, (r) => r.projectId);
    }, (r) => ({ key: r.sortKey, id: r.userId })),
  };
}
