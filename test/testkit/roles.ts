import type { SeedBuilder, SeedUser } from '../../src/seed/builders';

/** ACCESS-MODEL §2: the ways a user can hold a project role. */
export type Way = 'direct' | 'team' | 'org' | 'default';
export type ProjectRoleName = 'OWNER' | 'ADMIN' | 'ANALYST' | 'CONSUMER';
export type OrgRoleName = 'OWNER' | 'ADMIN' | 'BILLING_ADMIN' | 'MEMBER';

/** The GrantSource each way shows up as in Project.viewerRole.grants and Project.members.grants. */
export const SOURCE_OF: Record<Way, 'DIRECT' | 'TEAM' | 'ORG_ROLE' | 'DEFAULT_ROLE'> = {
  direct: 'DIRECT',
  team: 'TEAM',
  org: 'ORG_ROLE',
  default: 'DEFAULT_ROLE',
};

export interface Holder {
  user: SeedUser;
  projectId: string;
  /** For the 'team' way: the team whose grant carries the role. */
  team?: { id: string; name: string };
}

let counter = 0;

/**
 * Seeds, in a fresh project of `orgId`, a new user who holds project role `role` in exactly one way:
 * - direct: org MEMBER with a direct project grant;
 * - team: org MEMBER in a team that holds a project grant;
 * - org: org OWNER (project OWNER) or org ADMIN (project ADMIN), no grant at all;
 * - default: org MEMBER, the project's default role for all org members is `role`.
 */
export async function holdProjectRole(seed: SeedBuilder, orgId: string, role: ProjectRoleName, way: Way): Promise<Holder> {
  const n = ++counter;
  const user = await seed.user(`Holder ${way} ${role} ${n}`);
  switch (way) {
    case 'direct': {
      await seed.member(orgId, user, 'MEMBER');
      const projectId = await seed.project(orgId, `Direct ${role} ${n}`);
      await seed.projectGrant(orgId, projectId, user, role);
      return { user, projectId };
    }
    case 'team': {
      await seed.member(orgId, user, 'MEMBER');
      const projectId = await seed.project(orgId, `Team ${role} ${n}`);
      const name = `Team of ${role} ${n}`;
      const teamId = await seed.team(orgId, name);
      await seed.teamMember(orgId, teamId, user);
      await seed.teamGrant(orgId, teamId, projectId, role);
      return { user, projectId, team: { id: teamId, name } };
    }
    case 'org': {
      if (role !== 'OWNER' && role !== 'ADMIN') throw new Error(`No org role implies project role ${role}`);
      await seed.member(orgId, user, role);
      const projectId = await seed.project(orgId, `Implied ${role} ${n}`);
      return { user, projectId };
    }
    case 'default': {
      await seed.member(orgId, user, 'MEMBER');
      const projectId = await seed.project(orgId, `Default ${role} ${n}`, role);
      return { user, projectId };
    }
  }
}

/** ACCESS-MODEL §3, organization scope, as Organization.viewerCan. */
export function orgCapabilities(role: OrgRoleName): Record<string, boolean> {
  const O = role === 'OWNER';
  const OA = role === 'OWNER' || role === 'ADMIN';
  const OB = role === 'OWNER' || role === 'BILLING_ADMIN';
  return {
    update: OA,
    delete: O,
    readMembers: OA,
    inviteMembers: OA,
    removeMembers: OA,
    assignRoles: OA,
    transferOwnership: O,
    readBilling: OB,
    updateBilling: OB,
    changePlan: OB,
    createProject: OA,
    readTeams: OA,
    manageTeams: OA,
    readAuditLog: OA,
  };
}

/** ACCESS-MODEL §3, project scope, as Project.viewerCan. */
export function projectCapabilities(role: ProjectRoleName): Record<string, boolean> {
  const O = role === 'OWNER';
  const OA = role === 'OWNER' || role === 'ADMIN';
  return {
    update: OA,
    delete: O,
    transfer: O,
    readSecrets: OA,
    manageMembers: OA,
    readBoards: true,
    createBoards: true,
    shareBoards: role !== 'CONSUMER',
    manageAnyBoard: OA,
    readAuditLog: OA,
  };
}

export const ORG_CAN_FIELDS = Object.keys(orgCapabilities('OWNER')).join(' ');
export const PROJECT_CAN_FIELDS = Object.keys(projectCapabilities('OWNER')).join(' ');
