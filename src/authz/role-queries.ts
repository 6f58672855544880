import { ORG_ROLE_PERMISSIONS, type Permission } from './permissions';
import { ORG_ROLES, type OrgRole } from './roles';

/**
 * The org roles that hold a permission, read from the role table, for SQL filters that must agree with the
 * policies ("list what the viewer may see") without naming roles in queries.
 */
export function rolesWith(permission: Permission): OrgRole[] {
  return ORG_ROLES.filter((r) => ORG_ROLE_PERMISSIONS[r].has(permission));
}
