import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessControl } from '../../authz/access';
import { isOrgRole, isProjectRole, orgRank, projectRank, type OrgRole, type ProjectRole } from '../../authz/roles';
import { isUuid } from '../../common/ids';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import { AppError, ConflictError, ErrorCode, InputError } from '../../errors';
import type { Logger } from '../../logger';
import type { Mailer } from '../../mail/mailer';
import { type Actor, recordAudit } from '../audit/audit.service';
import { assertSeatAvailable } from '../billing/limits';
import { rowsOf } from '../../db/query';
import { actorMembership, lockOrganization, memberOf, rankRefusal, type MemberRow } from '../organizations/org-lock';
import { INVITATION_COLUMNS, type InvitationRow } from './invitation.loaders';

type UserActor = Actor & { userId: string };

/** Why a token cannot be accepted; in the error's extensions.reason. */
export type InvitationRefusal = 'UNKNOWN' | 'EXPIRED' | 'REVOKED' | 'USED' | 'EMAIL_MISMATCH';

export class InvitationInvalidError extends AppError {
  constructor(reason: InvitationRefusal, message: string) {
    super(ErrorCode.INVITATION_INVALID, message, { reason });
  }
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const MAX_PROJECT_GRANTS = 100;

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = (): string => randomBytes(32).toString('base64url');

interface GrantInput {
  projectId: string;
  role: ProjectRole;
}

/**
 * Invitations (ACCESS-MODEL §5). The token is random, single-use and never stored: only its SHA-256. One
 * pending invitation per (org, email): inviting again revokes the previous one. Mail goes out after the commit.
 */
export class InvitationService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly mailer: Mailer,
    private readonly log: Logger,
  ) {}

  async invite(
    actor: UserActor,
    access: AccessControl,
    input: { orgId: string; email: string; role: string; projectGrants?: { projectId: string; role: string }[] | null },
  ): Promise<{ invitation: InvitationRow; replacedInvitationId: string | null }> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 320) throw new InputError('input.email', 'is not an email address.');
    if (!isOrgRole(input.role)) throw new InputError('input.role', 'is not an organization role.');
    const role: OrgRole = input.role;
    const grants = validateGrants(input.projectGrants ?? []);
    // Project roles come from the request's loaders, so they are read before the transaction starts.
    const myProjectRoles = await Promise.all(grants.map((g) => access.projectRole(g.projectId)));

    const token = newToken();
    const result = await inTransaction(this.db, async (tx) => {
      const org = await lockOrganization(tx, input.orgId);
      const me = await actorMembership(tx, input.orgId, actor.userId);
      if (orgRank(role) > orgRank(me.role)) {
        throw rankRefusal(role === 'OWNER' ? 'org:transferOwnership' : 'member:invite', input.orgId, 'ABOVE_OWN_RANK',
          `You cannot invite someone as ${role}, above your own role (${me.role}).`);
      }
      await assertGrantsAllowed(tx, input.orgId, grants, myProjectRoles);
      const [existing] = await tx.query(
        `SELECT 1 FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2`, [input.orgId, email]);
      if (existing) {
        throw new ConflictError(`${email} is already a member of this organization.`, { field: 'input.email', reason: 'ALREADY_MEMBER' });
      }
      const [replaced] = rowsOf<{ id: string }>(await tx.query(
        `UPDATE invitations SET status = 'REVOKED', revoked_at = now()
          WHERE org_id = $1 AND email = $2 AND status = 'PENDING' RETURNING id`, [input.orgId, email]));
      const [created]: InvitationRow[] = await tx.query(
        `INSERT INTO invitations AS i (org_id, email, role, token_hash, inviter_id, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6::int)) RETURNING ${INVITATION_COLUMNS}`,
        [input.orgId, email, role, hashToken(token), actor.userId, this.config.invitations.ttlHours]);
      if (grants.length) {
        await tx.query(
          `INSERT INTO invitation_project_grants (org_id, invitation_id, project_id, role)
           SELECT $1, $2, g.project_id, g.role FROM unnest($3::uuid[], $4::text[]) AS g(project_id, role)`,
          [input.orgId, created.id, grants.map((g) => g.projectId), grants.map((g) => g.role)]);
      }
      await recordAudit(tx, actor, {
        orgId: input.orgId,
        action: 'invitation.created',
        target: { type: 'Invitation', id: created.id },
        before: replaced ? { replacedInvitationId: replaced.id } : null,
        after: { email, role, projectGrants: grants, expiresAt: created.expiresAt },
      });
      return { invitation: created, replacedInvitationId: replaced?.id ?? null, orgName: org.name };
    });
    await this.sendInvitation(result.invitation, result.orgName, token);
    return { invitation: result.invitation, replacedInvitationId: result.replacedInvitationId };
  }

  /** A new token and expiry for a pending invitation; the previous token no longer matches anything. */
  async resend(actor: UserActor, input: { invitationId: string }): Promise<InvitationRow> {
    const token = newToken();
    const result = await inTransaction(this.db, async (tx) => {
      const current = await this.pendingForAdmin(tx, actor, input.invitationId);
      const [row] = rowsOf<InvitationRow>(await tx.query(
        `UPDATE invitations i SET token_hash = $2, expires_at = now() + make_interval(hours => $3::int)
          WHERE i.id = $1 RETURNING ${INVITATION_COLUMNS}`,
        [current.invitation.id, hashToken(token), this.config.invitations.ttlHours]));
      await recordAudit(tx, actor, {
        orgId: row.orgId,
        action: 'invitation.resent',
        target: { type: 'Invitation', id: row.id },
        before: { expiresAt: current.invitation.expiresAt },
        after: { expiresAt: row.expiresAt },
      });
      return { invitation: row, orgName: current.orgName };
    });
    await this.sendInvitation(result.invitation, result.orgName, token);
    return result.invitation;
  }

  async revoke(actor: UserActor, input: { invitationId: string }): Promise<InvitationRow> {
    return inTransaction(this.db, async (tx) => {
      const current = await this.pendingForAdmin(tx, actor, input.invitationId);
      const [row] = rowsOf<InvitationRow>(await tx.query(
        `UPDATE invitations i SET status = 'REVOKED', revoked_at = now() WHERE i.id = $1 RETURNING ${INVITATION_COLUMNS}`,
        [current.invitation.id]));
      await recordAudit(tx, actor, {
        orgId: row.orgId,
        action: 'invitation.revoked',
        target: { type: 'Invitation', id: row.id },
        before: { status: 'PENDING', email: row.email },
        after: { status: 'REVOKED' },
      });
      return row;
    });
  }

  /** Membership and project grants in one transaction; the seat limit is checked here, under the org lock. */
  async accept(actor: UserActor & { email: string }, token: string): Promise<MemberRow> {
    if (!token || token.length > 200) throw new InvitationInvalidError('UNKNOWN', 'This invitation link is not valid.');
    return inTransaction(this.db, async (tx) => {
      const [found]: { id: string; orgId: string }[] = await tx.query(
        `SELECT id, org_id AS "orgId" FROM invitations WHERE token_hash = $1`, [hashToken(token)]);
      if (!found) {
        throw new InvitationInvalidError('UNKNOWN', 'This invitation link is not valid; it may have been replaced by a newer one.');
      }
      await lockOrganization(tx, found.orgId);
      const [inv]: (InvitationRow & { expired: boolean })[] = await tx.query(
        `SELECT ${INVITATION_COLUMNS}, i.expires_at <= now() AS expired FROM invitations i WHERE i.id = $1`, [found.id]);
      if (inv.status === 'ACCEPTED') throw new InvitationInvalidError('USED', 'This invitation has already been accepted.');
      if (inv.status === 'REVOKED') throw new InvitationInvalidError('REVOKED', 'This invitation has been revoked; ask for a new one.');
      if (inv.expired) throw new InvitationInvalidError('EXPIRED', 'This invitation has expired; ask for a new one.');
      if (inv.email !== actor.email.toLowerCase()) {
        throw new InvitationInvalidError('EMAIL_MISMATCH',
          'This invitation was sent to another email address; sign in with that address to accept it.');
      }
      if (await memberOf(tx, inv.orgId, actor.userId)) {
        throw new ConflictError('You are already a member of this organization.', { reason: 'ALREADY_MEMBER' });
      }
      await assertSeatAvailable(tx, inv.orgId);
      const [member]: MemberRow[] = await tx.query(
        `INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, $3)
         RETURNING org_id AS "orgId", user_id AS "userId", role, created_at AS "joinedAt"`, [inv.orgId, actor.userId, inv.role]);
      const grants: GrantInput[] = await tx.query(
        `INSERT INTO project_members (org_id, project_id, user_id, role)
         SELECT g.org_id, g.project_id, $2, g.role FROM invitation_project_grants g WHERE g.invitation_id = $1
         RETURNING project_id AS "projectId", role`, [inv.id, actor.userId]);
      await tx.query(
        `UPDATE invitations SET status = 'ACCEPTED', accepted_by_id = $2, accepted_at = now() WHERE id = $1`, [inv.id, actor.userId]);
      await recordAudit(tx, actor, {
        orgId: inv.orgId,
        action: 'invitation.accepted',
        target: { type: 'Invitation', id: inv.id },
        before: { status: 'PENDING' },
        after: { status: 'ACCEPTED', userId: actor.userId, role: inv.role, projectGrants: grants },
      });
      return member;
    });
  }

  /** A PENDING invitation of an org the actor still administers (re-read under the org lock). */
  private async pendingForAdmin(tx: EntityManager, actor: UserActor, invitationId: string) {
    const [found]: { orgId: string }[] = await tx.query(`SELECT org_id AS "orgId" FROM invitations WHERE id = $1`, [invitationId]);
    if (!found) throw new InputError('input.invitationId', 'is not an invitation.');
    const org = await lockOrganization(tx, found.orgId);
    const me = await actorMembership(tx, found.orgId, actor.userId);
    const [invitation]: InvitationRow[] = await tx.query(`SELECT ${INVITATION_COLUMNS} FROM invitations i WHERE i.id = $1`, [invitationId]);
    if (invitation.status !== 'PENDING') {
      throw new ConflictError(`The invitation is ${invitation.status.toLowerCase()}, not pending.`, { reason: invitation.status });
    }
    if (orgRank(invitation.role) > orgRank(me.role)) {
      throw rankRefusal('org:transferOwnership', found.orgId, 'OUTRANKED', `Only an OWNER can manage an invitation to become ${invitation.role}.`);
    }
    return { invitation, orgName: org.name };
  }

  private async sendInvitation(invitation: InvitationRow, orgName: string, token: string): Promise<void> {
    const link = new URL(this.config.invitations.acceptUrl);
    link.searchParams.set('token', token);
    try {
      await this.mailer.send({
        to: invitation.email,
        subject: `You are invited to join ${orgName}`,
        text: `You have been invited to join ${orgName} as ${invitation.role}.\n\n` +
          `Accept the invitation: ${link.toString()}\n\nThe link expires at ${new Date(invitation.expiresAt).toISOString()}.`,
      });
    } catch (err) {
      // The invitation is committed; resendInvitation sends it again.
      this.log.error({ err, invitationId: invitation.id }, 'sending the invitation failed');
    }
  }
}

function validateGrants(grants: { projectId: string; role: string }[]): GrantInput[] {
  if (grants.length > MAX_PROJECT_GRANTS) throw new InputError('input.projectGrants', `must have at most ${MAX_PROJECT_GRANTS} entries.`);
  const seen = new Set<string>();
  return grants.map((g, i) => {
    if (!isUuid(g.projectId)) throw new InputError(`input.projectGrants[${i}].projectId`, 'is not a project id.');
    if (!isProjectRole(g.role)) throw new InputError(`input.projectGrants[${i}].role`, 'is not a project role.');
    if (seen.has(g.projectId)) throw new InputError(`input.projectGrants[${i}].projectId`, 'is listed twice.');
    seen.add(g.projectId);
    return { projectId: g.projectId, role: g.role };
  });
}

/** Each project must be in the organization, and the inviter may grant at most their own effective project role. */
async function assertGrantsAllowed(
  tx: EntityManager, orgId: string, grants: GrantInput[], myRoles: ({ role: ProjectRole } | null)[],
): Promise<void> {
  if (!grants.length) return;
  const rows: { id: string }[] = await tx.query(
    `SELECT id FROM projects WHERE org_id = $1 AND id = ANY($2::uuid[])`, [orgId, grants.map((g) => g.projectId)]);
  const inOrg = new Set(rows.map((r) => r.id));
  grants.forEach((g, i) => {
    const mine = myRoles[i];
    if (!inOrg.has(g.projectId) || !mine) {
      throw new InputError(`input.projectGrants[${i}].projectId`, 'is not a project of this organization.');
    }
    if (projectRank(g.role) > projectRank(mine.role) || (mine.role !== 'OWNER' && mine.role !== 'ADMIN')) {
      const e = rankRefusal('projectMember:manage', orgId, 'ABOVE_OWN_RANK',
        `You cannot grant ${g.role} on project "${g.projectId}": your role there is ${mine.role}.`);
      (e.extensions as Record<string, unknown>).resource = { type: 'Project', id: g.projectId };
      throw e;
    }
  });
}
