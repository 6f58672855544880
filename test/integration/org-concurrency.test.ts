import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { M } from './org-fixtures';

/** ACCESS-MODEL §1 and §4: an organization keeps an owner also under concurrent requests (run on PostgreSQL). */
describe('the last owner under concurrent requests', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  const owners = async (orgId: string): Promise<number> =>
    (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM org_members WHERE org_id = $1 AND role = 'OWNER'`, [orgId]))[0].n;

  async function twoOwners() {
    const a = await t.seed.user('Owner A');
    const b = await t.seed.user('Owner B');
    const orgId = await t.seed.organization(a);
    await t.seed.member(orgId, b, 'OWNER');
    return { orgId, a, b };
  }

  it.each([
    ['both step down', (o: Awaited<ReturnType<typeof twoOwners>>) => [
      t.run(o.a, M.changeRole, { input: { orgId: o.orgId, userId: o.a.id, role: 'ADMIN' } }),
      t.run(o.b, M.changeRole, { input: { orgId: o.orgId, userId: o.b.id, role: 'ADMIN' } }),
    ]],
    ['each demotes the other', (o: Awaited<ReturnType<typeof twoOwners>>) => [
      t.run(o.a, M.changeRole, { input: { orgId: o.orgId, userId: o.b.id, role: 'MEMBER' } }),
      t.run(o.b, M.changeRole, { input: { orgId: o.orgId, userId: o.a.id, role: 'MEMBER' } }),
    ]],
    ['each removes the other', (o: Awaited<ReturnType<typeof twoOwners>>) => [
      t.run(o.a, M.remove, { input: { orgId: o.orgId, userId: o.b.id } }),
      t.run(o.b, M.remove, { input: { orgId: o.orgId, userId: o.a.id } }),
    ]],
    ['both leave', (o: Awaited<ReturnType<typeof twoOwners>>) => [
      t.run(o.a, M.leave, { input: { orgId: o.orgId } }),
      t.run(o.b, M.leave, { input: { orgId: o.orgId } }),
    ]],
  ])('when the last two owners %s at the same time, exactly one change succeeds and one owner is left', async (_case, requests) => {
    for (let round = 0; round < 5; round++) {
      const o = await twoOwners();
      const results = await Promise.all(requests(o));
      const failed = results.filter((r) => r.errors);
      expect(failed).toHaveLength(1);
      // The loser either finds the last-owner rule or, having been removed/demoted first, no longer has access.
      expect(['LAST_OWNER', 'NOT_FOUND', 'FORBIDDEN']).toContain(codes(failed[0])[0]);
      expect(await owners(o.orgId)).toBe(1);
      const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1`, [o.orgId]);
      expect(n).toBe(1);
    }
  });
});
