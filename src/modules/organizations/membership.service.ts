import type { DataSource, EntityManager } from 'typeorm';
import { ORG_ROLE_PERMISSIONS, permissionName, type Permission } from '../../authz/permissions';
import { isOrgRole, orgRank, type OrgRole } from '../../authz/roles';
import { isUuid } from '../../common/ids';
import { rowsOf } from '../../db/query';
import { inTransaction } from '../../db/transaction';
import { ConflictError, ErrorCode, InputError, NotFoundError } from '../../errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import {
  actorMembership, lockOrganization, memberOf, ownerCount, rankRefusal, revokeInvitationsSentBy,
  type MemberRow,
} from './org-lock';

type UserActor = Actor & { userId: string };

const lastOwner = () =>
  new ConflictError('An organization must keep at least one owner: make another member an OWNER first.', {}, ErrorCode.LAST_OWNER);

/**
 * Memberships and org roles, with every rank rule of ACCESS-MODEL §4. Each change locks the organization row
 * first and re-reads the actor's and the target's roles under that lock; the deferred trigger
 * tr_org_members_keep_an_owner is the backstop for the last-owner rule.
 */
export class MembershipService {
  constructor(private readonly db: DataSource) {}

  async changeRole(actor: UserActor, input: { orgId: string; userId: string; role: string }): Promise<MemberRow> {
    const role = validRole(input.role, 'input.role');
    return inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const me = await actorMembership(tx, input.orgId, actor.userId);
      requirePermission(me, 'MEMBER_ASSIGN_ROLE', input.orgId);
      const target = await targetMember(tx, input.orgId, input.userId, 'input.userId');
      const self = target.userId === actor.userId;
      if (self) {
        if (me.role !== 'OWNER') {
          throw rankRefusal('member:assignRole', input.orgId, 'SELF_ROLE_CHANGE', 'Nobody can change their own role; ask an OWNER or ADMIN.');
        }
        if (role !== 'OWNER' && (await ownerCount(tx, input.orgId)) <= 1) throw lastOwner();
      } else {
        assertMayActOn(me, target, input.orgId, 'member:assignRole');
        if (role === 'OWNER' && me.role !== 'OWNER') {
          throw rankRefusal('org:transferOwnership', input.orgId, 'ONLY_OWNER_GRANTS_OWNER', 'Only an OWNER can make someone an OWNER.');
        }
        if (orgRank(role) > orgRank(me.role)) {
          throw rankRefusal('member:assignRole', input.orgId, 'ABOVE_OWN_RANK', `You cannot assign a role above your own (${me.role}).`);
        }
      }
      if (target.role === role) return target;
      if (target.role === 'OWNER' && (await ownerCount(tx, input.orgId)) <= 1) throw lastOwner();
      const updated = await setRole(tx, input.orgId, target.userId, role);
      // A demoted inviter's pending invitations must not hand out what they can no longer grant.
      const revokedInvitations = await revokeInvitationsSentBy(tx, input.orgId, target.userId, role);
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: self ? 'member.steppedDown' : 'member.roleChanged',
        target: { type: 'User', id: target.userId },
        before: { role: target.role },
        after: revokedInvitations ? { role, revokedInvitations } : { role },
      });
      return updated;
    });
  }

  async remove(actor: UserActor, input: { orgId: string; userId: string }): Promise<{ revokedInvitationCount: number }> {
    return inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const me = await actorMembership(tx, input.orgId, actor.userId);
      requirePermission(me, 'MEMBER_REMOVE', input.orgId);
      const target = await targetMember(tx, input.orgId, input.userId, 'input.userId');
      if (target.userId === actor.userId) {
        throw rankRefusal('member:remove', input.orgId, 'SELF_REMOVAL', 'To remove yourself, use leaveOrganization.');
      }
      assertMayActOn(me, target, input.orgId, 'member:remove');
      if (target.role === 'OWNER' && (await ownerCount(tx, input.orgId)) <= 1) throw lastOwner();
      const revoked = await deleteMember(tx, input.orgId, target.userId);
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'member.removed',
        target: { type: 'User', id: target.userId },
        before: { role: target.role },
        after: { revokedInvitations: revoked },
      });
      return { revokedInvitationCount: revoked };
    });
  }

  async leave(actor: UserActor, input: { orgId: string }): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const me = await actorMembership(tx, input.orgId, actor.userId);
      if (me.role === 'OWNER' && (await ownerCount(tx, input.orgId)) <= 1) throw lastOwner();
      const revoked = await deleteMember(tx, input.orgId, actor.userId);
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'member.left',
        target: { type: 'User', id: actor.userId },
        before: { role: me.role },
        after: { revokedInvitations: revoked },
      });
    });
  }

  /** Makes another member an OWNER; with stepDown the actor becomes an ADMIN in the same transaction. */
  async transferOwnership(
    actor: UserActor,
    input: { orgId: string; userId: string; stepDown?: boolean | null },
  ): Promise<{ newOwner: MemberRow; viewer: MemberRow }> {
    return inTransaction(this.db, async (tx) => {
      await lockOrganization(tx, input.orgId);
      const me = await actorMembership(tx, input.orgId, actor.userId);
      requirePermission(me, 'ORG_TRANSFER_OWNERSHIP', input.orgId);
      const target = await targetMember(tx, input.orgId, input.userId, 'input.userId');
      if (target.userId === actor.userId) throw new InputError('input.userId', 'must be another member of the organization.');
      if (target.role === 'OWNER' && !input.stepDown) {
        throw new ConflictError('That member is already an OWNER.', { field: 'input.userId' });
      }
      const newOwner = target.role === 'OWNER' ? target : await setRole(tx, input.orgId, target.userId, 'OWNER');
      const viewer = input.stepDown ? await setRole(tx, input.orgId, actor.userId, 'ADMIN') : me;
      if (input.stepDown) await revokeInvitationsSentBy(tx, input.orgId, actor.userId, 'ADMIN');
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'organization.ownershipTransferred',
        target: { type: 'User', id: target.userId },
        before: { role: target.role, actorRole: me.role },
        after: { role: 'OWNER', actorRole: viewer.role },
      });
      return { newOwner, viewer };
    });
  }
}

function validRole(role: string, field: string): OrgRole {
  if (!isOrgRole(role)) throw new InputError(field, 'is not an organization role.');
  return role;
}

/** The actor's fresh role must still hold the permission the policy checked before the transaction. */
function requirePermission(me: MemberRow, permission: Permission, orgId: string): void {
  if (!ORG_ROLE_PERMISSIONS[me.role].has(permission)) {
    throw rankRefusal(permissionName(permission), orgId, 'PERMISSION', `You need the "${permissionName(permission)}" permission on organization "${orgId}".`);
  }
}

/** ADMINs (and anyone below) cannot act on an OWNER; nobody acts on someone who outranks them. */
function assertMayActOn(me: MemberRow, target: MemberRow, orgId: string, permission: string): void {
  if (orgRank(target.role) > orgRank(me.role)) {
    throw rankRefusal(permission, orgId, 'OUTRANKED', `A ${me.role} cannot change or remove a ${target.role}.`);
  }
}

async function targetMember(tx: EntityManager, orgId: string, userId: string, field: string): Promise<MemberRow> {
  if (!isUuid(userId)) throw new InputError(field, 'is not a user id.');
  const m = await memberOf(tx, orgId, userId);
  if (!m) throw new NotFoundError('OrgMembership', userId);
  return m;
}

async function setRole(tx: EntityManager, orgId: string, userId: string, role: OrgRole): Promise<MemberRow> {
  const [row] = rowsOf<MemberRow>(await tx.query(
    `UPDATE org_members SET role = $3 WHERE org_id = $1 AND user_id = $2
     RETURNING org_id AS "orgId", user_id AS "userId", role, created_at AS "joinedAt"`, [orgId, userId, role]));
  return row;
}

/** Project grants and team memberships go with the membership (FK cascade); pending invitations they sent are revoked. */
async function deleteMember(tx: EntityManager, orgId: string, userId: string): Promise<number> {
  const revoked = await revokeInvitationsSentBy(tx, orgId, userId);
  await tx.query(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, userId]);
  return revoked;
}
