import type { OrgRole } from '../../src/authz/roles';
import type { PlanName } from '../../src/modules/billing/plans';
import type { MemoryMailer } from '../../src/mail/mailer';
import type { SeedUser } from '../../src/seed/builders';
import type { TestGateway } from '../testkit/gateway';

export const ORG_ROLES: OrgRole[] = ['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'];

export interface RoleOrg {
  orgId: string;
  /** One user per org role. */
  as: Record<OrgRole, SeedUser>;
  /** A further MEMBER to act on. */
  extra: SeedUser;
}

/** A new organization with one member of each role plus an extra MEMBER; each test file seeds its own. */
export async function orgWithEveryRole(t: TestGateway, plan: PlanName = 'ENTERPRISE'): Promise<RoleOrg> {
  const owner = await t.seed.user('Owner');
  const orgId = await t.seed.organization(owner, undefined, plan);
  const as = { OWNER: owner } as Record<OrgRole, SeedUser>;
  for (const role of ['ADMIN', 'BILLING_ADMIN', 'MEMBER'] as const) {
    as[role] = await t.seed.user(role);
    await t.seed.member(orgId, as[role], role);
  }
  const extra = await t.seed.user('Extra');
  await t.seed.member(orgId, extra, 'MEMBER');
  return { orgId, as, extra };
}

export async function auditCount(t: TestGateway, orgId: string): Promise<number> {
  const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1`, [orgId]);
  return n;
}

export async function auditActions(t: TestGateway, orgId: string): Promise<string[]> {
  const rows = await t.db.dataSource.query(`SELECT action FROM audit_events WHERE org_id = $1 ORDER BY id`, [orgId]);
  return rows.map((r: { action: string }) => r.action);
}

export async function roleOf(t: TestGateway, orgId: string, user: SeedUser): Promise<OrgRole | null> {
  const [row] = await t.db.dataSource.query(`SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgId, user.id]);
  return row?.role ?? null;
}

export const mailbox = (t: TestGateway) => t.gateway.services.mailer as MemoryMailer;

/** The token of the last invitation mailed to `email`. */
export function tokenMailedTo(t: TestGateway, email: string): string {
  const mail = mailbox(t).lastTo(email);
  if (!mail) throw new Error(`No mail was sent to ${email}.`);
  const m = /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error('The mail has no token link.');
  return m[1];
}

export const M = {
  update: `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id name settings } } }`,
  delete: `mutation($input: DeleteOrganizationInput!) { deleteOrganization(input: $input) { deletedOrganizationId } }`,
  changeRole: `mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { membership { role user { id } } } }`,
  remove: `mutation($input: RemoveMemberInput!) { removeMember(input: $input) { removedUserId revokedInvitationCount } }`,
  leave: `mutation($input: LeaveOrganizationInput!) { leaveOrganization(input: $input) { leftOrganizationId } }`,
  transfer: `mutation($input: TransferOwnershipInput!) { transferOwnership(input: $input) { newOwner { role user { id } } viewerMembership { role } } }`,
  invite: `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id email role status expiresAt projectGrants { role project { id } } } replacedInvitationId } }`,
  resend: `mutation($input: InvitationIdInput!) { resendInvitation(input: $input) { invitation { id status expiresAt } } }`,
  revoke: `mutation($input: InvitationIdInput!) { revokeInvitation(input: $input) { invitation { id status } } }`,
  accept: `mutation($token: String!) { acceptInvitation(token: $token) { membership { role organization { id } user { id } } } }`,
  changePlan: `mutation($input: ChangePlanInput!) { changePlan(input: $input) { organization { plan } billing { plan { name } seatsUsed projectsUsed } } }`,
  setPaymentMethod: `mutation($input: SetPaymentMethodInput!) { setPaymentMethod(input: $input) { paymentMethod { brand last4 expMonth expYear } } }`,
  setBillingEmail: `mutation($input: SetBillingEmailInput!) { setBillingEmail(input: $input) { billing { billingEmail } } }`,
};

export const goodCard = (orgId: string) => ({
  orgId, processorToken: 'pm_1Nabcdef', brand: 'visa', last4: '4242', expMonth: 12, expYear: new Date().getUTCFullYear() + 3,
});
