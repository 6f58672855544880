import { createTestDatabase, type TestDatabase } from '../testkit/database';
import { SeedBuilder, type SeedUser } from '../../src/seed/builders';

/**
 * ACCESS-MODEL §1: the invariants hold in the database itself, so a bug in a service cannot break them.
 * These tests write SQL directly, past every service.
 */
describe('database invariants', () => {
  let db: TestDatabase;
  let seed: SeedBuilder;
  let owner: SeedUser;
  let member: SeedUser;
  let outsider: SeedUser;
  let orgA: string;
  let orgB: string;
  let projectA: string;
  let projectB: string;
  let teamA: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    seed = new SeedBuilder(db.dataSource);
    owner = await seed.user('Invariant Owner');
    member = await seed.user('Invariant Member');
    outsider = await seed.user('Invariant Outsider');
    orgA = await seed.organization(owner, 'Invariant A');
    orgB = await seed.organization(outsider, 'Invariant B');
    await seed.member(orgA, member, 'MEMBER');
    projectA = await seed.project(orgA);
    projectB = await seed.project(orgB);
    teamA = await seed.team(orgA);
  });
  afterAll(() => db.destroy());

  const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);

  it('refuses a project grant for a user who is not a member of the organization', async () => {
    await expect(seed.projectGrant(orgA, projectA, outsider, 'ANALYST')).rejects.toMatchObject({ driverError: { code: '23503' } });
  });

  it('refuses a team membership for a user who is not a member of the organization', async () => {
    await expect(seed.teamMember(orgA, teamA, outsider)).rejects.toMatchObject({ driverError: { code: '23503' } });
  });

  it("refuses a team grant on another organization's project, whichever org_id is claimed", async () => {
    await expect(seed.teamGrant(orgA, teamA, projectB, 'CONSUMER')).rejects.toMatchObject({ driverError: { code: '23503' } });
    await expect(seed.teamGrant(orgB, teamA, projectB, 'CONSUMER')).rejects.toMatchObject({ driverError: { code: '23503' } });
  });

  it('refuses a grant that claims the wrong organization for a project', async () => {
    await seed.member(orgB, member, 'MEMBER');
    await expect(seed.projectGrant(orgB, projectA, member, 'ANALYST')).rejects.toMatchObject({ driverError: { code: '23503' } });
    await q(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgB, member.id]);
  });

  it('removing an org membership removes every project grant and team membership held there, at once', async () => {
    const leaver = await seed.user('Invariant Leaver');
    await seed.member(orgA, leaver, 'MEMBER');
    await seed.projectGrant(orgA, projectA, leaver, 'ADMIN');
    await seed.teamMember(orgA, teamA, leaver);
    await q(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgA, leaver.id]);
    const [{ grants }] = await q(`SELECT count(*)::int AS grants FROM project_members WHERE user_id = $1`, [leaver.id]);
    const [{ teams }] = await q(`SELECT count(*)::int AS teams FROM team_members WHERE user_id = $1`, [leaver.id]);
    expect({ grants, teams }).toEqual({ grants: 0, teams: 0 });
  });

  it('an organization cannot lose its last owner, even by a direct UPDATE or DELETE', async () => {
    await expect(q(`UPDATE org_members SET role = 'ADMIN' WHERE org_id = $1 AND user_id = $2`, [orgA, owner.id]))
      .rejects.toMatchObject({ driverError: { code: 'GW001' } });
    await expect(q(`DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, [orgA, owner.id]))
      .rejects.toMatchObject({ driverError: { code: 'GW001' } });
  });

  it('deleting an organization takes its members with it (the owner rule does not block the delete)', async () => {
    const gone = await seed.organization(await seed.user('Invariant Doomed'), 'Invariant Doomed');
    await q(`DELETE FROM organizations WHERE id = $1`, [gone]);
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM org_members WHERE org_id = $1`, [gone]);
    expect(n).toBe(0);
  });

  it('the audit log is append-only', async () => {
    await q(`INSERT INTO audit_events (org_id, action, target_type, target_id) VALUES ($1, 'test.event', 'Organization', $2)`, [orgA, orgA]);
    await expect(q(`UPDATE audit_events SET action = 'rewritten' WHERE org_id = $1`, [orgA])).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM audit_events WHERE org_id = $1`, [orgA])).rejects.toThrow(/append-only/);
  });

  it('a board belongs to the organization of its project', async () => {
    await expect(q(
      `INSERT INTO boards (org_id, project_id, creator_id, name) VALUES ($1, $2, $3, 'Smuggled')`, [orgA, projectB, owner.id],
    )).rejects.toMatchObject({ driverError: { code: '23503' } });
  });
});
