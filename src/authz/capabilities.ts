import type { Permission } from './permissions';

/** Backs the viewerCan… objects: each capability field reads one permission from this set. */
export type PermissionSet = ReadonlySet<Permission>;

export const ORGANIZATION_CAPABILITIES = {
  update: 'ORG_UPDATE',
  delete: 'ORG_DELETE',
  readMembers: 'MEMBER_READ',
  inviteMembers: 'MEMBER_INVITE',
  removeMembers: 'MEMBER_REMOVE',
  assignRoles: 'MEMBER_ASSIGN_ROLE',
  transferOwnership: 'ORG_TRANSFER_OWNERSHIP',
  readBilling: 'BILLING_READ',
  updateBilling: 'BILLING_UPDATE',
  changePlan: 'PLAN_CHANGE',
  createProject: 'PROJECT_CREATE',
  readTeams: 'TEAM_READ',
  manageTeams: 'TEAM_MANAGE',
  readAuditLog: 'AUDIT_READ',
} as const satisfies Record<string, Permission>;

export const PROJECT_CAPABILITIES = {
  update: 'PROJECT_UPDATE',
  delete: 'PROJECT_DELETE',
  transfer: 'PROJECT_TRANSFER',
  readSecrets: 'PROJECT_READ_SECRETS',
  manageMembers: 'PROJECT_MEMBER_MANAGE',
  readBoards: 'BOARD_READ',
  createBoards: 'BOARD_CREATE',
  shareBoards: 'BOARD_SHARE',
  manageAnyBoard: 'BOARD_MANAGE_ANY',
  readAuditLog: 'AUDIT_READ_PROJECT',
} as const satisfies Record<string, Permission>;

/** Resolvers for a capability type: one boolean field per entry of `map`. */
export function capabilityResolvers(map: Record<string, Permission>) {
  return Object.fromEntries(
    Object.entries(map).map(([field, permission]) => [field, (set: PermissionSet) => set.has(permission)]),
  );
}
