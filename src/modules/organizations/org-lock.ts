import type { EntityManager } from 'typeorm';
import { ORG_ROLE_PERMISSIONS } from '../../authz/permissions';
import { ORG_ROLES, orgRank, type OrgRole } from '../../authz/roles';
import { ForbiddenError, NotFoundError } from '../../errors';
import { rowsOf } from '../../db/query';
import type { OrganizationRow } from './organization.loaders';

/**
 * Helpers for the organization mutations. Every membership, invitation and billing change starts by locking the
 * organization row (SELECT ... FOR UPDATE), so concurrent changes to the same organization run one after another
 * and each sees what the previous one committed (the "last owner" rule, seat counts, pending invitations).
 */
export async function lockOrganization(tx: EntityManager, orgId: string): Promise<OrganizationRow> {
  const [org]: OrganizationRow[] = await tx.query(
    `SELECT id, slug, name, settings, plan, created_at AS "createdAt" FROM organizations WHERE id = $1 FOR UPDATE`,
    [orgId]);
  if (!org) throw new NotFoundError('Organization', orgId);
  return org;
}

export interface MemberRow {
  orgId: string;
  userId: string;
  role: OrgRole;
  joinedAt: Date;
}

export async function memberOf(tx: EntityManager, orgId: string, userId: string): Promise<MemberRow | null> {
  const [row]: MemberRow[] = await tx.query(
    `SELECT org_id AS "orgId", user_id AS "userId", role, created_at AS "joinedAt"
       FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, userId]);
  return row ?? null;
}

/**
 * The actor's role, read again after the lock: the policy checked it before the transaction, and a concurrent
 * change may have removed or demoted them since. Gone: the organization is invisible to them (NOT_FOUND).
 */
export async function actorMembership(tx: EntityManager, orgId: string, userId: string): Promise<MemberRow> {
  const m = await memberOf(tx, orgId, userId);
  if (!m) throw new NotFoundError('Organization', orgId);
  return m;
}

export async function ownerCount(tx: EntityManager, orgId: string): Promise<number> {
  const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM org_members WHERE org_id = $1 AND role = 'OWNER'`, [orgId]);
  return n;
}

/**
 * Revokes the pending invitations a member sent in an organization that their role `role` could no longer send:
 * all of them when they leave (null) or lose member:invite, those above their new rank otherwise. The number revoked.
 */
export async function revokeInvitationsSentBy(tx: EntityManager, orgId: string, userId: string, role: OrgRole | null = null): Promise<number> {
  const stillAllowed = role && ORG_ROLE_PERMISSIONS[role].has('MEMBER_INVITE')
    ? ORG_ROLES.filter((r) => orgRank(r) <= orgRank(role))
    : [];
  const rows = rowsOf(await tx.query(
    `UPDATE invitations SET status = 'REVOKED', revoked_at = now()
      WHERE org_id = $1 AND inviter_id = $2 AND status = 'PENDING' AND NOT (role = ANY($3::text[])) RETURNING id`,
    [orgId, userId, stillAllowed]));
  return rows.length;
}

/**
 * A refused rank rule (ACCESS-MODEL §4): FORBIDDEN, naming the permission the rule protects, the organization,
 * and the rule in `extensions.rule` so a client can explain it.
 */
export function rankRefusal(permission: string, orgId: string, rule: string, message: string): ForbiddenError {
  const e = new ForbiddenError(permission, { type: 'Organization', id: orgId }, message);
  (e.extensions as Record<string, unknown>).rule = rule;
  return e;
}
