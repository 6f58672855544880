import { randomUUID } from 'node:crypto';
import type { SeedUser } from '../../src/seed/builders';
import { startTestGateway, type TestGateway } from '../testkit/gateway';
import type { OrgRoleName } from '../testkit/roles';

const ORG = `query($id: ID!) { organization(id: $id) { id name } }`;
const SLUG = `query($id: String!) { organizationBySlug(slug: $id) { id name } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { id name } }`;
const TEAM = `query($id: ID!) { team(id: $id) { id name } }`;
const BOARD = `query($id: ID!) { board(id: $id) { id name } }`;

const ids = (nodes: { organization: { id: string } }[]) => nodes.map((n) => n.organization.id).sort();

describe('cross-organization probes and traversals', () => {
  let t: TestGateway;
  /** Org A: its OWNER, ADMIN, BILLING_ADMIN and MEMBER. */
  const a = {} as Record<OrgRoleName, SeedUser>;
  let orgA: string;
  let projectA: string;
  /** Org B, which nobody of org A belongs to, except `bridge`. */
  let ownerB: SeedUser;
  let orgB: string;
  let slugB: string;
  const b = {} as { project: string; team: string; board: string; privateBoard: string };
  /** Org C: `bridge` is a MEMBER there, and A's MEMBER is its ADMIN. */
  let orgC: string;
  /** OWNER of org B, MEMBER of A (with a grant in A's project) and MEMBER of C. */
  let bridge: SeedUser;

  beforeAll(async () => {
    t = await startTestGateway();
    const s = t.seed;
    for (const role of ['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'] as OrgRoleName[]) a[role] = await s.user(`A ${role}`);
    orgA = await s.organization(a.OWNER, 'Org A');
    await s.member(orgA, a.ADMIN, 'ADMIN');
    await s.member(orgA, a.BILLING_ADMIN, 'BILLING_ADMIN');
    await s.member(orgA, a.MEMBER, 'MEMBER');
    projectA = await s.project(orgA, 'Project A', 'CONSUMER');

    ownerB = await s.user('B Owner');
    bridge = await s.user('Bridge');
    orgB = await s.organization(ownerB, 'Org B');
    await s.member(orgB, bridge, 'OWNER');
    b.project = await s.project(orgB, 'Project B', 'CONSUMER');
    b.team = await s.team(orgB, 'Team B');
    await s.teamMember(orgB, b.team, ownerB);
    await s.teamGrant(orgB, b.team, b.project, 'ADMIN');
    b.board = await s.board(orgB, b.project, ownerB, 'PROJECT', 'Board B');
    b.privateBoard = await s.board(orgB, b.project, ownerB, 'PRIVATE', 'Private B');
    await s.paymentMethod(orgB);

    await s.member(orgA, bridge, 'MEMBER');
    await s.projectGrant(orgA, projectA, bridge, 'ANALYST');

    orgC = await s.organization(ownerB, 'Org C');
    await s.member(orgC, a.MEMBER, 'ADMIN');
    await s.member(orgC, bridge, 'MEMBER');

    const r = await t.run(ownerB, `query($id: ID!) { organization(id: $id) { slug } }`, { id: orgB });
    slugB = r.data.organization.slug;
  });
  afterAll(() => t.stop());

  const PROBES: [string, string, string, () => string][] = [
    ['organization', 'organization', ORG, () => orgB],
    ['organizationBySlug', 'organizationBySlug', SLUG, () => slugB],
    ['project', 'project', PROJECT, () => b.project],
    ['team', 'team', TEAM, () => b.team],
    ['board (shared with its project)', 'board', BOARD, () => b.board],
    ['board (private)', 'board', BOARD, () => b.privateBoard],
  ];
  const ROWS = (['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'] as OrgRoleName[]).flatMap((role) =>
    PROBES.map(([label, field, query, id]) => [role, label, field, query, id] as const));

  it.each(ROWS)("an org %s of A asking for org B's %s by id gets null with no error, like a nonexistent id", async (role, _label, field, query, id) => {
    const r = await t.run(a[role], query, { id: id() });
    expect(r).toEqual({ data: { [field]: null } });
    const none = await t.run(a[role], query, { id: field === 'organizationBySlug' ? `no-such-org-${randomUUID().slice(0, 8)}` : randomUUID() });
    expect(r).toEqual(none);
  });

  it("the probes are real: org B's OWNER reads each of them", async () => {
    for (const [, field, query, id] of PROBES) {
      const r = await t.run(ownerB, query, { id: id() });
      expect(r.errors).toBeUndefined();
      expect(r.data[field]).not.toBeNull();
    }
  });

  it("an org OWNER of A reaching org B's project through a shared user's memberships sees nothing of B", async () => {
    const r = await t.run(a.OWNER, `query($id: ID!) { project(id: $id) { members { nodes { user { id memberships { nodes { organization { id } } } } } } } }`, { id: projectA });
    expect(r.errors).toBeUndefined();
    const bridgeNode = r.data.project.members.nodes.find((n: { user: { id: string } }) => n.user.id === bridge.id);
    expect(bridgeNode).toBeDefined();
    // A's OWNER may read A's member list, not B's or C's.
    expect(ids(bridgeNode.user.memberships.nodes)).toEqual([orgA]);
  });

  it("a project member who cannot read the org's member list sees another user's memberships only where they may read the member list", async () => {
    // A's MEMBER: no member:read in A, ADMIN (member:read) in C, not in B.
    const r = await t.run(a.MEMBER, `query($id: ID!) { project(id: $id) { members { nodes { user { id memberships { nodes { role organization { id } } } } } } } }`, { id: projectA });
    expect(r.errors).toBeUndefined();
    const bridgeNode = r.data.project.members.nodes.find((n: { user: { id: string } }) => n.user.id === bridge.id);
    expect(bridgeNode).toBeDefined();
    expect(bridgeNode.user.memberships.nodes).toEqual([{ role: 'MEMBER', organization: { id: orgC } }]);
  });

  it('through the org member list, a shared user leads back only to organizations the viewer may list members of', async () => {
    const r = await t.run(a.ADMIN, `query($id: ID!) { organization(id: $id) { members { nodes { user { id memberships { nodes { organization { id name } } } } } } } }`, { id: orgA });
    expect(r.errors).toBeUndefined();
    for (const n of r.data.organization.members.nodes) {
      expect(n.user.memberships.nodes.map((m: { organization: { id: string } }) => m.organization.id)).toEqual([orgA]);
    }
  });

  it("the viewer's own memberships list every organization they belong to, with their role", async () => {
    const r = await t.run(a.MEMBER, `{ viewer { id memberships { nodes { role organization { id name } } } } }`);
    expect(r.errors).toBeUndefined();
    const got = r.data.viewer.memberships.nodes.map((n: { role: string; organization: { id: string } }) => `${n.organization.id}:${n.role}`).sort();
    expect(got).toEqual([`${orgA}:MEMBER`, `${orgC}:ADMIN`].sort());
  });

  it('traversal both ways: org -> projects -> members -> user, and user -> memberships -> org', async () => {
    const r = await t.run(bridge, `{ viewer { memberships { nodes { role organization { id projects { nodes { id members { nodes { role user { id name } } } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const orgs = r.data.viewer.memberships.nodes;
    expect(ids(orgs)).toEqual([orgA, orgB, orgC].sort());
    const a1 = orgs.find((n: { organization: { id: string } }) => n.organization.id === orgA);
    expect(a1.role).toBe('MEMBER');
    expect(a1.organization.projects.nodes.map((p: { id: string }) => p.id)).toEqual([projectA]);
    const names = a1.organization.projects.nodes[0].members.nodes.map((m: { user: { name: string } }) => m.user.name);
    expect(names).toContain('Bridge');
  });

  it("a user who is OWNER of B and MEMBER of A still cannot see A's member list or B's data through A", async () => {
    const r = await t.run(bridge, `query($a: ID!) { organization(id: $a) { id members { nodes { role } } projects { nodes { id organization { id } } } } }`, { a: orgA });
    expect(r.data.organization.id).toBe(orgA);
    expect(r.data.organization.members).toBeNull();
    expect(r.errors?.map((e) => e.extensions?.permission)).toEqual(['member:read']);
    for (const p of r.data.organization.projects.nodes) expect(p.organization.id).toBe(orgA);
  });
});
