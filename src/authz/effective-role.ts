import { higherProjectRole, impliedProjectRole, type OrgRole, type ProjectRole } from './roles';

/** What the database says about one user and one project: every source a project role can come from. */
export interface ProjectAccessFacts {
  projectId: string;
  orgId: string;
  userId: string;
  orgRole: OrgRole | null;
  directRole: ProjectRole | null;
  defaultRole: ProjectRole | null;
  teamGrants: { teamId: string; teamName: string; role: ProjectRole }[];
}

export type GrantSource = 'ORG_ROLE' | 'DIRECT' | 'TEAM' | 'DEFAULT_ROLE';

export interface RoleGrant {
  source: GrantSource;
  role: ProjectRole;
  teamId?: string;
  teamName?: string;
}

export interface EffectiveProjectRole {
  role: ProjectRole;
  grants: RoleGrant[];
}

/**
 * ACCESS-MODEL §2: the effective role is the highest of the org-implied role, the direct grant, every team grant
 * and the project's default role. Grants only add; without an org membership there is nothing at all.
 */
export function effectiveProjectRole(f: ProjectAccessFacts): EffectiveProjectRole | null {
  if (!f.orgRole) return null;
  const grants: RoleGrant[] = [];
  const implied = impliedProjectRole(f.orgRole);
  if (implied) grants.push({ source: 'ORG_ROLE', role: implied });
  if (f.directRole) grants.push({ source: 'DIRECT', role: f.directRole });
  for (const t of f.teamGrants) grants.push({ source: 'TEAM', role: t.role, teamId: t.teamId, teamName: t.teamName });
  if (f.defaultRole) grants.push({ source: 'DEFAULT_ROLE', role: f.defaultRole });
  const role = grants.reduce<ProjectRole | null>((best, g) => higherProjectRole(best, g.role), null);
  return role ? { role, grants } : null;
}

/** What the API shows: the role may be null (no access), the grants explain it. */
export interface EffectiveRoleView {
  role: ProjectRole | null;
  grants: RoleGrant[];
}
