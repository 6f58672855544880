import { existsSync } from 'node:fs';
import { PendingGroups } from '../../src/modules/legacy-import/pending';
import { groupKeyFor, highestPlan, limitWarnings, planGroup } from '../../src/modules/legacy-import/planner';
import type { LegacyProject } from '../../src/modules/legacy-import/types';
import { normalizeEmail, validateProject } from '../../src/modules/legacy-import/validate';

const valid = (i: number, raw: unknown): LegacyProject => {
  const v = validateProject(raw, i);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.project;
};

describe('legacy import: validation', () => {
  it('accepts a complete record and normalizes emails and roles', () => {
    const p = valid(0, {
      legacyId: 42, name: ' Web ', owner: { email: ' Alice@Acme.COM ', name: 'Alice' }, plan: 'GROWTH',
      payment: { processorToken: 'pm_1', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030 },
      members: [{ email: 'BOB@acme.com', name: 'Bob', role: 'analyst' }],
    });
    expect(p).toMatchObject({ legacyId: '42', name: 'Web', owner: { email: 'alice@acme.com' }, plan: 'GROWTH', issues: [] });
    expect(p.members).toEqual([{ email: 'bob@acme.com', name: 'Bob', role: 'ANALYST', path: 'projects[0].members[0]' }]);
  });

  it('refuses a project with a missing owner, bad plan or card number, naming each field', () => {
    const v = validateProject({ legacyId: 'x', name: 'n', plan: 'GOLD', payment: { processorToken: '4242 4242 4242 4242', brand: 'visa', last4: '4242', expMonth: 13, expYear: 2030 } }, 7);
    expect(v.ok).toBe(false);
    const paths = (v as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(['projects[7].owner', 'projects[7].plan', 'projects[7].payment.processorToken', 'projects[7].payment.expMonth']);
  });

  it('leaves out a bad member but keeps the project and the others', () => {
    const p = valid(3, {
      legacyId: 'a', name: 'n', owner: { email: 'o@x.com', name: 'O' },
      members: [
        { email: 'ok@x.com', role: 'CONSUMER' }, { email: 'not-an-email', role: 'ADMIN' }, { email: 'c@x.com', role: 'SUPERUSER' },
        { email: 'o@x.com', role: 'ADMIN' }, { email: 'OK@x.com', role: 'ADMIN' }, { email: 'd@x.com', role: 'OWNER' },
      ],
    });
    expect(p.members.map((m) => [m.email, m.role])).toEqual([['ok@x.com', 'ADMIN']]);
    expect(p.issues.map((i) => i.path)).toEqual([
      'projects[3].members[1].email', 'projects[3].members[2].role', 'projects[3].members[3].email', 'projects[3].members[4].email',
      'projects[3].members[5].role',
    ]);
    expect(p.members[0].name).toBe('ok');
  });

  it('normalizes and checks emails', () => {
    expect(normalizeEmail('A.B@Example.COM')).toBe('a.b@example.com');
    for (const bad of ['', 'a@', '@b.com', 'a b@c.com', 'a@b', 42, null]) expect(normalizeEmail(bad)).toBeNull();
  });
});

describe('legacy import: mapping rules', () => {
  it('groups per owner, or per company domain with free-mail owners kept apart', () => {
    expect(groupKeyFor('a@acme.com', 'owner')).toBe('owner:a@acme.com');
    expect(groupKeyFor('a@acme.com', 'domain')).toBe('domain:acme.com');
    expect(groupKeyFor('a@gmail.com', 'domain')).toBe('owner:a@gmail.com');
  });

  it('the highest plan wins', () => {
    expect(highestPlan(['FREE', 'ENTERPRISE', 'GROWTH'])).toBe('ENTERPRISE');
    expect(highestPlan([])).toBe('FREE');
  });

  it('creators become org OWNERs, everyone else MEMBER, with their project role as a grant', () => {
    const a = valid(0, { legacyId: 'a', name: 'A', owner: { email: 'ann@acme.com', name: 'Ann' }, plan: 'FREE', members: [{ email: 'bob@acme.com', role: 'ANALYST' }] });
    const b = valid(1, {
      legacyId: 'b', name: 'B', owner: { email: 'bob@acme.com', name: 'Bob' }, plan: 'GROWTH',
      payment: { processorToken: 'pm_b', brand: 'visa', last4: '1111', expMonth: 2, expYear: 2031 },
      members: [{ email: 'cy@acme.com', role: 'CONSUMER' }],
    });
    const plan = planGroup('domain:acme.com', [a, b]);
    expect(plan.orgName).toBe('acme.com');
    expect(plan.plan).toBe('GROWTH');
    expect(plan.payment?.processorToken).toBe('pm_b');
    expect([...plan.users.values()].map((u) => [u.email, u.orgRole])).toEqual([
      ['ann@acme.com', 'OWNER'], ['bob@acme.com', 'OWNER'], ['cy@acme.com', 'MEMBER'],
    ]);
    expect(plan.projects[0].grants).toEqual([{ email: 'ann@acme.com', role: 'OWNER' }, { email: 'bob@acme.com', role: 'ANALYST' }]);
    expect(planGroup('owner:ann@acme.com', [a]).orgName).toBe("Ann's organization");
  });

  it('warns when a merged organization exceeds its plan', () => {
    expect(limitWarnings('FREE', 6, 4, false)).toHaveLength(2);
    expect(limitWarnings('GROWTH', 1, 1, false)).toEqual(['on the paid plan GROWTH without a payment method on file']);
    expect(limitWarnings('ENTERPRISE', 1000, 1000, true)).toEqual([]);
  });
});

describe('legacy import: groups still open (PendingGroups)', () => {
  const project = (i: number, owner: string): LegacyProject => valid(i, {
    legacyId: `p-${i}`, name: `P ${i}`, owner: { email: owner, name: 'O' }, plan: 'GROWTH',
    payment: i === 3 ? { processorToken: 'pm_3', brand: 'visa', last4: '4242', expMonth: 1, expYear: 2031 } : null,
    members: [{ email: `m${i}@x.example`, name: 'M', role: 'ANALYST' }, { email: 'bad', role: 'ANALYST' }],
  });

  it('spills beyond its budget and gives each group back complete, in file order, equal to what was added', () => {
    const pending = new PendingGroups(2);
    const added = Array.from({ length: 9 }, (_, i) => project(i, i % 3 === 0 ? 'a@x.example' : 'b@x.example'));
    const counts = added.map((p) => pending.add(p.owner.email, p));
    expect(counts).toEqual([1, 1, 2, 2, 3, 4, 3, 5, 6]);
    expect(pending.spilledProjects).toBeGreaterThan(0);
    expect(pending.size).toBe(2);
    expect(pending.take('a@x.example')).toEqual(added.filter((_, i) => i % 3 === 0));
    expect(pending.take('b@x.example')).toEqual(added.filter((_, i) => i % 3 !== 0));
    expect(pending.size).toBe(0);
    const dir = (pending as unknown as { dir: string }).dir;
    expect(existsSync(dir)).toBe(true);
    pending.close();
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps everything in memory within its budget', () => {
    const pending = new PendingGroups(10);
    for (let i = 0; i < 5; i++) pending.add('g', project(i, 'a@x.example'));
    expect(pending.spilledProjects).toBe(0);
    expect(pending.take('g').map((p) => p.legacyId)).toEqual(['p-0', 'p-1', 'p-2', 'p-3', 'p-4']);
    pending.close();
  });
});
