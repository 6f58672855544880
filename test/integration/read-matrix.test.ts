import { randomUUID } from 'node:crypto';
import type { SeedUser } from '../../src/seed/builders';
import { codes, startTestGateway, type GraphQLResult, type TestGateway } from '../testkit/gateway';
import {
  holdProjectRole,
  orgCapabilities,
  ORG_CAN_FIELDS,
  projectCapabilities,
  PROJECT_CAN_FIELDS,
  SOURCE_OF,
  type Holder,
  type OrgRoleName,
  type ProjectRoleName,
  type Way,
} from '../testkit/roles';

/** The error at `path`, if any. */
const errorAt = (r: GraphQLResult, path: (string | number)[]) =>
  (r.errors ?? []).find((e) => JSON.stringify(e.path) === JSON.stringify(path));

/** ACCESS-MODEL §6: FORBIDDEN naming the missing permission and the resource, at the field's own path. */
function expectForbidden(r: GraphQLResult, path: (string | number)[], permission: string, type: RegExp, id: string) {
  const e = errorAt(r, path);
  expect(e).toBeDefined();
  expect(e!.extensions).toMatchObject({ code: 'FORBIDDEN', permission, resource: { type: expect.stringMatching(type), id } });
}

const sortIds = (nodes: { id: string }[]) => nodes.map((n) => n.id).sort();

describe('read access: organization roles', () => {
  let t: TestGateway;
  const users = {} as Record<OrgRoleName | 'OUTSIDER', SeedUser>;
  let orgId: string;
  let slug: string;
  const p = {} as Record<'P1' | 'P2' | 'P3' | 'P4', string>;
  const tm = {} as Record<'T1' | 'T2' | 'T3', string>;
  const boards = {} as Record<'memberPrivate' | 'memberShared' | 'ownerPrivate', string>;
  let analyst: SeedUser;

  beforeAll(async () => {
    t = await startTestGateway();
    const s = t.seed;
    users.OWNER = await s.user('Olga Owner');
    users.ADMIN = await s.user('Adam Admin');
    users.BILLING_ADMIN = await s.user('Bella Billing');
    users.MEMBER = await s.user('Mike Member');
    users.OUTSIDER = await s.user('Oscar Outsider');
    analyst = await s.user('Ana Analyst');
    orgId = await s.organization(users.OWNER, 'Matrix Org');
    await s.organization(users.OUTSIDER, 'Outsider Org');
    await s.member(orgId, users.ADMIN, 'ADMIN');
    await s.member(orgId, users.BILLING_ADMIN, 'BILLING_ADMIN');
    await s.member(orgId, users.MEMBER, 'MEMBER');
    await s.member(orgId, analyst, 'MEMBER');
    await s.paymentMethod(orgId);
    // P1: the MEMBER holds a direct ANALYST grant. P2: the BILLING_ADMIN holds CONSUMER through team T2.
    // P3: nobody holds a grant. P4: every org member is CONSUMER by default role.
    p.P1 = await s.project(orgId, 'P1');
    p.P2 = await s.project(orgId, 'P2');
    p.P3 = await s.project(orgId, 'P3');
    p.P4 = await s.project(orgId, 'P4', 'CONSUMER');
    await s.projectGrant(orgId, p.P1, users.MEMBER, 'ANALYST');
    await s.projectGrant(orgId, p.P1, analyst, 'ANALYST');
    tm.T1 = await s.team(orgId, 'T1');
    tm.T2 = await s.team(orgId, 'T2');
    tm.T3 = await s.team(orgId, 'T3');
    await s.teamMember(orgId, tm.T1, users.MEMBER);
    await s.teamMember(orgId, tm.T2, users.BILLING_ADMIN);
    await s.teamGrant(orgId, tm.T2, p.P2, 'CONSUMER');
    boards.memberPrivate = await s.board(orgId, p.P1, users.MEMBER, 'PRIVATE', 'Mike private');
    boards.memberShared = await s.board(orgId, p.P1, users.MEMBER, 'PROJECT', 'Mike shared');
    boards.ownerPrivate = await s.board(orgId, p.P1, users.OWNER, 'PRIVATE', 'Olga private');
    const r = await t.run(users.OWNER, `query($id: ID!) { organization(id: $id) { slug } }`, { id: orgId });
    slug = r.data.organization.slug;
  });
  afterAll(() => t.stop());

  const ROLES: OrgRoleName[] = ['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'];

  describe('not signed in', () => {
    it.each([
      ['viewer', `{ viewer { id } }`, () => ({})],
      ['organization', `query($id: ID!) { organization(id: $id) { id } }`, () => ({ id: orgId })],
      ['organizationBySlug', `query($slug: String!) { organizationBySlug(slug: $slug) { id } }`, () => ({ slug })],
      ['project', `query($id: ID!) { project(id: $id) { id } }`, () => ({ id: p.P1 })],
      ['team', `query($id: ID!) { team(id: $id) { id } }`, () => ({ id: tm.T1 })],
      ['board', `query($id: ID!) { board(id: $id) { id } }`, () => ({ id: boards.memberShared })],
    ])('an anonymous request for %s gets UNAUTHENTICATED and no data', async (field, query, vars) => {
      const r = await t.run(null, query, vars());
      expect(r.data?.[field] ?? null).toBeNull();
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('the organization itself', () => {
    it.each(ROLES)('an org %s reads the organization by id and by slug, with their own membership', async (role) => {
      const q = `query($id: ID!, $slug: String!) {
        byId: organization(id: $id) { id name slug plan viewerMembership { role user { id } } }
        bySlug: organizationBySlug(slug: $slug) { id name }
      }`;
      const r = await t.run(users[role], q, { id: orgId, slug });
      expect(r.errors).toBeUndefined();
      expect(r.data.byId).toMatchObject({ id: orgId, name: 'Matrix Org', slug, plan: 'ENTERPRISE', viewerMembership: { role, user: { id: users[role].id } } });
      expect(r.data.bySlug).toEqual({ id: orgId, name: 'Matrix Org' });
    });

    it('a signed-in user outside the organization gets null with no error, the same answer as for an id that does not exist', async () => {
      const q = `query($id: ID!) { organization(id: $id) { id name } }`;
      const real = await t.run(users.OUTSIDER, q, { id: orgId });
      const none = await t.run(users.OUTSIDER, q, { id: randomUUID() });
      expect(real).toEqual({ data: { organization: null } });
      expect(real).toEqual(none);
      const bySlug = await t.run(users.OUTSIDER, `query($s: String!) { organizationBySlug(slug: $s) { id } }`, { s: slug });
      const noSlug = await t.run(users.OUTSIDER, `query($s: String!) { organizationBySlug(slug: $s) { id } }`, { s: `no-such-${randomUUID()}` });
      expect(bySlug).toEqual({ data: { organizationBySlug: null } });
      expect(bySlug).toEqual(noSlug);
    });

    it.each(ROLES)('Organization.viewerCan for an org %s matches the §3 table exactly', async (role) => {
      const r = await t.run(users[role], `query($id: ID!) { organization(id: $id) { viewerCan { ${ORG_CAN_FIELDS} } } }`, { id: orgId });
      expect(r.errors).toBeUndefined();
      expect(r.data.organization.viewerCan).toEqual(orgCapabilities(role));
    });
  });

  describe('sensitive organization fields', () => {
    const FIELDS: [string, string, string, OrgRoleName[]][] = [
      ['members', 'members(first: 100) { nodes { role user { id } } }', 'member:read', ['OWNER', 'ADMIN']],
      ['billing', 'billing { plan { name } seatsUsed projectsUsed paymentMethod { last4 } }', 'billing:read', ['OWNER', 'BILLING_ADMIN']],
      ['invitations', 'invitations { nodes { id } }', 'member:invite', ['OWNER', 'ADMIN']],
      ['auditLog', 'auditLog { nodes { id } }', 'audit:read', ['OWNER', 'ADMIN']],
    ];
    const rows = ROLES.flatMap((role) =>
      FIELDS.map(([field, selection, permission, allowed]) => [role, field, allowed.includes(role) ? 'reads' : 'is refused', selection, permission, allowed.includes(role)] as const));

    it.each(rows)('an org %s asking for Organization.%s %s', async (role, field, _verb, selection, permission, allowed) => {
      const r = await t.run(users[role], `query($id: ID!) { organization(id: $id) { id name ${selection} } }`, { id: orgId });
      // The rest of the query answers either way.
      expect(r.data.organization).toMatchObject({ id: orgId, name: 'Matrix Org' });
      if (allowed) {
        expect(r.errors).toBeUndefined();
        expect(r.data.organization[field]).not.toBeNull();
      } else {
        expect(r.data.organization[field]).toBeNull();
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expectForbidden(r, ['organization', field], permission, /^organization$/i, orgId);
      }
    });

    it('the member list shows every member with their role', async () => {
      const r = await t.run(users.ADMIN, `query($id: ID!) { organization(id: $id) { members(first: 100) { nodes { role user { id } } } } }`, { id: orgId });
      expect(r.errors).toBeUndefined();
      const got = r.data.organization.members.nodes.map((n: { role: string; user: { id: string } }) => `${n.user.id}:${n.role}`).sort();
      expect(got).toEqual([
        `${users.OWNER.id}:OWNER`, `${users.ADMIN.id}:ADMIN`, `${users.BILLING_ADMIN.id}:BILLING_ADMIN`,
        `${users.MEMBER.id}:MEMBER`, `${analyst.id}:MEMBER`,
      ].sort());
    });

    it('billing shows the payment method summary to the billing admin', async () => {
      const r = await t.run(users.BILLING_ADMIN, `query($id: ID!) { organization(id: $id) { billing { plan { name } paymentMethod { brand last4 } } } }`, { id: orgId });
      expect(r.errors).toBeUndefined();
      expect(r.data.organization.billing).toEqual({ plan: { name: 'ENTERPRISE' }, paymentMethod: { brand: 'visa', last4: '4242' } });
    });
  });

  describe('which projects and teams an org role sees', () => {
    const PROJECTS: Record<OrgRoleName, ('P1' | 'P2' | 'P3' | 'P4')[]> = {
      OWNER: ['P1', 'P2', 'P3', 'P4'],
      ADMIN: ['P1', 'P2', 'P3', 'P4'],
      BILLING_ADMIN: ['P2', 'P4'],
      MEMBER: ['P1', 'P4'],
    };
    const TEAMS: Record<OrgRoleName, ('T1' | 'T2' | 'T3')[]> = {
      OWNER: ['T1', 'T2', 'T3'],
      ADMIN: ['T1', 'T2', 'T3'],
      BILLING_ADMIN: ['T2'],
      MEMBER: ['T1'],
    };

    it.each(ROLES.map((r) => [r, PROJECTS[r].join(', ')]))('Organization.projects for an org %s lists %s', async (role) => {
      const r = await t.run(users[role], `query($id: ID!) { organization(id: $id) { projects(first: 100) { nodes { id } } } }`, { id: orgId });
      expect(r.errors).toBeUndefined();
      expect(sortIds(r.data.organization.projects.nodes)).toEqual(PROJECTS[role as OrgRoleName].map((k) => p[k]).sort());
    });

    it.each(ROLES.map((r) => [r, TEAMS[r].join(', ')]))('Organization.teams for an org %s lists %s', async (role) => {
      const r = await t.run(users[role], `query($id: ID!) { organization(id: $id) { teams(first: 100) { nodes { id name } } } }`, { id: orgId });
      expect(r.errors).toBeUndefined();
      expect(sortIds(r.data.organization.teams.nodes)).toEqual(TEAMS[role as OrgRoleName].map((k) => tm[k]).sort());
    });

    it.each([
      ['OWNER', 'P1', 'OWNER'], ['ADMIN', 'P1', 'ADMIN'], ['BILLING_ADMIN', 'P1', null], ['MEMBER', 'P1', 'ANALYST'],
      ['OWNER', 'P2', 'OWNER'], ['ADMIN', 'P2', 'ADMIN'], ['BILLING_ADMIN', 'P2', 'CONSUMER'], ['MEMBER', 'P2', null],
      ['OWNER', 'P3', 'OWNER'], ['ADMIN', 'P3', 'ADMIN'], ['BILLING_ADMIN', 'P3', null], ['MEMBER', 'P3', null],
      ['OWNER', 'P4', 'OWNER'], ['ADMIN', 'P4', 'ADMIN'], ['BILLING_ADMIN', 'P4', 'CONSUMER'], ['MEMBER', 'P4', 'CONSUMER'],
    ] as [OrgRoleName, 'P1' | 'P2' | 'P3' | 'P4', string | null][])('project(id) for an org %s on %s: effective role %s', async (role, key, expected) => {
      const q = `query($id: ID!) { project(id: $id) { id viewerRole { role } } }`;
      const r = await t.run(users[role], q, { id: p[key] });
      if (expected === null) {
        // No access at all: null and no error, exactly like an id that does not exist.
        expect(r).toEqual({ data: { project: null } });
        expect(r).toEqual(await t.run(users[role], q, { id: randomUUID() }));
      } else {
        expect(r.errors).toBeUndefined();
        expect(r.data.project).toEqual({ id: p[key], viewerRole: { role: expected } });
      }
    });

    it.each(['OWNER', 'ADMIN'] as OrgRoleName[])('an org %s reads any team and its members by id', async (role) => {
      const r = await t.run(users[role], `query($id: ID!) { team(id: $id) { id name members(first: 100) { nodes { user { id } } } } }`, { id: tm.T1 });
      expect(r.errors).toBeUndefined();
      expect(r.data.team).toEqual({ id: tm.T1, name: 'T1', members: { nodes: [{ user: { id: users.MEMBER.id } }] } });
    });

    it.each([['BILLING_ADMIN', 'T1'], ['BILLING_ADMIN', 'T3'], ['MEMBER', 'T2'], ['MEMBER', 'T3']] as [OrgRoleName, 'T1' | 'T2' | 'T3'][])(
      'an org %s asking for team %s, which they do not belong to, gets null with no error', async (role, key) => {
        const q = `query($id: ID!) { team(id: $id) { id name } }`;
        const r = await t.run(users[role], q, { id: tm[key] });
        expect(r).toEqual({ data: { team: null } });
        expect(r).toEqual(await t.run(users[role], q, { id: randomUUID() }));
      });

    it.each([['BILLING_ADMIN', 'T2'], ['MEMBER', 'T1']] as [OrgRoleName, 'T1' | 'T2' | 'T3'][])(
      'an org %s sees their own team %s in Organization.teams, but its member list is FORBIDDEN (team:read)', async (role, key) => {
        const r = await t.run(users[role], `query($id: ID!) { organization(id: $id) { name teams(first: 100) { nodes { id name members { nodes { user { id } } } } } } }`, { id: orgId });
        expect(r.data.organization.name).toBe('Matrix Org');
        const nodes = r.data.organization.teams.nodes;
        expect(nodes).toEqual([{ id: tm[key], name: key, members: null }]);
        expect(codes(r)).toEqual(['FORBIDDEN']);
        expectForbidden(r, ['organization', 'teams', 'nodes', 0, 'members'], 'team:read', /^team$/i, tm[key]);
      });

    it('an org MEMBER asking for their own team by id never sees its roster, and is told team:read is missing', async () => {
      const r = await t.run(users.MEMBER, `query($id: ID!) { team(id: $id) { id members { nodes { user { id } } } } }`, { id: tm.T1 });
      expect(r.data?.team?.members ?? null).toBeNull();
      expect(codes(r)).toContain('FORBIDDEN');
      expect((r.errors ?? []).some((e) => e.extensions?.permission === 'team:read')).toBe(true);
    });
  });

  describe('boards', () => {
    const Q = `query($id: ID!) { board(id: $id) { id name visibility creator { id } } }`;

    it('a private board is visible to its creator', async () => {
      const r = await t.run(users.MEMBER, Q, { id: boards.memberPrivate });
      expect(r.errors).toBeUndefined();
      expect(r.data.board).toEqual({ id: boards.memberPrivate, name: 'Mike private', visibility: 'PRIVATE', creator: { id: users.MEMBER.id } });
    });

    it.each([['the org OWNER', 'OWNER'], ['an org ADMIN', 'ADMIN'], ['another ANALYST of the project', 'ANALYST']])(
      "someone else's private board is null with no error for %s", async (_who, key) => {
        const viewer = key === 'ANALYST' ? analyst : users[key as OrgRoleName];
        const r = await t.run(viewer, Q, { id: boards.memberPrivate });
        expect(r).toEqual({ data: { board: null } });
        expect(r).toEqual(await t.run(viewer, Q, { id: randomUUID() }));
      });

    it.each([['the org OWNER', 'OWNER'], ['an org ADMIN', 'ADMIN'], ['its creator', 'MEMBER'], ['another ANALYST of the project', 'ANALYST']])(
      'a project board is visible to %s, who can read the project', async (_who, key) => {
        const viewer = key === 'ANALYST' ? analyst : users[key as OrgRoleName];
        const r = await t.run(viewer, Q, { id: boards.memberShared });
        expect(r.errors).toBeUndefined();
        expect(r.data.board).toMatchObject({ id: boards.memberShared, visibility: 'PROJECT' });
      });

    it.each([['an org BILLING_ADMIN without a role in the project', 'BILLING_ADMIN'], ['a user outside the org', 'OUTSIDER']])(
      'a project board is null with no error for %s', async (_who, key) => {
        const viewer = users[key as OrgRoleName | 'OUTSIDER'];
        const r = await t.run(viewer, Q, { id: boards.memberShared });
        expect(r).toEqual({ data: { board: null } });
      });

    it.each([
      ['the org OWNER', 'OWNER', ['memberShared', 'ownerPrivate']],
      ['the creator of a private board', 'MEMBER', ['memberPrivate', 'memberShared']],
      ['another ANALYST', 'ANALYST', ['memberShared']],
    ] as [string, string, ('memberPrivate' | 'memberShared' | 'ownerPrivate')[]][])(
      'Project.boards for %s lists shared boards and only their own private ones', async (_who, key, expected) => {
        const viewer = key === 'ANALYST' ? analyst : users[key as OrgRoleName];
        const r = await t.run(viewer, `query($id: ID!) { project(id: $id) { boards(first: 100) { nodes { id } } } }`, { id: p.P1 });
        expect(r.errors).toBeUndefined();
        expect(sortIds(r.data.project.boards.nodes)).toEqual(expected.map((k) => boards[k]).sort());
      });
  });
});

describe('read access: project roles, held each way', () => {
  let t: TestGateway;
  let orgId: string;
  let owner: SeedUser;
  const CASES: [ProjectRoleName, Way][] = [
    ['OWNER', 'direct'], ['ADMIN', 'direct'], ['ANALYST', 'direct'], ['CONSUMER', 'direct'],
    ['OWNER', 'team'], ['ADMIN', 'team'], ['ANALYST', 'team'], ['CONSUMER', 'team'],
    ['OWNER', 'org'], ['ADMIN', 'org'],
    ['OWNER', 'default'], ['ADMIN', 'default'], ['ANALYST', 'default'], ['CONSUMER', 'default'],
  ];
  const holders = new Map<string, Holder>();
  const key = (role: string, way: string) => `${role}/${way}`;

  beforeAll(async () => {
    t = await startTestGateway();
    owner = await t.seed.user('Project Matrix Owner');
    orgId = await t.seed.organization(owner, 'Project Matrix Org');
    for (const [role, way] of CASES) holders.set(key(role, way), await holdProjectRole(t.seed, orgId, role, way));
  });
  afterAll(() => t.stop());

  const grantOf = (role: ProjectRoleName, way: Way, h: Holder) =>
    ({ source: SOURCE_OF[way], role, team: way === 'team' ? { name: h.team!.name } : null });

  it.each(CASES)('a project %s held by way of %s shows as Project.viewerRole with that one grant', async (role, way) => {
    const h = holders.get(key(role, way))!;
    const r = await t.run(h.user, `query($id: ID!) { project(id: $id) { id viewerRole { role grants { source role team { name } } } } }`, { id: h.projectId });
    expect(r.errors).toBeUndefined();
    expect(r.data.project).toEqual({ id: h.projectId, viewerRole: { role, grants: [grantOf(role, way, h)] } });
  });

  it.each(CASES)('Project.viewerCan for a project %s (by way of %s) matches the §3 table exactly', async (role, way) => {
    const h = holders.get(key(role, way))!;
    const r = await t.run(h.user, `query($id: ID!) { project(id: $id) { viewerCan { ${PROJECT_CAN_FIELDS} } } }`, { id: h.projectId });
    expect(r.errors).toBeUndefined();
    expect(r.data.project.viewerCan).toEqual(projectCapabilities(role));
  });

  it.each(CASES)('a project %s (by way of %s) reads apiSecret and auditLog only with project:readSecrets and audit:readProject', async (role, way) => {
    const h = holders.get(key(role, way))!;
    const r = await t.run(h.user, `query($id: ID!) { project(id: $id) { id name apiSecret { hint } auditLog { nodes { id } } } }`, { id: h.projectId });
    expect(r.data.project).toMatchObject({ id: h.projectId, name: expect.any(String) });
    if (role === 'OWNER' || role === 'ADMIN') {
      expect(r.errors).toBeUndefined();
      expect(r.data.project.apiSecret.hint).toEqual(expect.any(String));
      expect(r.data.project.auditLog).toEqual({ nodes: expect.any(Array) });
    } else {
      expect(r.data.project.apiSecret).toBeNull();
      expect(r.data.project.auditLog).toBeNull();
      expect(codes(r)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expectForbidden(r, ['project', 'apiSecret'], 'project:readSecrets', /^project$/i, h.projectId);
      expectForbidden(r, ['project', 'auditLog'], 'audit:readProject', /^project$/i, h.projectId);
    }
  });

  it.each(CASES)('Project.members lists a project %s (by way of %s) with their role and grant', async (role, way) => {
    const h = holders.get(key(role, way))!;
    const r = await t.run(h.user, `query($id: ID!) { project(id: $id) { members(first: 100) { nodes { user { id } role grants { source role team { name } } } } } }`, { id: h.projectId });
    expect(r.errors).toBeUndefined();
    const me = r.data.project.members.nodes.filter((n: { user: { id: string } }) => n.user.id === h.user.id);
    expect(me).toEqual([{ user: { id: h.user.id }, role, grants: [grantOf(role, way, h)] }]);
  });

  describe('the effective role is the highest of every grant', () => {
    it('an org ADMIN with direct CONSUMER, team ANALYST and default CONSUMER is project ADMIN, and every grant is listed', async () => {
      const u = await t.seed.user('Many Grants');
      await t.seed.member(orgId, u, 'ADMIN');
      const projectId = await t.seed.project(orgId, 'Many', 'CONSUMER');
      await t.seed.projectGrant(orgId, projectId, u, 'CONSUMER');
      const teamId = await t.seed.team(orgId, 'Analysts of Many');
      await t.seed.teamMember(orgId, teamId, u);
      await t.seed.teamGrant(orgId, teamId, projectId, 'ANALYST');
      const r = await t.run(u, `query($id: ID!) { project(id: $id) { viewerRole { role grants { source role team { name } } } viewerCan { delete update } } }`, { id: projectId });
      expect(r.errors).toBeUndefined();
      expect(r.data.project.viewerRole.role).toBe('ADMIN');
      expect(r.data.project.viewerRole.grants).toHaveLength(4);
      expect(r.data.project.viewerRole.grants).toEqual(expect.arrayContaining([
        { source: 'ORG_ROLE', role: 'ADMIN', team: null },
        { source: 'DIRECT', role: 'CONSUMER', team: null },
        { source: 'TEAM', role: 'ANALYST', team: { name: 'Analysts of Many' } },
        { source: 'DEFAULT_ROLE', role: 'CONSUMER', team: null },
      ]));
      // Org ADMINs cannot delete a project unless they also hold OWNER there (§4).
      expect(r.data.project.viewerCan).toEqual({ delete: false, update: true });
    });

    it('an org MEMBER with direct ANALYST and a team OWNER grant is project OWNER', async () => {
      const u = await t.seed.user('Team Owner');
      await t.seed.member(orgId, u, 'MEMBER');
      const projectId = await t.seed.project(orgId, 'Owned by team');
      await t.seed.projectGrant(orgId, projectId, u, 'ANALYST');
      const teamId = await t.seed.team(orgId, 'Owners team');
      await t.seed.teamMember(orgId, teamId, u);
      await t.seed.teamGrant(orgId, teamId, projectId, 'OWNER');
      const r = await t.run(u, `query($id: ID!) { project(id: $id) { viewerRole { role } viewerCan { delete } } }`, { id: projectId });
      expect(r.errors).toBeUndefined();
      expect(r.data.project).toEqual({ viewerRole: { role: 'OWNER' }, viewerCan: { delete: true } });
    });

    it('an org ADMIN who also holds a direct OWNER grant may delete the project', async () => {
      const u = await t.seed.user('Admin Owner');
      await t.seed.member(orgId, u, 'ADMIN');
      const projectId = await t.seed.project(orgId, 'Admin owned');
      await t.seed.projectGrant(orgId, projectId, u, 'OWNER');
      const r = await t.run(u, `query($id: ID!) { project(id: $id) { viewerRole { role } viewerCan { delete } } }`, { id: projectId });
      expect(r.errors).toBeUndefined();
      expect(r.data.project).toEqual({ viewerRole: { role: 'OWNER' }, viewerCan: { delete: true } });
    });

    it('an org BILLING_ADMIN gets nothing implicitly, but a direct grant counts', async () => {
      const u = await t.seed.user('Billing Granted');
      await t.seed.member(orgId, u, 'BILLING_ADMIN');
      const granted = await t.seed.project(orgId, 'Billing granted');
      const notGranted = await t.seed.project(orgId, 'Billing not granted');
      await t.seed.projectGrant(orgId, granted, u, 'ADMIN');
      const q = `query($id: ID!) { project(id: $id) { viewerRole { role grants { source role } } } }`;
      const r = await t.run(u, q, { id: granted });
      expect(r.errors).toBeUndefined();
      expect(r.data.project.viewerRole).toEqual({ role: 'ADMIN', grants: [{ source: 'DIRECT', role: 'ADMIN' }] });
      expect(await t.run(u, q, { id: notGranted })).toEqual({ data: { project: null } });
    });
  });

  it('Project.members lists everyone with a role there, org-implied ones included, and nobody without one', async () => {
    const admin = await t.seed.user('Implied Admin');
    const direct = await t.seed.user('Direct Analyst');
    const viaTeam = await t.seed.user('Team Consumer');
    const nobody = await t.seed.user('No Role');
    const billing = await t.seed.user('Billing No Role');
    for (const [u, r] of [[admin, 'ADMIN'], [direct, 'MEMBER'], [viaTeam, 'MEMBER'], [nobody, 'MEMBER'], [billing, 'BILLING_ADMIN']] as const) {
      await t.seed.member(orgId, u, r);
    }
    const projectId = await t.seed.project(orgId, 'Membership listing');
    await t.seed.projectGrant(orgId, projectId, direct, 'ANALYST');
    const teamId = await t.seed.team(orgId, 'Listing team');
    await t.seed.teamMember(orgId, teamId, viaTeam);
    await t.seed.teamGrant(orgId, teamId, projectId, 'CONSUMER');
    const r = await t.run(direct, `query($id: ID!) { project(id: $id) { members(first: 100) { nodes { user { id } role grants { source role } } } } }`, { id: projectId });
    expect(r.errors).toBeUndefined();
    const byUser = new Map<string, unknown>(r.data.project.members.nodes.map((n: { user: { id: string } }) => [n.user.id, n]));
    expect(byUser.get(direct.id)).toEqual({ user: { id: direct.id }, role: 'ANALYST', grants: [{ source: 'DIRECT', role: 'ANALYST' }] });
    expect(byUser.get(viaTeam.id)).toEqual({ user: { id: viaTeam.id }, role: 'CONSUMER', grants: [{ source: 'TEAM', role: 'CONSUMER' }] });
    expect(byUser.get(owner.id)).toEqual({ user: { id: owner.id }, role: 'OWNER', grants: [{ source: 'ORG_ROLE', role: 'OWNER' }] });
    expect(byUser.get(admin.id)).toEqual({ user: { id: admin.id }, role: 'ADMIN', grants: [{ source: 'ORG_ROLE', role: 'ADMIN' }] });
    expect(byUser.has(nobody.id)).toBe(false);
    expect(byUser.has(billing.id)).toBe(false);
  });
});

describe('connections: cursor pagination with a capped page size', () => {
  let t: TestGateway;
  let owner: SeedUser;
  let orgId: string;
  let projectId: string;
  const projectIds: string[] = [];

  beforeAll(async () => {
    t = await startTestGateway();
    owner = await t.seed.user('Pager');
    orgId = await t.seed.organization(owner, 'Paging Org');
    for (let i = 0; i < 5; i++) projectIds.push(await t.seed.project(orgId, `Paged ${i}`));
    projectId = projectIds[0];
    for (let i = 0; i < 4; i++) {
      const u = await t.seed.user(`Paged member ${i}`);
      await t.seed.member(orgId, u, 'MEMBER');
      await t.seed.projectGrant(orgId, projectId, u, 'CONSUMER');
    }
  });
  afterAll(() => t.stop());

  it('paging Organization.projects with first and after returns every row once, then stops', async () => {
    const q = `query($id: ID!, $after: String) { organization(id: $id) { projects(first: 2, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r: GraphQLResult = await t.run(owner, q, { id: orgId, after });
      expect(r.errors).toBeUndefined();
      const conn = r.data.organization.projects;
      sizes.push(conn.edges.length);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...projectIds].sort());
  });

  it('paging Project.members with first and after returns every member once', async () => {
    const q = `query($id: ID!, $after: String) { project(id: $id) { members(first: 2, after: $after) { nodes { user { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: GraphQLResult = await t.run(owner, q, { id: projectId, after });
      expect(r.errors).toBeUndefined();
      const conn = r.data.project.members;
      expect(conn.nodes.length).toBeLessThanOrEqual(2);
      seen.push(...conn.nodes.map((n: { user: { id: string } }) => n.user.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    // Four direct CONSUMERs and the org OWNER.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(5);
  });

  it('first: 100 is accepted', async () => {
    const r = await t.run(owner, `query($id: ID!) { organization(id: $id) { projects(first: 100) { nodes { id } } } }`, { id: orgId });
    expect(r.errors).toBeUndefined();
    expect(r.data.organization.projects.nodes).toHaveLength(5);
  });

  it.each([
    ['Organization.projects', `query($id: ID!) { organization(id: $id) { projects(first: 101) { nodes { id } } } }`, () => ({ id: orgId })],
    ['Organization.members', `query($id: ID!) { organization(id: $id) { members(first: 101) { nodes { role } } } }`, () => ({ id: orgId })],
    ['Organization.teams', `query($id: ID!) { organization(id: $id) { teams(first: 101) { nodes { id } } } }`, () => ({ id: orgId })],
    ['Project.members', `query($id: ID!) { project(id: $id) { members(first: 101) { nodes { role } } } }`, () => ({ id: projectId })],
    ['Project.boards', `query($id: ID!) { project(id: $id) { boards(first: 101) { nodes { id } } } }`, () => ({ id: projectId })],
    ['User.memberships', `{ viewer { memberships(first: 101) { nodes { role } } } }`, () => ({})],
  ])('first: 101 on %s is a BAD_USER_INPUT error naming "first"', async (_field, query, vars) => {
    const r = await t.run(owner, query, vars());
    expect(codes(r)).toContain('BAD_USER_INPUT');
    const e = r.errors!.find((x) => x.extensions?.code === 'BAD_USER_INPUT')!;
    expect(e.message).toContain('first');
  });
});
