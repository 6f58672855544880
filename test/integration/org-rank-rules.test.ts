import type { OrgRole } from '../../src/authz/roles';
import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditActions, auditCount, M, orgWithEveryRole, roleOf } from './org-fixtures';

/** ACCESS-MODEL §4: who may act on whom. Every refused change leaves roles and the audit log as they were. */
describe('organization rank rules', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  /** actor role, target's current role, new role, expected error code (null: allowed), rule */
  const ROLE_CHANGES: [OrgRole, OrgRole, OrgRole, string | null, string][] = [
    ['OWNER', 'MEMBER', 'OWNER', null, ''],
    ['OWNER', 'ADMIN', 'MEMBER', null, ''],
    ['OWNER', 'OWNER', 'ADMIN', null, ''],
    ['OWNER', 'MEMBER', 'BILLING_ADMIN', null, ''],
    ['ADMIN', 'MEMBER', 'ADMIN', null, ''],
    ['ADMIN', 'MEMBER', 'BILLING_ADMIN', null, ''],
    ['ADMIN', 'ADMIN', 'MEMBER', null, ''],
    ['ADMIN', 'MEMBER', 'OWNER', 'FORBIDDEN', 'ONLY_OWNER_GRANTS_OWNER'],
    ['ADMIN', 'OWNER', 'ADMIN', 'FORBIDDEN', 'OUTRANKED'],
    ['ADMIN', 'OWNER', 'MEMBER', 'FORBIDDEN', 'OUTRANKED'],
  ];

  it.each(ROLE_CHANGES)('an org %s changing a %s to %s gets %s', async (actorRole, targetRole, newRole, code, rule) => {
    const o = await orgWithEveryRole(t);
    const target = await t.seed.user('Target');
    await t.seed.member(o.orgId, target, targetRole);
    const before = await auditCount(t, o.orgId);
    const r = await t.run(o.as[actorRole], M.changeRole, { input: { orgId: o.orgId, userId: target.id, role: newRole } });
    if (code === null) {
      expect(r.errors).toBeUndefined();
      expect(r.data.changeMemberRole.membership).toMatchObject({ role: newRole, user: { id: target.id } });
      expect(await roleOf(t, o.orgId, target)).toBe(newRole);
      expect(await auditActions(t, o.orgId)).toEqual(['member.roleChanged']);
    } else {
      expect(codes(r)).toEqual([code]);
      expect(r.errors![0].extensions).toMatchObject({ rule, resource: { type: 'Organization', id: o.orgId } });
      expect(await roleOf(t, o.orgId, target)).toBe(targetRole);
      expect(await auditCount(t, o.orgId)).toBe(before);
    }
  });

  const REMOVALS: [OrgRole, OrgRole, string | null][] = [
    ['OWNER', 'OWNER', null],
    ['OWNER', 'ADMIN', null],
    ['OWNER', 'MEMBER', null],
    ['ADMIN', 'ADMIN', null],
    ['ADMIN', 'BILLING_ADMIN', null],
    ['ADMIN', 'OWNER', 'FORBIDDEN'],
  ];

  it.each(REMOVALS)('an org %s removing a %s gets %s', async (actorRole, targetRole, code) => {
    const o = await orgWithEveryRole(t);
    const target = await t.seed.user('Target');
    await t.seed.member(o.orgId, target, targetRole);
    const r = await t.run(o.as[actorRole], M.remove, { input: { orgId: o.orgId, userId: target.id } });
    if (code === null) {
      expect(r.errors).toBeUndefined();
      expect(await roleOf(t, o.orgId, target)).toBeNull();
      expect(await auditActions(t, o.orgId)).toEqual(['member.removed']);
    } else {
      expect(codes(r)).toEqual([code]);
      expect(await roleOf(t, o.orgId, target)).toBe(targetRole);
      expect(await auditCount(t, o.orgId)).toBe(0);
    }
  });

  it.each(['ADMIN', 'BILLING_ADMIN', 'MEMBER'] as const)('an org %s cannot change their own role', async (role) => {
    const o = await orgWithEveryRole(t);
    const r = await t.run(o.as[role], M.changeRole, { input: { orgId: o.orgId, userId: o.as[role].id, role: 'MEMBER' } });
    // BILLING_ADMIN and MEMBER lack member:assignRole altogether; an ADMIN hits the self-change rule.
    expect(codes(r)).toEqual(['FORBIDDEN']);
    if (role === 'ADMIN') expect(r.errors![0].extensions!.rule).toBe('SELF_ROLE_CHANGE');
    expect(await roleOf(t, o.orgId, o.as[role])).toBe(role);
  });

  it('an OWNER may step down while another OWNER remains', async () => {
    const o = await orgWithEveryRole(t);
    await t.run(o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: o.as.ADMIN.id, role: 'OWNER' } });
    const r = await t.run(o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: o.as.OWNER.id, role: 'ADMIN' } });
    expect(r.errors).toBeUndefined();
    expect(await roleOf(t, o.orgId, o.as.OWNER)).toBe('ADMIN');
    expect(await auditActions(t, o.orgId)).toEqual(['member.roleChanged', 'member.steppedDown']);
  });

  it('the last OWNER cannot step down, leave, or be removed', async () => {
    const o = await orgWithEveryRole(t);
    const stepDown = await t.run(o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: o.as.OWNER.id, role: 'ADMIN' } });
    expect(codes(stepDown)).toEqual(['LAST_OWNER']);
    const leave = await t.run(o.as.OWNER, M.leave, { input: { orgId: o.orgId } });
    expect(codes(leave)).toEqual(['LAST_OWNER']);
    const removeSelf = await t.run(o.as.OWNER, M.remove, { input: { orgId: o.orgId, userId: o.as.OWNER.id } });
    expect(codes(removeSelf)).toEqual(['FORBIDDEN']);
    expect(removeSelf.errors![0].extensions!.rule).toBe('SELF_REMOVAL');
    expect(await roleOf(t, o.orgId, o.as.OWNER)).toBe('OWNER');
    expect(await auditCount(t, o.orgId)).toBe(0);
  });

  it('an OWNER may leave while another OWNER remains', async () => {
    const o = await orgWithEveryRole(t);
    await t.seed.member(o.orgId, await t.seed.user('Second owner'), 'OWNER');
    const r = await t.run(o.as.OWNER, M.leave, { input: { orgId: o.orgId } });
    expect(r.errors).toBeUndefined();
    expect(await roleOf(t, o.orgId, o.as.OWNER)).toBeNull();
  });

  it('the database refuses to lose the last OWNER even when the code is bypassed', async () => {
    const o = await orgWithEveryRole(t);
    await expect(t.db.dataSource.transaction((tx) =>
      tx.query(`UPDATE org_members SET role = 'ADMIN' WHERE org_id = $1 AND role = 'OWNER'`, [o.orgId]),
    )).rejects.toMatchObject({ driverError: { code: 'GW001' } });
  });

  it('transferring ownership with stepDown swaps the roles in one change and one audit event', async () => {
    const o = await orgWithEveryRole(t);
    const r = await t.run(o.as.OWNER, M.transfer, { input: { orgId: o.orgId, userId: o.as.MEMBER.id, stepDown: true } });
    expect(r.errors).toBeUndefined();
    expect(r.data.transferOwnership).toEqual({ newOwner: { role: 'OWNER', user: { id: o.as.MEMBER.id } }, viewerMembership: { role: 'ADMIN' } });
    expect(await roleOf(t, o.orgId, o.as.OWNER)).toBe('ADMIN');
    expect(await auditActions(t, o.orgId)).toEqual(['organization.ownershipTransferred']);
  });

  it('transferring ownership to oneself is refused naming the field', async () => {
    const o = await orgWithEveryRole(t);
    const r = await t.run(o.as.OWNER, M.transfer, { input: { orgId: o.orgId, userId: o.as.OWNER.id } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('input.userId');
  });

  it('changing the role of someone who is not a member answers NOT_FOUND', async () => {
    const o = await orgWithEveryRole(t);
    const stranger = await t.seed.user('Stranger');
    const r = await t.run(o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: stranger.id, role: 'ADMIN' } });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });

  it('removing a member drops their project grants and team memberships and revokes the invitations they sent', async () => {
    const o = await orgWithEveryRole(t);
    const project = await t.seed.project(o.orgId);
    const team = await t.seed.team(o.orgId);
    await t.seed.projectGrant(o.orgId, project, o.as.ADMIN, 'ANALYST');
    await t.seed.teamMember(o.orgId, team, o.as.ADMIN);
    const sent = await t.run(o.as.ADMIN, M.invite, { input: { orgId: o.orgId, email: 'friend@example.com', role: 'MEMBER' } });
    expect(sent.errors).toBeUndefined();
    const r = await t.run(o.as.OWNER, M.remove, { input: { orgId: o.orgId, userId: o.as.ADMIN.id } });
    expect(r.errors).toBeUndefined();
    expect(r.data.removeMember.revokedInvitationCount).toBe(1);
    const q = (sql: string) => t.db.dataSource.query(sql, [o.orgId, o.as.ADMIN.id]);
    expect(await q(`SELECT 1 FROM project_members WHERE org_id = $1 AND user_id = $2`)).toEqual([]);
    expect(await q(`SELECT 1 FROM team_members WHERE org_id = $1 AND user_id = $2`)).toEqual([]);
    expect(await q(`SELECT status FROM invitations WHERE org_id = $1 AND inviter_id = $2`)).toEqual([{ status: 'REVOKED' }]);
  });

  it('deleting an organization removes it from every lookup and listing at once and keeps its audit event', async () => {
    const o = await orgWithEveryRole(t);
    const r = await t.run(o.as.OWNER, M.delete, { input: { orgId: o.orgId } });
    expect(r.errors).toBeUndefined();
    for (const user of [o.as.OWNER, o.as.MEMBER]) {
      const look = await t.run(user, `query($id: ID!) { organization(id: $id) { id } viewer { memberships { nodes { organization { id } } } } }`, { id: o.orgId });
      expect(look.data.organization).toBeNull();
      expect(JSON.stringify(look.data.viewer)).not.toContain(o.orgId);
    }
    expect(await auditActions(t, o.orgId)).toEqual(['organization.deleted']);
  });

  it('updating an organization validates the name and settings, naming the field', async () => {
    const o = await orgWithEveryRole(t);
    const blank = await t.run(o.as.OWNER, M.update, { input: { orgId: o.orgId, name: '  ' } });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const list = await t.run(o.as.OWNER, M.update, { input: { orgId: o.orgId, settings: [1, 2] } });
    expect(list.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.settings' });
    const ok = await t.run(o.as.ADMIN, M.update, { input: { orgId: o.orgId, name: 'New name', settings: { a: 1 } } });
    expect(ok.data.updateOrganization.organization).toMatchObject({ name: 'New name', settings: { a: 1 } });
    expect(await auditActions(t, o.orgId)).toEqual(['organization.updated']);
  });
});
