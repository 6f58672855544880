import type { DataSource } from 'typeorm';
import type { ProjectAccessFacts } from '../../authz/effective-role';
import { impliedProjectRole, ORG_ROLES, type ProjectRole } from '../../authz/roles';
import { loader, oneByKey } from '../../common/batch';
import { isUuid, splitPair } from '../../common/ids';
import { afterClause, afterIdClause, groupBy, pageLoader, parentRows } from '../../common/pagination';
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

export function projectLoaders(db: DataSource, viewerId: string | null, primeUsers: PrimeUsers) {
  return {
    projectById: loader<ProjectRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: ProjectRow[] = valid.length
        ? await db.query(`SELECT ${PROJECT_COLUMNS} FROM projects p WHERE p.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    /**
     * Keyed by pairKey(userId, projectId): every source of the user's role there; null if no such project.
     * Each source is a scalar subquery keyed by (project or org, user): an index lookup per key, whatever the size
     * of the organization (as joins, the planner scanned every membership of the org and filtered by user after).
     */
    projectAccess: loader<ProjectAccessFacts | null>(async (keys) => {
      const pairs = keys.map(splitPair).filter(([u, p]) => isUuid(u) && isUuid(p));
      const rows: (ProjectAccessFacts & { key: string })[] = pairs.length
        ? await db.query(
            `SELECT k.user_id || ':' || k.project_id AS key, k.user_id AS "userId", p.id AS "projectId",
                    p.org_id AS "orgId", p.default_role AS "defaultRole",
                    (SELECT om.role FROM org_members om WHERE om.org_id = p.org_id AND om.user_id = k.user_id) AS "orgRole",
                    (SELECT pm.role FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = k.user_id)
                      AS "directRole",
                    COALESCE((SELECT json_agg(json_build_object('teamId', t.id, 'teamName', t.name, 'role', g.role)
                                              ORDER BY t.name)
                                FROM team_members tm
                                JOIN team_project_grants g ON g.team_id = tm.team_id AND g.project_id = p.id
                                JOIN teams t ON t.id = g.team_id
                               WHERE tm.org_id = p.org_id AND tm.user_id = k.user_id), '[]'::json) AS "teamGrants"
               FROM unnest($1::uuid[], $2::uuid[]) AS k(user_id, project_id)
               JOIN projects p ON p.id = k.project_id`,
            [pairs.map((p) => p[0]), pairs.map((p) => p[1])])
        : [];
      return oneByKey(keys, rows, (r) => r.key);
    }),

    /**
     * The projects of an organization that the viewer holds a role in, by name. One branch per source of a role
     * (the four of effectiveProjectRole()), each read in (name, id) order from an index and cut at the page size, then merged:
     * a page reads about a page of rows per source instead of every project of the organization.
     */
    orgProjects: pageLoader<ProjectRow>(async (orgIds, page) => {
      const params: unknown[] = [orgIds, page.limit + 1, viewerId, IMPLYING_ORG_ROLES];
      const after = () => afterClause(page, 'p.name', 'p.id', params);
      const rows: ProjectRow[] = await db.query(
        `SELECT p.* FROM ${parentRows(orgIds)}
         JOIN org_members vm ON vm.org_id = parent.id AND vm.user_id = $3
         CROSS JOIN LATERAL (
           SELECT s.* FROM (
             (SELECT ${PROJECT_COLUMNS} FROM projects p
               WHERE p.org_id = parent.id AND vm.role = ANY($4::text[]) AND ${after()}
               ORDER BY p.name, p.id LIMIT $2)
             UNION
             (SELECT ${PROJECT_COLUMNS} FROM projects p
               WHERE p.org_id = parent.id AND p.default_role IS NOT NULL AND ${after()}
               ORDER BY p.name, p.id LIMIT $2)
             UNION
             (SELECT ${PROJECT_COLUMNS} FROM project_members pm JOIN projects p ON p.id = pm.project_id
               WHERE pm.org_id = parent.id AND pm.user_id = $3 AND ${after()}
               ORDER BY p.name, p.id LIMIT $2)
             UNION
             (SELECT ${PROJECT_COLUMNS} FROM team_members tm
                JOIN team_project_grants g ON g.team_id = tm.team_id
                JOIN projects p ON p.id = g.project_id
               WHERE tm.org_id = parent.id AND tm.user_id = $3 AND ${after()}
               ORDER BY p.name, p.id LIMIT $2)
           ) s
           ORDER BY s.name, s.id LIMIT $2) p
         ORDER BY p."orgId", p.name, p.id`,
        params);
      return groupBy(rows, (r) => r.orgId);
    }, (r) => ({ key: r.name, id: r.id })),

    /**
     * Everyone with a role in the project (the four sources of effectiveProjectRole()), by user id. Each source is read in
     * user id order from an index and cut at the page size, then merged, so a page of a project in an organization
     * of ten thousand members reads about a page of rows per source. Every source is a member of the organization:
     * project and team grants reference org_members (foreign keys on (org_id, user_id)).
     */
    projectMembers: pageLoader<ProjectMemberRow & { userName: string; userEmail: string }>(async (projectIds, page) => {
      const params: unknown[] = [projectIds, page.limit + 1];
      const after = afterIdClause(page, params);
      const implying = IMPLYING_ORG_ROLES.map((role) => {
        params.push(role);
        return `(SELECT om.user_id FROM org_members om
                  WHERE om.org_id = p.org_id AND om.role = $${params.length} AND ${after('om.user_id')}
                  ORDER BY om.user_id LIMIT $2)`;
      });
      const rows: (ProjectMemberRow & { userName: string; userEmail: string })[] = await db.query(
        `SELECT p.id AS "projectId", ids.user_id AS "userId", '' AS "sortKey", u.name AS "userName",
                u.email AS "userEmail"
           FROM ${parentRows(projectIds)}
           JOIN projects p ON p.id = parent.id
           CROSS JOIN LATERAL (
             SELECT DISTINCT s.user_id FROM (
               ${implying.join('\n               UNION ALL\n               ')}
               UNION ALL
               (SELECT om.user_id FROM org_members om
                 WHERE p.default_role IS NOT NULL AND om.org_id = p.org_id AND ${after('om.user_id')}
                 ORDER BY om.user_id LIMIT $2)
               UNION ALL
               (SELECT pm.user_id FROM project_members pm
                 WHERE pm.project_id = p.id AND ${after('pm.user_id')}
                 ORDER BY pm.user_id LIMIT $2)
               UNION ALL
               (SELECT tm.user_id FROM team_project_grants g
                  CROSS JOIN LATERAL (
                    SELECT tm.user_id FROM team_members tm
                     WHERE tm.team_id = g.team_id AND ${after('tm.user_id')}
                     ORDER BY tm.user_id LIMIT $2) tm
                 WHERE g.project_id = p.id)
             ) s
             ORDER BY s.user_id LIMIT $2) ids
           JOIN users u ON u.id = ids.user_id
          ORDER BY p.id, ids.user_id`,
        params);
      primeUsers(rows);
      return groupBy(rows, (r) => r.projectId);
    }, (r) => ({ key: '', id: r.userId })),
  };
}
