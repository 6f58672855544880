/**
 * The two role ladders of the access model (shared/design/ACCESS-MODEL.md §2). Ranks decide who may act on whom;
 * what a role may do is the permission table in permissions.ts, never a comparison with a role name.
 */
export const ORG_ROLES = ['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const PROJECT_ROLES = ['OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** BILLING_ADMIN and MEMBER share a rank: neither outranks the other. */
const ORG_RANK: Record<OrgRole, number> = { OWNER: 3, ADMIN: 2, BILLING_ADMIN: 1, MEMBER: 1 };
const PROJECT_RANK: Record<ProjectRole, number> = { OWNER: 4, ADMIN: 3, ANALYST: 2, CONSUMER: 1 };

export const orgRank = (role: OrgRole): number => ORG_RANK[role];
export const projectRank = (role: ProjectRole): number => PROJECT_RANK[role];

/** The higher of two project roles; null stands for "no role". */
export function higherProjectRole(a: ProjectRole | null, b: ProjectRole | null): ProjectRole | null {
  if (!a) return b;
  if (!b) return a;
  return PROJECT_RANK[a] >= PROJECT_RANK[b] ? a : b;
}

/** The project role an org role implies in every project of the organization (§2.1). */
export function impliedProjectRole(orgRole: OrgRole | null): ProjectRole | null {
  if (orgRole === 'OWNER') return 'OWNER';
  if (orgRole === 'ADMIN') return 'ADMIN';
  return null;
}

export const isOrgRole = (v: unknown): v is OrgRole => ORG_ROLES.includes(v as OrgRole);
export const isProjectRole = (v: unknown): v is ProjectRole => PROJECT_ROLES.includes(v as ProjectRole);
