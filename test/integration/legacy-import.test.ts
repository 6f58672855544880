import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signDevToken } from '../../src/auth/tokens';
import { importLegacy, type ImportOptions } from '../../src/modules/legacy-import/importer';
import { documentSource } from '../../src/modules/legacy-import/source';
import type { ImportReport } from '../../src/modules/legacy-import/types';
import { codes, startTestGateway, TEST_JWT_SECRET, type TestGateway } from '../testkit/gateway';

const payment = (last4: string) => ({ processorToken: `pm_${last4}`, brand: 'visa', last4, expMonth: 12, expYear: 2030 });

describe('legacy import', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  const q = (sql: string, params: unknown[] = []) => t.db.dataSource.query(sql, params);
  const run = (doc: unknown, opts: Partial<ImportOptions> = {}) => importLegacy({ db: t.db.dataSource, source: documentSource(doc), ...opts });
  const orgOf = async (legacyId: string) =>
    (await q(`SELECT o.* FROM legacy_project_imports l JOIN projects p ON p.id = l.project_id JOIN organizations o ON o.id = p.org_id WHERE l.legacy_id = $1`, [legacyId]))[0];
  const orgRoles = async (orgId: string) =>
    Object.fromEntries((await q(`SELECT u.email, m.role FROM org_members m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1`, [orgId])).map((r: { email: string; role: string }) => [r.email, r.role]));
  const grants = async (legacyId: string) =>
    Object.fromEntries((await q(
      `SELECT u.email, pm.role FROM legacy_project_imports l JOIN project_members pm ON pm.project_id = l.project_id JOIN users u ON u.id = pm.user_id WHERE l.legacy_id = $1`,
      [legacyId])).map((r: { email: string; role: string }) => [r.email, r.role]));
  const snapshot = async () => {
    const [row] = await q(`SELECT
      (SELECT count(*) FROM users) users, (SELECT count(*) FROM organizations) orgs, (SELECT count(*) FROM org_members) members,
      (SELECT count(*) FROM projects) projects, (SELECT count(*) FROM project_members) grants, (SELECT count(*) FROM payment_methods) payments,
      (SELECT count(*) FROM audit_events) audits, (SELECT count(*) FROM legacy_project_imports) imports,
      (SELECT count(*) FROM legacy_org_keys) keys, (SELECT count(*) FROM legacy_project_member_imports) member_imports`);
    return row;
  };

  const ownerDoc = {
    projects: [
      { legacyId: 'own-1', name: 'Web', owner: { email: 'Alice@Own.Example', name: 'Alice' }, plan: 'FREE', payment: null,
        members: [{ email: 'bob@own.example', name: 'Bob', role: 'ADMIN' }, { email: 'cy@own.example', name: 'Cy', role: 'ANALYST' }] },
      { legacyId: 'own-2', name: 'Mobile', owner: { email: 'alice@own.example', name: 'Alice' }, plan: 'ENTERPRISE', payment: payment('1111'),
        members: [{ email: 'cy@own.example', name: 'Cy', role: 'CONSUMER' }] },
      { legacyId: 'own-3', name: 'Blog', owner: { email: 'bob@own.example', name: 'Bob' }, plan: 'GROWTH', payment: null, members: [] },
    ],
  };

  it('owner mode: one org per owner; creators OWNER (org and project), members MEMBER with their role; highest plan; payment', async () => {
    const r = await run(ownerDoc);
    expect(r.projects.map((p) => p.status)).toEqual(['created', 'created', 'created']);
    const alice = await orgOf('own-1');
    expect((await orgOf('own-2')).id).toBe(alice.id);
    expect(alice.plan).toBe('ENTERPRISE');
    expect(await orgRoles(alice.id)).toEqual({ 'alice@own.example': 'OWNER', 'bob@own.example': 'MEMBER', 'cy@own.example': 'MEMBER' });
    expect(await grants('own-1')).toEqual({ 'alice@own.example': 'OWNER', 'bob@own.example': 'ADMIN', 'cy@own.example': 'ANALYST' });
    expect(await grants('own-2')).toEqual({ 'alice@own.example': 'OWNER', 'cy@own.example': 'CONSUMER' });
    expect(await q(`SELECT last4 FROM payment_methods WHERE org_id = $1`, [alice.id])).toEqual([{ last4: '1111' }]);

    const bob = await orgOf('own-3');
    expect(bob.id).not.toBe(alice.id);
    expect(bob.plan).toBe('GROWTH');
    expect(await orgRoles(bob.id)).toEqual({ 'bob@own.example': 'OWNER' });
    expect(r.organizations.find((o) => o.slug === bob.slug)?.warnings).toEqual(['on the paid plan GROWTH without a payment method on file']);

    // Users are created without a subject (claimed at first sign-in), one per email.
    expect(await q(`SELECT email, subject FROM users WHERE email LIKE '%@own.example' ORDER BY email`)).toEqual([
      { email: 'alice@own.example', subject: null }, { email: 'bob@own.example', subject: null }, { email: 'cy@own.example', subject: null },
    ]);
    // Audited, by the import, in the same transactions.
    const audit = await q(`SELECT action, actor_kind, count(*)::int n FROM audit_events WHERE org_id = $1 GROUP BY 1, 2 ORDER BY 1`, [alice.id]);
    expect(audit).toEqual([
      { action: 'member.added', actor_kind: 'IMPORT', n: 3 },
      { action: 'organization.created', actor_kind: 'IMPORT', n: 1 },
      { action: 'organization.planChanged', actor_kind: 'IMPORT', n: 1 },
      { action: 'paymentMethod.set', actor_kind: 'IMPORT', n: 1 },
      { action: 'project.created', actor_kind: 'IMPORT', n: 2 },
      { action: 'projectMember.added', actor_kind: 'IMPORT', n: 5 },
    ]);
    expect(r.totals).toMatchObject({ projects: { created: 3, updated: 0, skipped: 0, refused: 0 }, organizations: { created: 2 }, users: { created: 3 }, grants: { created: 6 } });
  });

  it('is idempotent: a second run changes nothing; a new project or a new member adds only that', async () => {
    const before = await snapshot();
    const again = await run(ownerDoc);
    expect(again.projects.map((p) => [p.status, p.reason])).toEqual([['skipped', 'already imported'], ['skipped', 'already imported'], ['skipped', 'already imported']]);
    expect(again.totals).toMatchObject({ organizations: { created: 0, updated: 0, unchanged: 2 }, users: { created: 0 }, memberships: { created: 0, promoted: 0 }, grants: { created: 0 }, auditEvents: 0 });
    expect(await snapshot()).toEqual(before);

    const bigger = structuredClone(ownerDoc);
    bigger.projects[0].members.push({ email: 'dee@own.example', name: 'Dee', role: 'CONSUMER' });
    bigger.projects.push({ legacyId: 'own-4', name: 'Docs', owner: { email: 'alice@own.example', name: 'Alice' }, plan: 'FREE', payment: null, members: [{ email: 'bob@own.example', name: 'Bob', role: 'ANALYST' }] });
    const third = await run(bigger);
    expect(third.projects.map((p) => p.status)).toEqual(['updated', 'skipped', 'skipped', 'created']);
    expect(third.totals).toMatchObject({ users: { created: 1 }, memberships: { created: 1 }, grants: { created: 3 } });
    expect((await orgOf('own-4')).id).toBe((await orgOf('own-1')).id);
    expect(await grants('own-1')).toMatchObject({ 'dee@own.example': 'CONSUMER' });
    expect((await run(bigger)).totals.projects).toEqual({ created: 0, updated: 0, skipped: 4, refused: 0 });
  });

  it('domain mode: one org per company domain with every creator an OWNER; free-mail owners stay apart', async () => {
    const r = await run({
      projects: [
        { legacyId: 'dom-1', name: 'A', owner: { email: 'ann@dom.example', name: 'Ann' }, plan: 'GROWTH', members: [{ email: 'ben@dom.example', role: 'ANALYST' }] },
        { legacyId: 'dom-g', name: 'G', owner: { email: 'gus@gmail.com', name: 'Gus' }, plan: 'FREE', members: [] },
        { legacyId: 'dom-2', name: 'B', owner: { email: 'ben@dom.example', name: 'Ben' }, plan: 'FREE', payment: payment('2222'), members: [{ email: 'ann@dom.example', role: 'CONSUMER' }] },
        { legacyId: 'dom-h', name: 'H', owner: { email: 'hal@gmail.com', name: 'Hal' }, plan: 'FREE', members: [] },
      ],
    }, { groupBy: 'domain' });
    expect(r.projects.map((p) => p.status)).toEqual(['created', 'created', 'created', 'created']);
    const org = await orgOf('dom-1');
    expect(org).toMatchObject({ name: 'dom.example', slug: 'dom-example', plan: 'GROWTH' });
    expect((await orgOf('dom-2')).id).toBe(org.id);
    expect(await orgRoles(org.id)).toEqual({ 'ann@dom.example': 'OWNER', 'ben@dom.example': 'OWNER' });
    expect(await grants('dom-2')).toEqual({ 'ben@dom.example': 'OWNER', 'ann@dom.example': 'CONSUMER' });
    expect((await orgOf('dom-g')).id).not.toBe((await orgOf('dom-h')).id);
    expect(await q(`SELECT count(*)::int n FROM payment_methods WHERE org_id = $1`, [org.id])).toEqual([{ n: 1 }]);
  });

  it('a bad record is reported with its position and reason; the others are imported', async () => {
    const r = await run({
      projects: [
        { legacyId: 'bad-1', name: 'Fine', owner: { email: 'fine@bad.example', name: 'F' }, plan: 'FREE',
          members: [{ email: 'ok@bad.example', role: 'ANALYST' }, { email: 'x@bad.example', role: 'WIZARD' }, { email: 'nope', role: 'ADMIN' }] },
        { legacyId: 'bad-2', name: 'No owner', plan: 'FREE', members: [] },
        { legacyId: 'bad-3', name: 'Bad email', owner: { email: 'not an email', name: 'X' } },
        { legacyId: 'bad-1', name: 'Duplicate', owner: { email: 'dup@bad.example', name: 'D' } },
        'not an object',
        { legacyId: 'bad-6', name: 'Also fine', owner: { email: 'fine@bad.example', name: 'F' }, plan: 'GROWTH' },
      ],
    });
    expect(r.projects.map((p) => [p.path, p.status])).toEqual([
      ['projects[0]', 'created'], ['projects[1]', 'refused'], ['projects[2]', 'refused'], ['projects[3]', 'refused'],
      ['projects[4]', 'refused'], ['projects[5]', 'created'],
    ]);
    expect(r.projects[0].issues).toEqual([
      { path: 'projects[0].members[1].role', reason: expect.stringContaining('must be one of ADMIN, ANALYST, CONSUMER') },
      { path: 'projects[0].members[2].email', reason: expect.stringContaining('not a valid email') },
    ]);
    expect(r.projects[1].issues).toEqual([{ path: 'projects[1].owner', reason: expect.stringContaining('is required') }]);
    expect(r.projects[2].issues[0].path).toBe('projects[2].owner.email');
    expect(r.projects[3].issues).toEqual([{ path: 'projects[3].legacyId', reason: 'duplicate legacy id, first used by projects[0]' }]);
    expect(r.projects[4].issues).toEqual([{ path: 'projects[4]', reason: 'must be an object' }]);
    expect(await grants('bad-1')).toEqual({ 'fine@bad.example': 'OWNER', 'ok@bad.example': 'ANALYST' });
    expect((await orgOf('bad-6')).plan).toBe('GROWTH');
    expect(r.totals.projects).toEqual({ created: 2, updated: 0, skipped: 0, refused: 4 });
  });

  it('a CSV member list adds members; rows for unknown projects are reported', async () => {
    const { readMembersCsv } = await import('../../src/modules/legacy-import/source');
    const { Readable } = await import('node:stream');
    const csv = 'legacy_project_id,email,name,role\ncsv-1,Kim@Csv.Example,Kim,ANALYST\ncsv-1,lee@csv.example,Lee,BOSS\nnope,x@csv.example,X,ADMIN\n';
    const members = await readMembersCsv(Readable.from([csv]), 'm.csv');
    const r = await run({ projects: [{ legacyId: 'csv-1', name: 'C', owner: { email: 'own@csv.example', name: 'O' }, plan: 'FREE', members: [] }] }, { members });
    expect(r.projects[0].status).toBe('created');
    expect(r.projects[0].issues).toEqual([{ path: 'm.csv:3.role', reason: expect.stringContaining('BOSS') }]);
    expect(r.issues).toEqual([{ path: 'm.csv:4.legacy_project_id', reason: expect.stringContaining('"nope"') }]);
    expect(await grants('csv-1')).toEqual({ 'own@csv.example': 'OWNER', 'kim@csv.example': 'ANALYST' });
  });

  it('--dry-run writes nothing and reports exactly what the real run then does', async () => {
    const doc = {
      projects: [
        { legacyId: 'dry-1', name: 'One', owner: { email: 'dora@dry.example', name: 'Dora' }, plan: 'GROWTH', payment: payment('3333'), members: [{ email: 'eve@dry.example', role: 'ANALYST' }] },
        { legacyId: 'dry-2', name: 'Two', owner: { email: 'eve@dry.example', name: 'Eve' }, plan: 'FREE', members: [{ email: 'dora@dry.example', role: 'ADMIN' }] },
        { legacyId: 'dry-3', name: 'Bad', owner: { email: 'dora@dry.example', name: 'Dora' }, plan: 'PLATINUM' },
        { legacyId: 'own-1', name: 'Seen before', owner: { email: 'alice@own.example', name: 'Alice' }, plan: 'FREE', members: [] },
      ],
    };
    const before = await snapshot();
    const dry = await run(doc, { dryRun: true, groupBy: 'domain' });
    expect(await snapshot()).toEqual(before);
    expect(dry.dryRun).toBe(true);
    const real = await run(doc, { groupBy: 'domain' });
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(real.totals.projects).toEqual({ created: 2, updated: 0, skipped: 1, refused: 1 });
    expect(await snapshot()).not.toEqual(before);
  });

  it('organizations spread over the file: spilling open ones to disk (maxPendingProjects) changes nothing', async () => {
    // Domain mode over a file sorted by owner: every domain stays open until near the end of the file.
    const doc = {
      projects: Array.from({ length: 12 }, (_, i) => ({
        legacyId: `spill-${i}`, name: `Spill ${i}`, owner: { email: `o${i}@spill${i % 3}.example`, name: `O${i}` },
        plan: i === 7 ? 'ENTERPRISE' : 'FREE', payment: i === 4 ? payment('4444') : null,
        members: [{ email: `m${i % 4}@spill${i % 3}.example`, name: 'M', role: i % 2 ? 'ANALYST' : 'CONSUMER' }, { email: 'nope', role: 'ADMIN' }],
      })),
    };
    const inMemory = await run(doc, { dryRun: true, groupBy: 'domain' });
    const spilled = await run(doc, { dryRun: true, groupBy: 'domain', maxPendingProjects: 1 });
    expect(spilled).toEqual(inMemory);
    expect(inMemory.totals.projects).toEqual({ created: 12, updated: 0, skipped: 0, refused: 0 });
    expect(inMemory.organizations.map((o) => o.slug)).toEqual(['spill0-example', 'spill1-example', 'spill2-example']);
    const real = await run(doc, { groupBy: 'domain', maxPendingProjects: 1 });
    expect({ ...inMemory, dryRun: false }).toEqual(real);
    expect((await run(doc, { groupBy: 'domain', maxPendingProjects: 1 })).totals.projects.skipped).toBe(12);
  });

  it('imported organizations obey the access rules through the API; an imported user claims their account at first sign-in', async () => {
    await run({
      projects: [{ legacyId: 'api-1', name: 'Api Project', owner: { email: 'olga@api.example', name: 'Olga' }, plan: 'GROWTH',
        payment: payment('4444'), members: [{ email: 'ana@api.example', name: 'Ana', role: 'ANALYST' }] }],
    });
    const [{ project_id: projectId }] = await q(`SELECT project_id FROM legacy_project_imports WHERE legacy_id = 'api-1'`);
    const org = await orgOf('api-1');
    const as = async (sub: string, email: string, name: string) => ({ authorization: `Bearer ${await signDevToken(TEST_JWT_SECRET, { sub, email, name })}` });

    const analyst = await as('idp|ana', 'ana@api.example', 'Ana');
    const viewer = await t.run(analyst, `{ viewer { email memberships { nodes { role organization { slug } } } } }`);
    expect(viewer.errors).toBeUndefined();
    expect(viewer.data.viewer).toEqual({ email: 'ana@api.example', memberships: { nodes: [{ role: 'MEMBER', organization: { slug: org.slug } }] } });
    expect(await q(`SELECT subject FROM users WHERE email = 'ana@api.example'`)).toEqual([{ subject: 'idp|ana' }]);

    const project = await t.run(analyst, `query($id: ID!) { project(id: $id) { name viewerRole { role } } }`, { id: projectId });
    expect(project.errors).toBeUndefined();
    expect(project.data.project).toEqual({ name: 'Api Project', viewerRole: { role: 'ANALYST' } });

    const members = await t.run(analyst, `query($slug: String!) { organizationBySlug(slug: $slug) { name members { nodes { role } } } }`, { slug: org.slug });
    expect(members.data.organizationBySlug.members).toBeNull();
    expect(codes(members)).toEqual(['FORBIDDEN']);

    const owner = await as('idp|olga', 'olga@api.example', 'Olga');
    const ownerView = await t.run(owner, `query($slug: String!) { organizationBySlug(slug: $slug) { members { nodes { role user { email } } } } }`, { slug: org.slug });
    expect(ownerView.errors).toBeUndefined();
    expect(ownerView.data.organizationBySlug.members.nodes).toEqual(expect.arrayContaining([
      { role: 'OWNER', user: { email: 'olga@api.example' } }, { role: 'MEMBER', user: { email: 'ana@api.example' } },
    ]));
  });

  it('the command streams a file, prints the report as JSON, and is safe to run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'legacy-'));
    const file = join(dir, 'legacy.json');
    writeFileSync(file, JSON.stringify({ projects: [
      { legacyId: 'cli-1', name: 'Cli', owner: { email: 'cli@cli.example', name: 'Cli' }, plan: 'FREE', members: [{ email: 'm@cli.example', role: 'CONSUMER' }] },
      { legacyId: 'cli-2', name: 'Broken', owner: null },
    ] }));
    const cli = async (...args: string[]): Promise<{ code: number; report: ImportReport }> => {
      const env = { ...process.env, DATABASE_URL: t.db.url, NODE_ENV: 'test' };
      try {
        const { stdout } = await promisify(execFile)('node', ['-r', 'ts-node/register/transpile-only', 'scripts/import-legacy.ts', file, '--json', ...args], { env, cwd: join(__dirname, '../..') });
        return { code: 0, report: JSON.parse(stdout) };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        if (!err.stdout) throw new Error(err.stderr);
        return { code: err.code, report: JSON.parse(err.stdout) };
      }
    };
    const first = await cli();
    expect(first.code).toBe(2);
    expect(first.report.projects.map((p) => [p.legacyId, p.status])).toEqual([['cli-1', 'created'], ['cli-2', 'refused']]);
    const second = await cli('--dry-run');
    expect(second.report.projects.map((p) => p.status)).toEqual(['skipped', 'refused']);
  }, 120000);
});
