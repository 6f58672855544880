/**
 * The benchmark cases: an operation, who sends it, and its variables, picked from the generated data.
 * The same operations are what test/integration/statement-budget.test.ts runs to hold the SQL statement budget.
 */
import type { Client } from 'pg';

/**
 * Page sizes as variables, as clients send them: graphql-armor's cost limit (20000) multiplies by literal `first`
 * values only, and 20 x 20 literal pages of this depth cost 57000.
 */
export const HOME_QUERY = `query Home($orgs: Int = 20, $projects: Int = 20) {
  viewer {
    name
    memberships(first: $orgs) {
      nodes {
        role
        organization {
          id name
          projects(first: $projects) { nodes { id name viewerCan { update readBoards } } }
        }
      }
    }
  }
}`;

export const MEMBERS_QUERY = `query Members($org: ID!) {
  organization(id: $org) {
    id name
    members(first: 50) {
      nodes { role joinedAt user { id name email } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const PROJECT_PAGE_QUERY = `query ProjectPage($project: ID!) {
  project(id: $project) {
    id name timezone defaultRole
    organization { id name }
    viewerRole { role }
    viewerCan { update manageMembers createBoards manageAnyBoard }
    members(first: 20) {
      nodes { user { id name } role grants { source role team { id name } } }
      pageInfo { hasNextPage endCursor }
    }
    boards(first: 20) {
      nodes { id name visibility updatedAt creator { id name } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const ORG_PROJECTS_QUERY = `query OrgProjects($org: ID!) {
  organization(id: $org) {
    id name
    projects(first: 50) {
      nodes { id name defaultRole createdAt viewerRole { role } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

export const ADD_PROJECT_MEMBER = `mutation AddProjectMember($projectId: ID!, $userId: ID!) {
  addProjectMember(input: { projectId: $projectId, userId: $userId, role: ANALYST }) { __typename }
}`;

export const REMOVE_PROJECT_MEMBER = `mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {
  removeProjectMember(input: { projectId: $projectId, userId: $userId }) { __typename }
}`;

export const UPDATE_BOARD = `mutation UpdateBoard($boardId: ID!, $name: String!) {
  updateBoard(input: { boardId: $boardId, name: $name }) { __typename }
}`;

/** The mutations the write mix needs; the case is skipped while the schema lacks any of them. */
export const WRITE_MUTATIONS = ['addProjectMember', 'removeProjectMember', 'updateBoard'];

export interface BenchUser {
  subject: string;
  email: string;
  name: string;
}

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}

export interface BenchCase {
  key: string;
  title: string;
  user: BenchUser;
  /** The operations a connection sends, in turn (reads: one). */
  operations: (i: number) => Operation;
  /** Brings the database back to the state the case starts from (writes). */
  reset?: (db: Client) => Promise<void>;
  /** Mutations the case needs. */
  needs?: string[];
}

async function one<T>(db: Client, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, params);
  if (!rows[0]) throw new Error(`The generated data has no row for: ${sql}`);
  return rows[0] as T;
}

const userCols = `u.subject, u.email, u.name`;

/** Picks the realistic users and resources of every case from a generated database. */
export async function buildCases(db: Client): Promise<BenchCase[]> {
  const biggest = await one<{ org_id: string }>(db,
    `SELECT org_id FROM org_members GROUP BY org_id ORDER BY count(*) DESC, org_id LIMIT 1`);
  const org = biggest.org_id;

  // (a) A member of two organizations, one of them the biggest.
  const homeUser = await one<BenchUser>(db,
    `SELECT ${userCols} FROM users u
      WHERE EXISTS (SELECT 1 FROM org_members m WHERE m.user_id = u.id AND m.org_id = $1 AND m.role = 'MEMBER')
        AND (SELECT count(*) FROM org_members m WHERE m.user_id = u.id) = 2
        AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.user_id = u.id)
      ORDER BY u.id LIMIT 1`, [org]);

  // (b) An ADMIN of the biggest organization reading its member list.
  const admin = await one<BenchUser>(db,
    `SELECT ${userCols} FROM org_members m JOIN users u ON u.id = m.user_id
      WHERE m.org_id = $1 AND m.role = 'ADMIN' ORDER BY u.id LIMIT 1`, [org]);

  // (c) The busiest project of the biggest organization (by direct grants), read by one of its ANALYSTs.
  const project = await one<{ id: string }>(db,
    `SELECT p.id FROM projects p WHERE p.org_id = $1
      ORDER BY (SELECT count(*) FROM project_members pm WHERE pm.project_id = p.id) DESC, p.id LIMIT 1`, [org]);
  const analyst = await one<BenchUser>(db,
    `SELECT ${userCols} FROM project_members pm JOIN users u ON u.id = pm.user_id
      WHERE pm.project_id = $1 AND pm.role = 'ANALYST' ORDER BY u.id LIMIT 1`, [project.id]);

  // (d) An OWNER of the biggest organization listing its projects.
  const owner = await one<BenchUser>(db,
    `SELECT ${userCols} FROM org_members m JOIN users u ON u.id = m.user_id
      WHERE m.org_id = $1 AND m.role = 'OWNER' ORDER BY u.id LIMIT 1`, [org]);

  // (e) The write mix, as the OWNER: grant and revoke a role for members without a direct grant in the project,
  // rename boards of the project. Pair k is added at step k and removed N/2 steps later, so neither ever fails.
  const candidates: { id: string }[] = (await db.query(
    `SELECT m.user_id AS id FROM org_members m
      WHERE m.org_id = $1 AND m.role = 'MEMBER'
        AND NOT EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = $2 AND pm.user_id = m.user_id)
      ORDER BY m.user_id LIMIT 200`, [org, project.id])).rows;
  const boards: { id: string }[] = (await db.query(
    `SELECT id FROM boards WHERE project_id = $1 AND visibility = 'PROJECT' ORDER BY id LIMIT 50`, [project.id])).rows;
  const half = Math.floor(candidates.length / 2);
  const writeMix = (i: number): Operation => {
    const step = Math.floor(i / 3);
    const pair = (k: number) => ({ projectId: project.id, userId: candidates[k % candidates.length].id });
    switch (i % 3) {
      case 0: return { query: ADD_PROJECT_MEMBER, variables: pair(step) };
      case 1: return { query: REMOVE_PROJECT_MEMBER, variables: pair(step + half) };
      default: return { query: UPDATE_BOARD, variables: { boardId: boards[step % boards.length].id, name: `Renamed board ${i}` } };
    }
  };

  return [
    { key: 'a', title: 'viewer home', user: homeUser, operations: () => ({ query: HOME_QUERY }) },
    { key: 'b', title: 'org members (admin)', user: admin, operations: () => ({ query: MEMBERS_QUERY, variables: { org } }) },
    { key: 'c', title: 'project page', user: analyst, operations: () => ({ query: PROJECT_PAGE_QUERY, variables: { project: project.id } }) },
    { key: 'd', title: 'large org projects (owner)', user: owner, operations: () => ({ query: ORG_PROJECTS_QUERY, variables: { org } }) },
    {
      key: 'e',
      title: 'write mix',
      user: owner,
      operations: writeMix,
      needs: WRITE_MUTATIONS,
      async reset(client) {
        const ids = candidates.map((c) => c.id);
        await client.query(`DELETE FROM project_members WHERE project_id = $1 AND user_id = ANY($2::uuid[])`, [project.id, ids]);
        await client.query(
          `INSERT INTO project_members (org_id, project_id, user_id, role)
           SELECT $1, $2, u, 'ANALYST' FROM unnest($3::uuid[]) u ON CONFLICT DO NOTHING`, [org, project.id, ids.slice(half)]);
      },
    },
  ];
}
