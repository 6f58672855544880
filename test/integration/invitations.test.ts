import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditActions, auditCount, M, mailbox, orgWithEveryRole, roleOf, tokenMailedTo } from './org-fixtures';

/** ACCESS-MODEL §5, invitations: invite, resend, revoke, accept, and every way accepting can fail. */
describe('invitations', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ INVITATION_ACCEPT_URL: 'https://app.example.com/accept' });
  });
  afterAll(() => t.stop());

  const invite = (as: Parameters<TestGateway['run']>[0], input: Record<string, unknown>) => t.run(as, M.invite, { input });

  it('an invitation mails a single-use link, stores only the token hash and expires after 7 days', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.ADMIN, { orgId: o.orgId, email: invitee.email.toUpperCase(), role: 'MEMBER' });
    expect(r.errors).toBeUndefined();
    expect(r.data.inviteMember.invitation).toMatchObject({ email: invitee.email, role: 'MEMBER', status: 'PENDING' });
    const days = (Date.parse(r.data.inviteMember.invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeCloseTo(7, 1);
    const mail = mailbox(t).lastTo(invitee.email)!;
    expect(mail.text).toContain('https://app.example.com/accept?token=');
    const token = tokenMailedTo(t, invitee.email);
    const [row] = await t.db.dataSource.query(`SELECT token_hash FROM invitations WHERE id = $1`, [r.data.inviteMember.invitation.id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);

    const accepted = await t.run(invitee, M.accept, { token });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptInvitation.membership).toMatchObject({ role: 'MEMBER', organization: { id: o.orgId } });
    expect(await auditActions(t, o.orgId)).toEqual(['invitation.created', 'invitation.accepted']);

    const again = await t.run(invitee, M.accept, { token });
    expect(codes(again)).toEqual(['INVITATION_INVALID']);
    expect(again.errors![0].extensions!.reason).toBe('USED');
  });

  it('accepting creates the membership and the invited project grants in one transaction', async () => {
    const o = await orgWithEveryRole(t);
    const p1 = await t.seed.project(o.orgId);
    const p2 = await t.seed.project(o.orgId);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.OWNER, {
      orgId: o.orgId, email: invitee.email, role: 'BILLING_ADMIN',
      projectGrants: [{ projectId: p1, role: 'ANALYST' }, { projectId: p2, role: 'OWNER' }],
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.inviteMember.invitation.projectGrants).toHaveLength(2);
    const accepted = await t.run(invitee, M.accept, { token: tokenMailedTo(t, invitee.email) });
    expect(accepted.errors).toBeUndefined();
    expect(await roleOf(t, o.orgId, invitee)).toBe('BILLING_ADMIN');
    const grants = await t.db.dataSource.query(
      `SELECT project_id AS "projectId", role FROM project_members WHERE user_id = $1 ORDER BY role`, [invitee.id]);
    expect(grants).toEqual([{ projectId: p1, role: 'ANALYST' }, { projectId: p2, role: 'OWNER' }]);
  });

  it.each([
    ['ADMIN', 'OWNER', 'FORBIDDEN'],
    ['ADMIN', 'ADMIN', null],
    ['ADMIN', 'BILLING_ADMIN', null],
    ['OWNER', 'OWNER', null],
  ] as const)('an org %s inviting someone as %s gets %s', async (inviter, role, code) => {
    const o = await orgWithEveryRole(t);
    const r = await invite(o.as[inviter], { orgId: o.orgId, email: `x.${role.toLowerCase()}@example.com`, role });
    if (code) {
      expect(codes(r)).toEqual([code]);
      expect(r.errors![0].extensions).toMatchObject({ permission: 'org:transferOwnership', rule: 'ABOVE_OWN_RANK' });
      expect(await auditCount(t, o.orgId)).toBe(0);
    } else {
      expect(r.errors).toBeUndefined();
    }
  });

  it('an org ADMIN cannot grant project OWNER through an invitation, an OWNER can', async () => {
    const o = await orgWithEveryRole(t);
    const p = await t.seed.project(o.orgId);
    const byAdmin = await invite(o.as.ADMIN, { orgId: o.orgId, email: 'p@example.com', role: 'MEMBER', projectGrants: [{ projectId: p, role: 'OWNER' }] });
    expect(codes(byAdmin)).toEqual(['FORBIDDEN']);
    expect(byAdmin.errors![0].extensions).toMatchObject({ permission: 'projectMember:manage', resource: { type: 'Project', id: p } });
    const byOwner = await invite(o.as.OWNER, { orgId: o.orgId, email: 'p@example.com', role: 'MEMBER', projectGrants: [{ projectId: p, role: 'OWNER' }] });
    expect(byOwner.errors).toBeUndefined();
  });

  it('a project of another organization cannot be granted, naming the field', async () => {
    const o = await orgWithEveryRole(t);
    const other = await orgWithEveryRole(t);
    const foreign = await t.seed.project(other.orgId);
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: 'p@example.com', role: 'MEMBER', projectGrants: [{ projectId: foreign, role: 'CONSUMER' }] });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.projectGrants[0].projectId' });
  });

  it.each([
    ['not-an-email', 'input.email'],
    ['', 'input.email'],
  ])('inviting %p is refused naming %s', async (email, field) => {
    const o = await orgWithEveryRole(t);
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email, role: 'MEMBER' });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('inviting an existing member is a CONFLICT', async () => {
    const o = await orgWithEveryRole(t);
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: o.as.MEMBER.email, role: 'ADMIN' });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(r.errors![0].extensions!.reason).toBe('ALREADY_MEMBER');
    expect(await auditCount(t, o.orgId)).toBe(0);
  });

  it('inviting the same email again replaces the pending invitation and its old link', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const first = await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER' });
    const oldToken = tokenMailedTo(t, invitee.email);
    const second = await invite(o.as.ADMIN, { orgId: o.orgId, email: invitee.email, role: 'ADMIN' });
    expect(second.errors).toBeUndefined();
    expect(second.data.inviteMember.replacedInvitationId).toBe(first.data.inviteMember.invitation.id);
    const pending = await t.run(o.as.OWNER, `query($id: ID!) { organization(id: $id) { invitations { nodes { id role } } } }`, { id: o.orgId });
    expect(pending.data.organization.invitations.nodes).toEqual([{ id: second.data.inviteMember.invitation.id, role: 'ADMIN' }]);
    const old = await t.run(invitee, M.accept, { token: oldToken });
    expect(old.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'REVOKED' });
  });

  it('resending gives a new link; the old one stops working', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER' });
    const oldToken = tokenMailedTo(t, invitee.email);
    const resent = await t.run(o.as.ADMIN, M.resend, { input: { invitationId: r.data.inviteMember.invitation.id } });
    expect(resent.errors).toBeUndefined();
    const newToken = tokenMailedTo(t, invitee.email);
    expect(newToken).not.toBe(oldToken);
    const old = await t.run(invitee, M.accept, { token: oldToken });
    expect(old.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'UNKNOWN' });
    expect((await t.run(invitee, M.accept, { token: newToken })).errors).toBeUndefined();
    expect(await auditActions(t, o.orgId)).toEqual(['invitation.created', 'invitation.resent', 'invitation.accepted']);
  });

  it('a revoked invitation cannot be accepted, resent or revoked again', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER' });
    const id = r.data.inviteMember.invitation.id;
    const revoked = await t.run(o.as.ADMIN, M.revoke, { input: { invitationId: id } });
    expect(revoked.data.revokeInvitation.invitation.status).toBe('REVOKED');
    const accept = await t.run(invitee, M.accept, { token: tokenMailedTo(t, invitee.email) });
    expect(accept.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'REVOKED' });
    expect(codes(await t.run(o.as.OWNER, M.revoke, { input: { invitationId: id } }))).toEqual(['CONFLICT']);
    expect(codes(await t.run(o.as.OWNER, M.resend, { input: { invitationId: id } }))).toEqual(['CONFLICT']);
    expect(await roleOf(t, o.orgId, invitee)).toBeNull();
  });

  it('an expired invitation cannot be accepted', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER' });
    await t.db.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [r.data.inviteMember.invitation.id]);
    const accept = await t.run(invitee, M.accept, { token: tokenMailedTo(t, invitee.email) });
    expect(accept.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'EXPIRED' });
    expect(await roleOf(t, o.orgId, invitee)).toBeNull();
  });

  it('a signed-in user with another email cannot accept', async () => {
    const o = await orgWithEveryRole(t);
    const invitee = await t.seed.user('Invitee');
    const someoneElse = await t.seed.user('Someone else');
    await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER' });
    const accept = await t.run(someoneElse, M.accept, { token: tokenMailedTo(t, invitee.email) });
    expect(accept.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'EMAIL_MISMATCH' });
    expect(await roleOf(t, o.orgId, someoneElse)).toBeNull();
  });

  it('accepting without signing in is UNAUTHENTICATED and a made-up token is INVITATION_INVALID', async () => {
    const user = await t.seed.user('Guesser');
    expect(codes(await t.run(null, M.accept, { token: 'whatever' }))).toEqual(['UNAUTHENTICATED']);
    const r = await t.run(user, M.accept, { token: 'A'.repeat(43) });
    expect(r.errors![0].extensions).toMatchObject({ code: 'INVITATION_INVALID', reason: 'UNKNOWN' });
  });

  it.each([
    ['an ADMIN demoted to MEMBER', 'ADMIN', 'MEMBER', 'MEMBER', 'REVOKED'],
    ['an OWNER stepped down to ADMIN, for an OWNER invitation', 'OWNER', 'ADMIN', 'OWNER', 'REVOKED'],
    ['an OWNER stepped down to ADMIN, for a MEMBER invitation', 'OWNER', 'ADMIN', 'MEMBER', 'PENDING'],
  ] as const)('the pending invitations of %s follow what they may still grant', async (_case, from, to, invitedRole, status) => {
    const o = await orgWithEveryRole(t);
    const inviter = from === 'OWNER' ? o.as.OWNER : o.as.ADMIN;
    if (from === 'OWNER') await t.seed.member(o.orgId, await t.seed.user('Second owner'), 'OWNER');
    const invitee = await t.seed.user('Invitee');
    const r = await invite(inviter, { orgId: o.orgId, email: invitee.email, role: invitedRole });
    expect(r.errors).toBeUndefined();
    const demoted = await t.run(from === 'OWNER' ? inviter : o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: inviter.id, role: to } });
    expect(demoted.errors).toBeUndefined();
    const [row] = await t.db.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [r.data.inviteMember.invitation.id]);
    expect(row.status).toBe(status);
    const accepted = await t.run(invitee, M.accept, { token: tokenMailedTo(t, invitee.email) });
    if (status === 'REVOKED') expect(accepted.errors![0].extensions!.reason).toBe('REVOKED');
    else expect(accepted.errors).toBeUndefined();
  });

  it('the seat limit is enforced when the invitation is accepted, and nothing is half-written', async () => {
    const o = await orgWithEveryRole(t, 'FREE'); // 5 members: the FREE plan is full
    const p = await t.seed.project(o.orgId);
    const invitee = await t.seed.user('Invitee');
    const r = await invite(o.as.OWNER, { orgId: o.orgId, email: invitee.email, role: 'MEMBER', projectGrants: [{ projectId: p, role: 'CONSUMER' }] });
    expect(r.errors).toBeUndefined();
    const accept = await t.run(invitee, M.accept, { token: tokenMailedTo(t, invitee.email) });
    expect(accept.errors![0].extensions).toMatchObject({ code: 'PLAN_LIMIT_EXCEEDED', limit: 5, used: 5 });
    expect(await roleOf(t, o.orgId, invitee)).toBeNull();
    expect(await t.db.dataSource.query(`SELECT 1 FROM project_members WHERE user_id = $1`, [invitee.id])).toEqual([]);
    const [inv] = await t.db.dataSource.query(`SELECT status FROM invitations WHERE id = $1`, [r.data.inviteMember.invitation.id]);
    expect(inv.status).toBe('PENDING');
    expect(await auditActions(t, o.orgId)).toEqual(['invitation.created']);
  });
});
