import type { OrgRole } from '../../src/authz/roles';
import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditCount, goodCard, M, ORG_ROLES, orgWithEveryRole, type RoleOrg } from './org-fixtures';

/**
 * ACCESS-MODEL §3, organization scope: every administration mutation for every org role. A refused call is
 * FORBIDDEN naming the permission and the organization, and writes nothing (no audit event either).
 */
describe('organization administration: who may call which mutation', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  interface Case {
    mutation: string;
    permission: string;
    allowed: OrgRole[];
    /** Prepares the organization and returns the operation and variables. */
    call: (o: RoleOrg) => Promise<[string, Record<string, unknown>]>;
  }

  const CASES: Case[] = [
    { mutation: 'updateOrganization', permission: 'org:update', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.update, { input: { orgId: o.orgId, name: 'Renamed', settings: { theme: 'dark' } } }] },
    { mutation: 'deleteOrganization', permission: 'org:delete', allowed: ['OWNER'],
      call: async (o) => [M.delete, { input: { orgId: o.orgId } }] },
    { mutation: 'changeMemberRole', permission: 'member:assignRole', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.changeRole, { input: { orgId: o.orgId, userId: o.extra.id, role: 'ADMIN' } }] },
    { mutation: 'removeMember', permission: 'member:remove', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.remove, { input: { orgId: o.orgId, userId: o.extra.id } }] },
    { mutation: 'transferOwnership', permission: 'org:transferOwnership', allowed: ['OWNER'],
      call: async (o) => [M.transfer, { input: { orgId: o.orgId, userId: o.extra.id } }] },
    { mutation: 'inviteMember', permission: 'member:invite', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.invite, { input: { orgId: o.orgId, email: 'new.person@example.com', role: 'MEMBER' } }] },
    { mutation: 'resendInvitation', permission: 'member:invite', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.resend, { input: { invitationId: await invitationIn(o) } }] },
    { mutation: 'revokeInvitation', permission: 'member:invite', allowed: ['OWNER', 'ADMIN'],
      call: async (o) => [M.revoke, { input: { invitationId: await invitationIn(o) } }] },
    { mutation: 'changePlan', permission: 'plan:change', allowed: ['OWNER', 'BILLING_ADMIN'],
      call: async (o) => {
        await t.seed.paymentMethod(o.orgId);
        return [M.changePlan, { input: { orgId: o.orgId, plan: 'GROWTH' } }];
      } },
    { mutation: 'setPaymentMethod', permission: 'billing:update', allowed: ['OWNER', 'BILLING_ADMIN'],
      call: async (o) => [M.setPaymentMethod, { input: goodCard(o.orgId) }] },
    { mutation: 'setBillingEmail', permission: 'billing:update', allowed: ['OWNER', 'BILLING_ADMIN'],
      call: async (o) => [M.setBillingEmail, { input: { orgId: o.orgId, billingEmail: 'billing@example.com' } }] },
  ];

  async function invitationIn(o: RoleOrg): Promise<string> {
    const r = await t.run(o.as.OWNER, M.invite, { input: { orgId: o.orgId, email: 'invitee@example.com', role: 'MEMBER' } });
    return r.data.inviteMember.invitation.id;
  }

  const table = CASES.flatMap((c) => ORG_ROLES.map((role) => ({ ...c, role, ok: c.allowed.includes(role) })));

  it.each(table)('$mutation called by an org $role is allowed: $ok', async ({ mutation, permission, role, ok, call }) => {
    const o = await orgWithEveryRole(t, 'FREE');
    const [query, variables] = await call(o);
    const before = await auditCount(t, o.orgId);
    const r = await t.run(o.as[role], query, variables);
    if (ok) {
      expect(r.errors).toBeUndefined();
      expect(r.data[mutation]).toBeTruthy();
      expect(await auditCount(t, o.orgId)).toBe(before + 1);
    } else {
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions).toMatchObject({ permission, resource: { id: expect.any(String) } });
      expect(await auditCount(t, o.orgId)).toBe(before);
    }
  });

  it.each(CASES)('$mutation answers NOT_FOUND to a signed-in user outside the organization', async ({ call }) => {
    const o = await orgWithEveryRole(t, 'FREE');
    const stranger = await t.seed.user('Stranger');
    const [query, variables] = await call(o);
    const before = await auditCount(t, o.orgId);
    const r = await t.run(stranger, query, variables);
    expect(codes(r)).toEqual(['NOT_FOUND']);
    expect(await auditCount(t, o.orgId)).toBe(before);
  });

  it.each(CASES)('$mutation answers UNAUTHENTICATED without a token', async ({ call }) => {
    const o = await orgWithEveryRole(t, 'FREE');
    const [query, variables] = await call(o);
    expect(codes(await t.run(null, query, variables))).toEqual(['UNAUTHENTICATED']);
  });

  it.each(ORG_ROLES.filter((r) => r !== 'OWNER'))('an org %s may leave the organization', async (role) => {
    const o = await orgWithEveryRole(t);
    const r = await t.run(o.as[role], M.leave, { input: { orgId: o.orgId } });
    expect(r.errors).toBeUndefined();
    expect(r.data.leaveOrganization.leftOrganizationId).toBe(o.orgId);
    const after = await t.run(o.as[role], `query($id: ID!) { organization(id: $id) { id } }`, { id: o.orgId });
    expect(after.data.organization).toBeNull();
  });
});
