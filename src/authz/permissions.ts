import type { OrgRole, ProjectRole } from './roles';

/**
 * The permission catalogue and the role table (shared/design/ACCESS-MODEL.md §3). The SDL's `Permission` enum has
 * exactly these keys (checked when the schema is built); policies name a permission, never a role.
 *
 * `scope` says where a permission is evaluated: against the viewer's org role, against their effective project
 * role, or against a single board (which adds "the creator may edit their own board").
 */
export type PermissionScope = 'ORGANIZATION' | 'PROJECT' | 'BOARD';

export const PERMISSIONS = {
  ORG_READ: { name: 'org:read', scope: 'ORGANIZATION' },
  ORG_UPDATE: { name: 'org:update', scope: 'ORGANIZATION' },
  ORG_DELETE: { name: 'org:delete', scope: 'ORGANIZATION' },
  MEMBER_READ: { name: 'member:read', scope: 'ORGANIZATION' },
  MEMBER_INVITE: { name: 'member:invite', scope: 'ORGANIZATION' },
  MEMBER_REMOVE: { name: 'member:remove', scope: 'ORGANIZATION' },
  MEMBER_ASSIGN_ROLE: { name: 'member:assignRole', scope: 'ORGANIZATION' },
  ORG_TRANSFER_OWNERSHIP: { name: 'org:transferOwnership', scope: 'ORGANIZATION' },
  BILLING_READ: { name: 'billing:read', scope: 'ORGANIZATION' },
  BILLING_UPDATE: { name: 'billing:update', scope: 'ORGANIZATION' },
  PLAN_CHANGE: { name: 'plan:change', scope: 'ORGANIZATION' },
  PROJECT_CREATE: { name: 'project:create', scope: 'ORGANIZATION' },
  TEAM_READ: { name: 'team:read', scope: 'ORGANIZATION' },
  TEAM_MANAGE: { name: 'team:manage', scope: 'ORGANIZATION' },
  AUDIT_READ: { name: 'audit:read', scope: 'ORGANIZATION' },

  PROJECT_READ: { name: 'project:read', scope: 'PROJECT' },
  PROJECT_UPDATE: { name: 'project:update', scope: 'PROJECT' },
  PROJECT_DELETE: { name: 'project:delete', scope: 'PROJECT' },
  PROJECT_TRANSFER: { name: 'project:transfer', scope: 'PROJECT' },
  PROJECT_READ_SECRETS: { name: 'project:readSecrets', scope: 'PROJECT' },
  PROJECT_MEMBER_MANAGE: { name: 'projectMember:manage', scope: 'PROJECT' },
  BOARD_READ: { name: 'board:read', scope: 'PROJECT' },
  BOARD_CREATE: { name: 'board:create', scope: 'PROJECT' },
  BOARD_SHARE: { name: 'board:share', scope: 'PROJECT' },
  BOARD_MANAGE_ANY: { name: 'board:manageAny', scope: 'PROJECT' },
  AUDIT_READ_PROJECT: { name: 'audit:readProject', scope: 'PROJECT' },

  /** Edit or delete one board: its creator (while they can read the project) or a holder of board:manageAny. */
  BOARD_UPDATE: { name: 'board:update', scope: 'BOARD' },
} as const satisfies Record<string, { name: string; scope: PermissionScope }>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const permissionName = (p: Permission): string => PERMISSIONS[p].name;
export const permissionScope = (p: Permission): PermissionScope => PERMISSIONS[p].scope;

const ORG_MEMBER_BASE: Permission[] = ['ORG_READ'];

/** Organization scope, by org role. */
export const ORG_ROLE_PERMISSIONS: Record<OrgRole, ReadonlySet<Permission>> = {
  OWNER: new Set<Permission>([
    ...ORG_MEMBER_BASE, 'ORG_UPDATE', 'ORG_DELETE', 'MEMBER_READ', 'MEMBER_INVITE', 'MEMBER_REMOVE',
    'MEMBER_ASSIGN_ROLE', 'ORG_TRANSFER_OWNERSHIP', 'BILLING_READ', 'BILLING_UPDATE', 'PLAN_CHANGE',
    'PROJECT_CREATE', 'TEAM_READ', 'TEAM_MANAGE', 'AUDIT_READ',
  ]),
  ADMIN: new Set<Permission>([
    ...ORG_MEMBER_BASE, 'ORG_UPDATE', 'MEMBER_READ', 'MEMBER_INVITE', 'MEMBER_REMOVE', 'MEMBER_ASSIGN_ROLE',
    'PROJECT_CREATE', 'TEAM_READ', 'TEAM_MANAGE', 'AUDIT_READ',
  ]),
  BILLING_ADMIN: new Set<Permission>([...ORG_MEMBER_BASE, 'BILLING_READ', 'BILLING_UPDATE', 'PLAN_CHANGE']),
  MEMBER: new Set<Permission>(ORG_MEMBER_BASE),
};

const PROJECT_CONSUMER: Permission[] = ['PROJECT_READ', 'BOARD_READ', 'BOARD_CREATE'];
const PROJECT_ANALYST: Permission[] = [...PROJECT_CONSUMER, 'BOARD_SHARE'];
const PROJECT_ADMIN: Permission[] = [
  ...PROJECT_ANALYST, 'PROJECT_UPDATE', 'PROJECT_READ_SECRETS', 'PROJECT_MEMBER_MANAGE', 'BOARD_MANAGE_ANY',
  'AUDIT_READ_PROJECT',
];

/** Project scope, by effective project role. */
export const PROJECT_ROLE_PERMISSIONS: Record<ProjectRole, ReadonlySet<Permission>> = {
  OWNER: new Set<Permission>([...PROJECT_ADMIN, 'PROJECT_DELETE', 'PROJECT_TRANSFER']),
  ADMIN: new Set<Permission>(PROJECT_ADMIN),
  ANALYST: new Set<Permission>(PROJECT_ANALYST),
  CONSUMER: new Set<Permission>(PROJECT_CONSUMER),
};
