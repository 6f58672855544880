import type { SeedUser } from '../../src/seed/builders';
import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditCount } from '../testkit/project-holders';

const CREATE = `mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id name } } }`;
const RENAME = `mutation($i: RenameTeamInput!) { renameTeam(input: $i) { team { name } } }`;
const DELETE = `mutation($i: DeleteTeamInput!) { deleteTeam(input: $i) { deletedTeamId revokedGrants } }`;
const ADD = `mutation($i: TeamMemberInput!) { addTeamMember(input: $i) { team { members { nodes { user { id } } } } } }`;
const REMOVE = `mutation($i: TeamMemberInput!) { removeTeamMember(input: $i) { team { id } } }`;
const GRANT = `mutation($i: GrantTeamProjectInput!) { grantTeamProject(input: $i) { team { projectGrants { project { id } role } } } }`;
const REVOKE = `mutation($i: RevokeTeamProjectInput!) { revokeTeamProject(input: $i) { team { id } } }`;

interface Fixture { orgId: string; owner: SeedUser; actor: SeedUser; teamId: string; projectId: string; other: SeedUser }

/** An org with a team (the actor on it, so it is visible to them), a project and another member. */
async function fixture(t: TestGateway, orgRole: 'OWNER' | 'ADMIN' | 'BILLING_ADMIN' | 'MEMBER'): Promise<Fixture> {
  const owner = await t.seed.user('Owner');
  const orgId = await t.seed.organization(owner);
  const actor = await t.seed.user('Actor');
  await t.seed.member(orgId, actor, orgRole);
  const other = await t.seed.user('Other');
  await t.seed.member(orgId, other, 'MEMBER');
  const teamId = await t.seed.team(orgId, 'Team A');
  await t.seed.teamMember(orgId, teamId, actor);
  const projectId = await t.seed.project(orgId);
  return { orgId, owner, actor, teamId, projectId, other };
}

const MUTATIONS: [string, string, (f: Fixture, t: TestGateway) => Promise<Record<string, unknown>>][] = [
  ['createTeam', CREATE, async (f) => ({ orgId: f.orgId, name: 'New team' })],
  ['renameTeam', RENAME, async (f) => ({ teamId: f.teamId, name: 'Renamed' })],
  ['deleteTeam', DELETE, async (f) => ({ teamId: f.teamId })],
  ['addTeamMember', ADD, async (f) => ({ teamId: f.teamId, userId: f.other.id })],
  ['removeTeamMember', REMOVE, async (f, t) => {
    await t.seed.teamMember(f.orgId, f.teamId, f.other);
    return { teamId: f.teamId, userId: f.other.id };
  }],
  ['grantTeamProject', GRANT, async (f) => ({ teamId: f.teamId, projectId: f.projectId, role: 'ANALYST' })],
  ['revokeTeamProject', REVOKE, async (f, t) => {
    await t.seed.teamGrant(f.orgId, f.teamId, f.projectId, 'CONSUMER');
    return { teamId: f.teamId, projectId: f.projectId };
  }],
];

const TABLE = MUTATIONS.flatMap(([name, query, input]) =>
  (['OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'] as const).map((role) => ({
    name, query, input, role, allowed: role === 'OWNER' || role === 'ADMIN',
    verdict: role === 'OWNER' || role === 'ADMIN' ? 'may' : 'may not',
  })));

describe('teams', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it.each(TABLE)('an org $role on the team $verdict call $name', async ({ query, input, role, allowed }) => {
    const f = await fixture(t, role);
    const r = await t.run(f.actor, query, { i: await input(f, t) });
    if (allowed) {
      expect(r.errors).toBeUndefined();
      expect(await auditCount(t, f.actor)).toBe(1);
    } else {
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions!.permission).toBe('team:manage');
      expect(await auditCount(t, f.actor)).toBe(0);
    }
  });

  it('a team the viewer cannot see at all answers NOT_FOUND', async () => {
    const f = await fixture(t, 'OWNER');
    const outsider = await t.seed.user('Outsider');
    await t.seed.organization(outsider);
    const r = await t.run(outsider, RENAME, { i: { teamId: f.teamId, name: 'Mine now' } });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });

  it('a duplicate team name is refused naming the field', async () => {
    const f = await fixture(t, 'ADMIN');
    const r = await t.run(f.actor, CREATE, { i: { orgId: f.orgId, name: 'team a' } });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(r.errors![0].extensions!.field).toBe('input.name');
  });

  it("adding another organization's user to a team is refused, and the database refuses it too", async () => {
    const f = await fixture(t, 'OWNER');
    const stranger = await t.seed.user('Stranger');
    await t.seed.organization(stranger);
    const r = await t.run(f.actor, ADD, { i: { teamId: f.teamId, userId: stranger.id } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('input.userId');
    await expect(t.seed.teamMember(f.orgId, f.teamId, stranger)).rejects.toThrow(/fk_team_members_org_member/);
  });

  it("granting a team another organization's project is refused, and the database refuses it too", async () => {
    const f = await fixture(t, 'OWNER');
    const otherOrg = await t.seed.organization(f.actor);
    const foreignProject = await t.seed.project(otherOrg);
    const r = await t.run(f.actor, GRANT, { i: { teamId: f.teamId, projectId: foreignProject, role: 'CONSUMER' } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('input.projectId');
    expect(r.errors![0].message).toContain('only projects of its own organization');
    await expect(t.seed.teamGrant(f.orgId, f.teamId, foreignProject, 'CONSUMER')).rejects.toThrow(/fk_team_project_grants_project/);
  });

  it('an org ADMIN cannot give a team OWNER on a project, an org OWNER can', async () => {
    const f = await fixture(t, 'ADMIN');
    const refused = await t.run(f.actor, GRANT, { i: { teamId: f.teamId, projectId: f.projectId, role: 'OWNER' } });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].message).toContain('Only a project OWNER');
    const ok = await t.run(f.owner, GRANT, { i: { teamId: f.teamId, projectId: f.projectId, role: 'OWNER' } });
    expect(ok.errors).toBeUndefined();
  });

  it('an org ADMIN cannot change the roster of a team that holds OWNER on a project where they are not OWNER', async () => {
    const f = await fixture(t, 'ADMIN');
    const owners = await t.seed.team(f.orgId, 'Owners');
    await t.seed.teamGrant(f.orgId, owners, f.projectId, 'OWNER');
    const r = await t.run(f.actor, ADD, { i: { teamId: owners, userId: f.other.id } });
    expect(codes(r)).toEqual(['FORBIDDEN']);
    const asOwner = await t.run(f.owner, ADD, { i: { teamId: owners, userId: f.other.id } });
    expect(asOwner.errors).toBeUndefined();
  });

  it('a team grant shows up in the effective role of its members, and changes with the team', async () => {
    const f = await fixture(t, 'ADMIN');
    await t.run(f.actor, ADD, { i: { teamId: f.teamId, userId: f.other.id } });
    await t.run(f.actor, GRANT, { i: { teamId: f.teamId, projectId: f.projectId, role: 'ANALYST' } });
    const role = `query($id: ID!) { project(id: $id) { viewerRole { role grants { source team { name } } } } }`;
    const r = await t.run(f.other, role, { id: f.projectId });
    expect(r.data.project.viewerRole).toEqual({ role: 'ANALYST', grants: [{ source: 'TEAM', team: { name: 'Team A' } }] });
    await t.run(f.actor, REVOKE, { i: { teamId: f.teamId, projectId: f.projectId } });
    expect((await t.run(f.other, role, { id: f.projectId })).data.project).toBeNull();
  });

  it("deleting a team revokes only that team's grants and leaves direct grants alone", async () => {
    const f = await fixture(t, 'OWNER');
    await t.seed.teamMember(f.orgId, f.teamId, f.other);
    await t.seed.teamGrant(f.orgId, f.teamId, f.projectId, 'ADMIN');
    await t.seed.projectGrant(f.orgId, f.projectId, f.other, 'CONSUMER');
    const otherTeam = await t.seed.team(f.orgId, 'Team B');
    await t.seed.teamGrant(f.orgId, otherTeam, f.projectId, 'ANALYST');
    const r = await t.run(f.actor, DELETE, { i: { teamId: f.teamId } });
    expect(r.data.deleteTeam).toEqual({ deletedTeamId: f.teamId, revokedGrants: 1 });
    const direct = await t.db.dataSource.query(`SELECT role FROM project_members WHERE user_id = $1`, [f.other.id]);
    expect(direct).toEqual([{ role: 'CONSUMER' }]);
    const teamGrants = await t.db.dataSource.query(`SELECT team_id AS "teamId" FROM team_project_grants WHERE project_id = $1`, [f.projectId]);
    expect(teamGrants).toEqual([{ teamId: otherTeam }]);
  });

  it('removing someone who is not on the team says so', async () => {
    const f = await fixture(t, 'OWNER');
    const r = await t.run(f.actor, REMOVE, { i: { teamId: f.teamId, userId: f.other.id } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain('is not on this team');
  });
});
