import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditActions, auditCount, goodCard, M, orgWithEveryRole } from './org-fixtures';

/** ACCESS-MODEL §5, plans and payment methods; and the audit log of organization changes. */
describe('billing: plans and payment methods', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it('moving to a paid plan needs a payment method on file', async () => {
    const o = await orgWithEveryRole(t, 'FREE');
    const r = await t.run(o.as.BILLING_ADMIN, M.changePlan, { input: { orgId: o.orgId, plan: 'GROWTH' } });
    expect(codes(r)).toEqual(['PAYMENT_METHOD_REQUIRED']);
    expect(await auditCount(t, o.orgId)).toBe(0);
    expect((await t.run(o.as.BILLING_ADMIN, M.setPaymentMethod, { input: goodCard(o.orgId) })).errors).toBeUndefined();
    const ok = await t.run(o.as.BILLING_ADMIN, M.changePlan, { input: { orgId: o.orgId, plan: 'GROWTH' } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.changePlan).toMatchObject({ organization: { plan: 'GROWTH' }, billing: { plan: { name: 'GROWTH' }, seatsUsed: 5 } });
    expect(await auditActions(t, o.orgId)).toEqual(['paymentMethod.set', 'plan.changed']);
  });

  it('a downgrade that current usage exceeds is refused with the numbers', async () => {
    const o = await orgWithEveryRole(t, 'ENTERPRISE');
    await t.seed.member(o.orgId, await t.seed.user('Sixth'), 'MEMBER');
    for (let i = 0; i < 4; i++) await t.seed.project(o.orgId);
    const r = await t.run(o.as.OWNER, M.changePlan, { input: { orgId: o.orgId, plan: 'FREE' } });
    expect(codes(r)).toEqual(['PLAN_LIMIT_EXCEEDED']);
    expect(r.errors![0].extensions).toMatchObject({
      limit: 5, used: 6, resource: 'seats',
      exceeded: [{ resource: 'seats', limit: 5, used: 6 }, { resource: 'projects', limit: 3, used: 4 }],
    });
    expect(r.errors![0].message).toContain('6 seats (limit 5) and 4 projects (limit 3)');
    expect(await auditCount(t, o.orgId)).toBe(0);
  });

  it('a downgrade that fits is allowed without a payment method', async () => {
    const o = await orgWithEveryRole(t, 'ENTERPRISE');
    const r = await t.run(o.as.OWNER, M.changePlan, { input: { orgId: o.orgId, plan: 'FREE' } });
    expect(r.errors).toBeUndefined();
    expect(await auditActions(t, o.orgId)).toEqual(['plan.changed']);
  });

  const year = new Date().getUTCFullYear();
  it.each([
    ['a card number as the token', { processorToken: '4242424242424242' }, 'input.processorToken'],
    ['a card number with spaces in the brand', { brand: 'visa 4242 4242 4242 4242' }, 'input.brand'],
    ['a card number with dashes in the token', { processorToken: 'pm_4242-4242-4242-4242' }, 'input.processorToken'],
    ['a card number as last4', { last4: '4242424242424' }, 'input.last4'],
    ['five digits as last4', { last4: '42424' }, 'input.last4'],
    ['letters as last4', { last4: 'abcd' }, 'input.last4'],
    ['month 13', { expMonth: 13 }, 'input.expMonth'],
    ['a past year', { expYear: year - 1 }, 'input.expYear'],
    ['an empty brand', { brand: '' }, 'input.brand'],
  ])('a payment method with %s is refused naming the field', async (_case, patch, field) => {
    const o = await orgWithEveryRole(t, 'FREE');
    const r = await t.run(o.as.OWNER, M.setPaymentMethod, { input: { ...goodCard(o.orgId), ...patch } });
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await auditCount(t, o.orgId)).toBe(0);
    expect(await t.db.dataSource.query(`SELECT 1 FROM payment_methods WHERE org_id = $1`, [o.orgId])).toEqual([]);
  });

  it('replacing the payment method keeps display data only and audits without the processor token', async () => {
    const o = await orgWithEveryRole(t, 'FREE');
    await t.run(o.as.OWNER, M.setPaymentMethod, { input: goodCard(o.orgId) });
    const r = await t.run(o.as.OWNER, M.setPaymentMethod, { input: { ...goodCard(o.orgId), processorToken: 'pm_secret_2', brand: 'amex', last4: '0005' } });
    expect(r.data.setPaymentMethod.paymentMethod).toMatchObject({ brand: 'amex', last4: '0005' });
    const events = await t.db.dataSource.query(`SELECT before, after FROM audit_events WHERE org_id = $1 ORDER BY id`, [o.orgId]);
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain('pm_');
    expect(events[1].before).toMatchObject({ brand: 'visa', last4: '4242' });
  });

  it('billing fields are readable with billing:read only', async () => {
    const o = await orgWithEveryRole(t, 'FREE');
    await t.run(o.as.OWNER, M.setBillingEmail, { input: { orgId: o.orgId, billingEmail: 'Invoices@Example.com' } });
    const q = `query($id: ID!) { organization(id: $id) { name billing { billingEmail } } }`;
    const ba = await t.run(o.as.BILLING_ADMIN, q, { id: o.orgId });
    expect(ba.data.organization.billing.billingEmail).toBe('invoices@example.com');
    const admin = await t.run(o.as.ADMIN, q, { id: o.orgId });
    expect(admin.data.organization.billing).toBeNull();
    expect(codes(admin)).toEqual(['FORBIDDEN']);
  });
});

describe('the audit log of organization changes', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  const LOG = `query($id: ID!, $filter: AuditLogFilter) { organization(id: $id) {
    auditLog(first: 50, filter: $filter) { nodes { action actor { id } targetType targetId before after requestId createdAt } } } }`;

  it('each change writes exactly one event, filterable by actor, action and time', async () => {
    const o = await orgWithEveryRole(t);
    await t.run(o.as.OWNER, M.update, { input: { orgId: o.orgId, name: 'One' } });
    await t.run(o.as.ADMIN, M.changeRole, { input: { orgId: o.orgId, userId: o.extra.id, role: 'BILLING_ADMIN' } });
    const mid = new Date();
    await new Promise((r) => setTimeout(r, 20));
    await t.run(o.as.ADMIN, M.update, { input: { orgId: o.orgId, name: 'Two' } });
    // A refused change writes nothing.
    await t.run(o.as.MEMBER, M.update, { input: { orgId: o.orgId, name: 'Three' } });

    const all = await t.run(o.as.OWNER, LOG, { id: o.orgId });
    expect(all.data.organization.auditLog.nodes.map((e: { action: string }) => e.action))
      .toEqual(['organization.updated', 'member.roleChanged', 'organization.updated']);
    const first = all.data.organization.auditLog.nodes[2];
    expect(first).toMatchObject({ actor: { id: o.as.OWNER.id }, targetType: 'Organization', targetId: o.orgId, after: { name: 'One' } });
    expect(first.requestId).toEqual(expect.any(String));

    const byActor = await t.run(o.as.OWNER, LOG, { id: o.orgId, filter: { actorId: o.as.ADMIN.id } });
    expect(byActor.data.organization.auditLog.nodes).toHaveLength(2);
    const byAction = await t.run(o.as.OWNER, LOG, { id: o.orgId, filter: { action: 'member.roleChanged' } });
    expect(byAction.data.organization.auditLog.nodes).toEqual([
      expect.objectContaining({ before: { role: 'MEMBER' }, after: { role: 'BILLING_ADMIN' }, targetId: o.extra.id }),
    ]);
    const since = await t.run(o.as.OWNER, LOG, { id: o.orgId, filter: { since: mid.toISOString() } });
    expect(since.data.organization.auditLog.nodes.map((e: { after: { name: string } }) => e.after.name)).toEqual(['Two']);
    const until = await t.run(o.as.OWNER, LOG, { id: o.orgId, filter: { until: mid.toISOString() } });
    expect(until.data.organization.auditLog.nodes).toHaveLength(2);
  });

  it('an unchanged value is not a change and writes no event', async () => {
    const o = await orgWithEveryRole(t);
    await t.run(o.as.OWNER, M.changeRole, { input: { orgId: o.orgId, userId: o.extra.id, role: 'MEMBER' } });
    await t.run(o.as.OWNER, M.changePlan, { input: { orgId: o.orgId, plan: 'ENTERPRISE' } });
    expect(await auditCount(t, o.orgId)).toBe(0);
  });
});
