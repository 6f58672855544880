import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import type { SeedUser } from '../../src/seed/builders';

/** Requests that would cost too much are refused before anything runs, with an error that says why. */
describe('request limits', () => {
  let t: TestGateway;
  let owner: SeedUser;
  beforeAll(async () => {
    t = await startTestGateway({ GRAPHQL_MAX_NODES: '100000', GRAPHQL_MAX_DEPTH: '12' });
    owner = await t.seed.user('Limits Owner');
    await t.seed.organization(owner, 'Limits Org');
  });
  afterAll(() => t.stop());

  const nested = (first: string) => `query${first === '$n' ? '($n: Int)' : ''} { viewer { memberships(first: ${first}) { nodes { organization {
    projects(first: ${first}) { nodes { members(first: ${first}) { nodes { user { memberships(first: ${first}) { nodes { role } } } } } } } } } } } }`;

  it('an operation that could return more nodes than the limit is refused with the numbers, before it runs', async () => {
    const before = t.db.statements.count;
    const r = await t.run(owner, nested('100'));
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.errors![0].extensions).toMatchObject({ maxNodes: 100000 });
    expect(r.errors![0].extensions!.nodes).toBeGreaterThan(100000);
    expect(r.data ?? null).toBeNull();
    // Only the token's user lookup ran: no resolver touched the database.
    expect(t.db.statements.count - before).toBeLessThanOrEqual(1);
  });

  it('page sizes passed as variables count too', async () => {
    const r = await t.run(owner, nested('$n'), { n: 100 });
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('variables that do not fit their types are BAD_USER_INPUT naming the problem, not an internal error', async () => {
    const r = await t.run(owner, nested('$n'), { n: 'many' });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain('$n');
  });

  it('the same shape with small pages answers', async () => {
    const r = await t.run(owner, nested('5'));
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer.memberships.nodes).toHaveLength(1);
  });

  it('a query deeper than the limit is a validation error, not an internal one', async () => {
    const deep = `{ viewer { memberships { nodes { organization { projects { nodes { organization { teams { nodes {
      organization { projects { nodes { organization { name } } } } } } } } } } } } } }`;
    const r = await t.run(owner, deep);
    expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(r.errors![0].message).toMatch(/depth/i);
  });

  it('a page larger than the maximum page size is refused, naming "first"', async () => {
    const r = await t.run(owner, `{ viewer { memberships(first: 101) { nodes { role } } } }`);
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('first');
  });
});
