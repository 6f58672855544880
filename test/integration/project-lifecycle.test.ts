import { createHash } from 'node:crypto';
import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { auditCount, seedHolding } from '../testkit/project-holders';

const CREATE = `mutation($i: CreateProjectInput!) {
  createProject(input: $i) { apiSecret project { id name timezone apiSecret { hint } viewerRole { role grants { source role } } } } }`;
const ADD = `mutation($i: AddProjectMemberInput!) { addProjectMember(input: $i) { member { user { id } role grants { source role } } } }`;
const CHANGE = `mutation($i: ChangeProjectMemberRoleInput!) { changeProjectMemberRole(input: $i) { member { role } } }`;
const REMOVE = `mutation($i: RemoveProjectMemberInput!) {
  removeProjectMember(input: $i) { userId removedRole remainingRole { role grants { source role team { name } } } } }`;
const DEFAULT_ROLE = `mutation($i: SetProjectDefaultRoleInput!) { setProjectDefaultRole(input: $i) { project { defaultRole } } }`;
const DELETE = `mutation($i: DeleteProjectInput!) { deleteProject(input: $i) { deletedProjectId } }`;
const TRANSFER = `mutation($i: TransferProjectInput!) {
  transferProject(input: $i) {
    project { id organization { id } boards { nodes { id name } } }
    droppedGrants { user { id } role } droppedTeamGrants { team { id name } role } droppedInvitationGrants droppedDefaultRole } }`;
const PROJECT_ROLE = `query($id: ID!) {
  project(id: $id) { viewerRole { role grants { source role team { id name } } }
    viewerCan { update delete shareBoards manageMembers }
    members { nodes { user { id } role grants { source role team { name } } } } } }`;

describe('project lifecycle and project members', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  describe('creating a project', () => {
    it('gives its creator a direct OWNER grant and returns the API secret once, storing only its SHA-256', async () => {
      const admin = await t.seed.user('Org Admin');
      const owner = await t.seed.user('Owner');
      const orgId = await t.seed.organization(owner);
      await t.seed.member(orgId, admin, 'ADMIN');
      const r = await t.run(admin, CREATE, { i: { orgId, name: '  Web  ', timezone: 'Europe/Berlin' } });
      expect(r.errors).toBeUndefined();
      const { apiSecret, project } = r.data.createProject;
      expect(project).toMatchObject({ name: 'Web', timezone: 'Europe/Berlin', apiSecret: { hint: apiSecret.slice(-4) } });
      expect(project.viewerRole.role).toBe('OWNER');
      expect(project.viewerRole.grants).toEqual(expect.arrayContaining([{ source: 'DIRECT', role: 'OWNER' }, { source: 'ORG_ROLE', role: 'ADMIN' }]));
      const [row] = await t.db.dataSource.query(`SELECT api_secret_hash FROM projects WHERE id = $1`, [project.id]);
      expect(row.api_secret_hash).toBe(createHash('sha256').update(apiSecret).digest('hex'));
      const [stored] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM projects WHERE api_secret_hash = $1 OR api_secret_hint = $1`, [apiSecret]);
      expect(stored.n).toBe(0);
    });

    it('is refused to an org MEMBER, naming project:create', async () => {
      const owner = await t.seed.user('Owner');
      const member = await t.seed.user('Member');
      const orgId = await t.seed.organization(owner);
      await t.seed.member(orgId, member, 'MEMBER');
      const r = await t.run(member, CREATE, { i: { orgId, name: 'Nope' } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions!.permission).toBe('project:create');
    });

    it('refuses a time zone that is not IANA, naming the field, and writes nothing', async () => {
      const owner = await t.seed.user('Owner');
      const orgId = await t.seed.organization(owner);
      const r = await t.run(owner, CREATE, { i: { orgId, name: 'Bad tz', timezone: 'Mars/Olympus' } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions!.field).toBe('input.timezone');
      expect(await auditCount(t, owner)).toBe(0);
    });

    it('stops at the plan project limit with the numbers, and nothing is half-written', async () => {
      const owner = await t.seed.user('Owner');
      const orgId = await t.seed.organization(owner, undefined, 'FREE');
      for (let i = 0; i < 3; i++) await t.seed.project(orgId);
      const r = await t.run(owner, CREATE, { i: { orgId, name: 'Fourth' } });
      expect(codes(r)).toEqual(['PLAN_LIMIT_EXCEEDED']);
      expect(r.errors![0].extensions).toMatchObject({ limit: 3, used: 3, plan: 'FREE' });
      const [n] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM projects WHERE org_id = $1`, [orgId]);
      expect(n.n).toBe(3);
      expect(await auditCount(t, owner)).toBe(0);
    });
  });

  describe('updating, rotating and the audit trail', () => {
    it('renames a project and shows the change in Project.auditLog', async () => {
      const h = await seedHolding(t, 'ADMIN', 'DIRECT');
      const r = await t.run(h.user, `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { name timezone } } }`,
        { i: { projectId: h.projectId, name: 'New name', timezone: 'America/New_York' } });
      expect(r.errors).toBeUndefined();
      expect(r.data.updateProject.project).toEqual({ name: 'New name', timezone: 'America/New_York' });
      const log = await t.run(h.user, `query($id: ID!) { project(id: $id) { auditLog { nodes { action actor { id } after } } } }`, { id: h.projectId });
      expect(log.errors).toBeUndefined();
      expect(log.data.project.auditLog.nodes).toEqual([
        expect.objectContaining({ action: 'project.updated', actor: { id: h.user.id }, after: { name: 'New name', timezone: 'America/New_York' } }),
      ]);
    });

    it('rotating the API secret returns a new secret once and keeps only its hash and hint', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const q = `mutation($i: RotateProjectApiSecretInput!) { rotateProjectApiSecret(input: $i) { apiSecret project { apiSecret { hint } } } }`;
      const a = await t.run(h.user, q, { i: { projectId: h.projectId } });
      const b = await t.run(h.user, q, { i: { projectId: h.projectId } });
      expect(a.data.rotateProjectApiSecret.apiSecret).not.toBe(b.data.rotateProjectApiSecret.apiSecret);
      expect(b.data.rotateProjectApiSecret.project.apiSecret.hint).toBe(b.data.rotateProjectApiSecret.apiSecret.slice(-4));
      const [row] = await t.db.dataSource.query(`SELECT api_secret_hash AS h FROM projects WHERE id = $1`, [h.projectId]);
      expect(row.h).toBe(createHash('sha256').update(b.data.rotateProjectApiSecret.apiSecret).digest('hex'));
    });
  });

  describe('deleting a project as an org ADMIN (§4)', () => {
    it.each([
      ['without any OWNER grant', null, 'FORBIDDEN'],
      ['with a direct OWNER grant', 'DIRECT', null],
      ['with an OWNER grant through a team', 'TEAM', null],
    ])('an org ADMIN %s: %s', async (_case, grant, error) => {
      const h = await seedHolding(t, 'ADMIN', 'ORG_ROLE');
      if (grant === 'DIRECT') await t.seed.projectGrant(h.orgId, h.projectId, h.user, 'OWNER');
      if (grant === 'TEAM') {
        const team = await t.seed.team(h.orgId);
        await t.seed.teamMember(h.orgId, team, h.user);
        await t.seed.teamGrant(h.orgId, team, h.projectId, 'OWNER');
      }
      const r = await t.run(h.user, DELETE, { i: { projectId: h.projectId } });
      if (error) {
        expect(codes(r)).toEqual([error]);
        expect(r.errors![0].extensions!.permission).toBe('project:delete');
      } else {
        expect(r.errors).toBeUndefined();
        const gone = await t.run(h.owner, `query($id: ID!) { project(id: $id) { id } }`, { id: h.projectId });
        expect(gone.data.project).toBeNull();
      }
    });
  });

  describe('rank rules for project grants (§4)', () => {
    it.each([
      ['a project ADMIN', 'ADMIN', 'OWNER', 'FORBIDDEN'],
      ['a project ADMIN', 'ADMIN', 'ADMIN', null],
      ['a project OWNER', 'OWNER', 'OWNER', null],
    ] as const)('%s granting %s directly gets %s', async (_who, role, grant, error) => {
      const h = await seedHolding(t, role, 'DIRECT');
      const target = await t.seed.user('Target');
      await t.seed.member(h.orgId, target, 'MEMBER');
      const r = await t.run(h.user, ADD, { i: { projectId: h.projectId, userId: target.id, role: grant } });
      if (error) expect(codes(r)).toEqual([error]);
      else expect(r.data.addProjectMember.member).toMatchObject({ role: grant, grants: [{ source: 'DIRECT', role: grant }] });
    });

    it('an org ADMIN, a project ADMIN by implication, cannot grant OWNER', async () => {
      const h = await seedHolding(t, 'ADMIN', 'ORG_ROLE');
      const target = await t.seed.user('Target');
      await t.seed.member(h.orgId, target, 'MEMBER');
      const r = await t.run(h.user, ADD, { i: { projectId: h.projectId, userId: target.id, role: 'OWNER' } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].message).toContain('Only a project OWNER');
    });

    it.each([
      ['change', CHANGE, { role: 'CONSUMER' }],
      ['remove', REMOVE, {}],
    ])('a project ADMIN cannot %s the direct grant of a project OWNER, but a project OWNER can', async (_verb, query, extra) => {
      const admin = await seedHolding(t, 'ADMIN', 'DIRECT');
      const owner2 = await t.seed.user('Other owner');
      await t.seed.member(admin.orgId, owner2, 'MEMBER');
      await t.seed.projectGrant(admin.orgId, admin.projectId, owner2, 'OWNER');
      const refused = await t.run(admin.user, query, { i: { projectId: admin.projectId, userId: owner2.id, ...extra } });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      const projOwner = await t.seed.user('Project owner');
      await t.seed.member(admin.orgId, projOwner, 'MEMBER');
      await t.seed.projectGrant(admin.orgId, admin.projectId, projOwner, 'OWNER');
      const allowed = await t.run(projOwner, query, { i: { projectId: admin.projectId, userId: owner2.id, ...extra } });
      expect(allowed.errors).toBeUndefined();
    });

    it('a project ADMIN can set the default role up to ADMIN but not OWNER', async () => {
      const h = await seedHolding(t, 'ADMIN', 'DIRECT');
      const ok = await t.run(h.user, DEFAULT_ROLE, { i: { projectId: h.projectId, role: 'ADMIN' } });
      expect(ok.data.setProjectDefaultRole.project.defaultRole).toBe('ADMIN');
      const refused = await t.run(h.user, DEFAULT_ROLE, { i: { projectId: h.projectId, role: 'OWNER' } });
      expect(codes(refused)).toEqual(['FORBIDDEN']);
      const cleared = await t.run(h.user, DEFAULT_ROLE, { i: { projectId: h.projectId, role: null } });
      expect(cleared.data.setProjectDefaultRole.project.defaultRole).toBeNull();
    });

    it('a grant that comes through a team cannot be changed or removed as a project member, and the error names the team', async () => {
      const h = await seedHolding(t, 'ADMIN', 'DIRECT');
      const via = await seedTeamMember(t, h.orgId, h.projectId, 'Data Team', 'ANALYST');
      for (const [q, extra] of [[CHANGE, { role: 'CONSUMER' }], [REMOVE, {}]] as const) {
        const r = await t.run(h.user, q, { i: { projectId: h.projectId, userId: via.id, ...extra } });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0].extensions!.field).toBe('input.userId');
        expect(r.errors![0].message).toContain('through team "Data Team"');
        expect(r.errors![0].message).toContain('only be changed through the team');
      }
    });

    it('removing a member removes the direct grant only and says what they still hold through a team', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const u = await seedTeamMember(t, h.orgId, h.projectId, 'Viewers', 'CONSUMER');
      await t.seed.projectGrant(h.orgId, h.projectId, u, 'ADMIN');
      const r = await t.run(h.user, REMOVE, { i: { projectId: h.projectId, userId: u.id } });
      expect(r.errors).toBeUndefined();
      expect(r.data.removeProjectMember).toEqual({
        userId: u.id, removedRole: 'ADMIN',
        remainingRole: { role: 'CONSUMER', grants: [{ source: 'TEAM', role: 'CONSUMER', team: { name: 'Viewers' } }] },
      });
    });
  });

  describe('only organization members hold project grants', () => {
    it('adding a user of another organization is refused with the field named, and the database refuses it too', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const stranger = await t.seed.user('Stranger');
      const strangersOrg = await t.seed.organization(stranger);
      const r = await t.run(h.user, ADD, { i: { projectId: h.projectId, userId: stranger.id, role: 'CONSUMER' } });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].extensions!.field).toBe('input.userId');
      expect(r.errors![0].message).toContain('only organization members can be added');
      await expect(t.seed.projectGrant(h.orgId, h.projectId, stranger, 'CONSUMER')).rejects.toThrow(/fk_project_members_org_member/);
      await expect(t.seed.projectGrant(strangersOrg, h.projectId, stranger, 'CONSUMER')).rejects.toThrow(/fk_project_members_project/);
    });

    it('removing a user from the organization takes away every project and team grant at once', async () => {
      const h = await seedHolding(t, 'ADMIN', 'DIRECT');
      const team = await t.seed.team(h.orgId);
      await t.seed.teamMember(h.orgId, team, h.user);
      await t.seed.teamGrant(h.orgId, team, h.projectId, 'OWNER');
      await t.db.dataSource.query(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [h.orgId, h.user.id]);
      const left = await t.db.dataSource.query(
        `SELECT 'pm' FROM project_members WHERE user_id = $1 UNION ALL SELECT 'tm' FROM team_members WHERE user_id = $1`, [h.user.id]);
      expect(left).toEqual([]);
      const r = await t.run(h.user, PROJECT_ROLE, { id: h.projectId });
      expect(r.data.project).toBeNull();
    });
  });

  describe('effective roles that explain themselves', () => {
    it('a CONSUMER by direct grant and ANALYST through a team is an ANALYST, with both grants listed and the team named', async () => {
      const h = await seedHolding(t, 'CONSUMER', 'DIRECT');
      const team = await t.seed.team(h.orgId, 'Analysts');
      await t.seed.teamMember(h.orgId, team, h.user);
      await t.seed.teamGrant(h.orgId, team, h.projectId, 'ANALYST');
      const r = await t.run(h.user, PROJECT_ROLE, { id: h.projectId });
      expect(r.errors).toBeUndefined();
      expect(r.data.project.viewerRole).toEqual({
        role: 'ANALYST',
        grants: [{ source: 'DIRECT', role: 'CONSUMER', team: null }, { source: 'TEAM', role: 'ANALYST', team: { id: team, name: 'Analysts' } }],
      });
      expect(r.data.project.viewerCan).toEqual({ update: false, delete: false, shareBoards: true, manageMembers: false });
      const asOwner = await t.run(h.owner, PROJECT_ROLE, { id: h.projectId });
      const me = asOwner.data.project.members.nodes.find((m: { user: { id: string } }) => m.user.id === h.user.id);
      expect(me).toEqual({
        user: { id: h.user.id }, role: 'ANALYST',
        grants: [{ source: 'DIRECT', role: 'CONSUMER', team: null }, { source: 'TEAM', role: 'ANALYST', team: { name: 'Analysts' } }],
      });
    });
  });

  describe('transferring a project', () => {
    it('moves the project and its boards, drops team grants and grants of non-members, and reports them', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const targetOwner = await t.seed.user('Target owner');
      const target = await t.seed.organization(targetOwner);
      await t.seed.member(target, h.user, 'ADMIN');
      const stays = await t.seed.user('Stays');
      const dropped = await t.seed.user('Dropped');
      for (const u of [stays, dropped]) await t.seed.member(h.orgId, u, 'MEMBER');
      await t.seed.member(target, stays, 'MEMBER');
      await t.seed.projectGrant(h.orgId, h.projectId, stays, 'ANALYST');
      await t.seed.projectGrant(h.orgId, h.projectId, dropped, 'CONSUMER');
      const team = await t.seed.team(h.orgId, 'Source team');
      await t.seed.teamGrant(h.orgId, team, h.projectId, 'ADMIN');
      await t.db.dataSource.query(`UPDATE projects SET default_role = 'CONSUMER' WHERE id = $1`, [h.projectId]);
      const board = await t.seed.board(h.orgId, h.projectId, h.user, 'PROJECT', 'Moves along');

      const r = await t.run(h.user, TRANSFER, { i: { projectId: h.projectId, targetOrgId: target } });
      expect(r.errors).toBeUndefined();
      const p = r.data.transferProject;
      expect(p.project.organization.id).toBe(target);
      expect(p.project.boards.nodes).toEqual([{ id: board, name: 'Moves along' }]);
      expect(p.droppedGrants).toEqual([{ user: { id: dropped.id }, role: 'CONSUMER' }]);
      expect(p.droppedTeamGrants).toEqual([{ team: { id: team, name: 'Source team' }, role: 'ADMIN' }]);
      expect(p.droppedDefaultRole).toBe('CONSUMER');
      const rows = await t.db.dataSource.query(
        `SELECT user_id AS "userId", org_id AS "orgId", role FROM project_members WHERE project_id = $1 ORDER BY role`, [h.projectId]);
      expect(rows).toEqual([{ userId: stays.id, orgId: target, role: 'ANALYST' }, { userId: h.user.id, orgId: target, role: 'OWNER' }]);
      const [b] = await t.db.dataSource.query(`SELECT org_id AS "orgId" FROM boards WHERE id = $1`, [board]);
      expect(b.orgId).toBe(target);
      const events = await t.db.dataSource.query(`SELECT org_id AS "orgId", action FROM audit_events WHERE project_id = $1 ORDER BY id`, [h.projectId]);
      expect(events).toEqual([{ orgId: h.orgId, action: 'project.transferredOut' }, { orgId: target, action: 'project.transferredIn' }]);
    });

    it('answers NOT_FOUND for a target organization the viewer cannot see', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const other = await t.seed.user('Other');
      const target = await t.seed.organization(other);
      const r = await t.run(h.user, TRANSFER, { i: { projectId: h.projectId, targetOrgId: target } });
      expect(codes(r)).toEqual(['NOT_FOUND']);
    });

    it('is refused when the viewer is only a MEMBER of the target organization', async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const other = await t.seed.user('Other');
      const target = await t.seed.organization(other);
      await t.seed.member(target, h.user, 'MEMBER');
      const r = await t.run(h.user, TRANSFER, { i: { projectId: h.projectId, targetOrgId: target } });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions!.resource).toEqual({ type: 'Organization', id: target });
    });

    it("is refused when the target organization's plan has no free project slot, and nothing moves", async () => {
      const h = await seedHolding(t, 'OWNER', 'DIRECT');
      const target = await t.seed.organization(h.user, undefined, 'FREE');
      for (let i = 0; i < 3; i++) await t.seed.project(target);
      const team = await t.seed.team(h.orgId);
      await t.seed.teamGrant(h.orgId, team, h.projectId, 'CONSUMER');
      const r = await t.run(h.user, TRANSFER, { i: { projectId: h.projectId, targetOrgId: target } });
      expect(codes(r)).toEqual(['PLAN_LIMIT_EXCEEDED']);
      const [p] = await t.db.dataSource.query(`SELECT org_id AS "orgId" FROM projects WHERE id = $1`, [h.projectId]);
      expect(p.orgId).toBe(h.orgId);
      const grants = await t.db.dataSource.query(`SELECT 1 FROM team_project_grants WHERE project_id = $1`, [h.projectId]);
      expect(grants).toHaveLength(1);
    });
  });
});

async function seedTeamMember(t: TestGateway, orgId: string, projectId: string, teamName: string, role: 'ANALYST' | 'CONSUMER') {
  const u = await t.seed.user('Team member');
  await t.seed.member(orgId, u, 'MEMBER');
  const team = await t.seed.team(orgId, teamName);
  await t.seed.teamMember(orgId, team, u);
  await t.seed.teamGrant(orgId, team, projectId, role);
  return u;
}
