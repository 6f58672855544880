import type { SeedUser } from '../../src/seed/builders';
import type { TestGateway } from './gateway';

export type ProjectRoleName = 'OWNER' | 'ADMIN' | 'ANALYST' | 'CONSUMER';
/** The four ways of holding a project role (ACCESS-MODEL §2). */
export type Way = 'ORG_ROLE' | 'DIRECT' | 'TEAM' | 'DEFAULT_ROLE';

/** Every (role, way) pair that exists: the org role implies only OWNER (org OWNER) and ADMIN (org ADMIN). */
export const HOLDINGS: [ProjectRoleName, Way][] = [
  ['OWNER', 'ORG_ROLE'], ['ADMIN', 'ORG_ROLE'],
  ...(['OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'] as const).flatMap((r) =>
    (['DIRECT', 'TEAM', 'DEFAULT_ROLE'] as const).map((w): [ProjectRoleName, Way] => [r, w])),
];

export const describeHolding = (role: ProjectRoleName, way: Way): string =>
  way === 'ORG_ROLE' ? `a project ${role} by org role ${role}`
    : way === 'DIRECT' ? `a project ${role} by direct grant`
      : way === 'TEAM' ? `a project ${role} through a team`
        : `a project ${role} by the project's default role`;

export interface Holding {
  orgId: string;
  projectId: string;
  /** The org OWNER who created the fixture. */
  owner: SeedUser;
  /** The user holding the role. */
  user: SeedUser;
  teamId: string | null;
}

/** A fresh org and project, with `user` holding project role `role` by way `way` and nothing else. */
export async function seedHolding(t: TestGateway, role: ProjectRoleName, way: Way, label = 'Holder'): Promise<Holding> {
  const owner = await t.seed.user('Fixture Owner');
  const orgId = await t.seed.organization(owner);
  const projectId = await t.seed.project(orgId, undefined, way === 'DEFAULT_ROLE' ? role : null);
  const user = await t.seed.user(label);
  let teamId: string | null = null;
  if (way === 'ORG_ROLE') {
    if (role !== 'OWNER' && role !== 'ADMIN') throw new Error(`No org role implies project ${role}.`);
    await t.seed.member(orgId, user, role);
  } else {
    await t.seed.member(orgId, user, 'MEMBER');
    if (way === 'DIRECT') await t.seed.projectGrant(orgId, projectId, user, role);
    if (way === 'TEAM') {
      teamId = await t.seed.team(orgId);
      await t.seed.teamMember(orgId, teamId, user);
      await t.seed.teamGrant(orgId, teamId, projectId, role);
    }
  }
  return { orgId, projectId, owner, user, teamId };
}

/** How many audit events a user wrote. */
export async function auditCount(t: TestGateway, user: SeedUser): Promise<number> {
  const [row] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_id = $1`, [user.id]);
  return row.n;
}
