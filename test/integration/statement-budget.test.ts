/**
 * The SQL statement budget of each benchmark case (scripts/bench/cases.ts): the count must not grow with the
 * number of rows a page shows, so an N+1 fails here before it shows in the benchmark. Counts include the
 * token's user lookup. No timing assertions: timings are the benchmark's job (npm run bench).
 */
import {
  ADD_PROJECT_MEMBER, HOME_QUERY, MEMBERS_QUERY, ORG_PROJECTS_QUERY, PROJECT_PAGE_QUERY, REMOVE_PROJECT_MEMBER,
  UPDATE_BOARD, WRITE_MUTATIONS,
} from '../../scripts/bench/cases';
import type { SeedUser } from '../../src/seed/builders';
import { buildSchema } from '../../src/schema';
import { startTestGateway, type As, type TestGateway } from '../testkit/gateway';

/** Measured budgets; lower them when a change saves a statement, never raise them to make a test pass. */
const BUDGET = {
  home: 5,
  members: 3,
  projectPage: 8,
  orgProjects: 4,
  addProjectMember: 10,
  removeProjectMember: 11,
  updateBoard: 9,
};

const PAGE = 12; // more rows than any budget, so one statement per row would show

describe('statement budget of the benchmark cases', () => {
  let t: TestGateway;
  let owner: SeedUser, admin: SeedUser, analyst: SeedUser, member: SeedUser, outsider: SeedUser;
  let orgId: string, otherOrgId: string, projectId: string;
  const users: SeedUser[] = [];
  const boards: string[] = [];

  beforeAll(async () => {
    t = await startTestGateway();
    const s = t.seed;
    owner = await s.user('Olive Owner');
    admin = await s.user('Adam Admin');
    analyst = await s.user('Ana Analyst');
    member = await s.user('Mia Member');
    outsider = await s.user('Otto Outsider');
    orgId = await s.organization(owner, 'Big Org');
    otherOrgId = await s.organization(outsider, 'Other Org');
    await s.member(orgId, admin, 'ADMIN');
    await s.member(orgId, analyst, 'MEMBER');
    await s.member(orgId, member, 'MEMBER');
    await s.member(otherOrgId, member, 'MEMBER');
    const team = await s.team(orgId, 'Data team');
    await s.teamMember(orgId, team, member);
    for (let i = 0; i < PAGE; i++) {
      const u = await s.user(`Person ${String(i).padStart(2, '0')}`);
      users.push(u);
      await s.member(orgId, u, 'MEMBER');
      await s.teamMember(orgId, team, u);
    }
    const projects: string[] = [];
    for (let i = 0; i < PAGE; i++) projects.push(await s.project(orgId, `Project ${String(i).padStart(2, '0')}`, i % 3 === 0 ? 'CONSUMER' : null));
    for (let i = 0; i < PAGE; i++) projects.push(await s.project(otherOrgId, `Other project ${i}`, 'CONSUMER'));
    projectId = projects[1];
    for (const p of projects.slice(0, PAGE)) await s.projectGrant(orgId, p, member, 'ANALYST');
    await s.projectGrant(orgId, projectId, analyst, 'ANALYST');
    for (const u of users) await s.projectGrant(orgId, projectId, u, 'CONSUMER');
    await s.teamGrant(orgId, team, projectId, 'ANALYST');
    for (let i = 0; i < PAGE; i++) {
      boards.push(await s.board(orgId, projectId, users[i], i % 4 === 3 ? 'PRIVATE' : 'PROJECT', `Board ${String(i).padStart(2, '0')}`));
    }
  });
  afterAll(() => t.stop());

  async function statementsOf(as: As, query: string, variables?: Record<string, unknown>) {
    const before = t.db.statements.count;
    const result = await t.run(as, query, variables);
    expect(result.errors).toBeUndefined();
    return { statements: t.db.statements.count - before, data: result.data };
  }

  it('(a) viewer home', async () => {
    const { statements, data } = await statementsOf(member, HOME_QUERY);
    const orgs = data.viewer.memberships.nodes;
    expect(orgs).toHaveLength(2);
    expect(orgs.flatMap((m: any) => m.organization.projects.nodes).length).toBeGreaterThanOrEqual(PAGE); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(statements).toBeLessThanOrEqual(BUDGET.home);
  });

  it('(b) org members, as an admin', async () => {
    const { statements, data } = await statementsOf(admin, MEMBERS_QUERY, { org: orgId });
    expect(data.organization.members.nodes.length).toBeGreaterThan(PAGE);
    expect(statements).toBeLessThanOrEqual(BUDGET.members);
  });

  it('(c) project page', async () => {
    const { statements, data } = await statementsOf(analyst, PROJECT_PAGE_QUERY, { project: projectId });
    expect(data.project.members.nodes.length).toBeGreaterThanOrEqual(PAGE);
    expect(data.project.boards.nodes.length).toBeGreaterThanOrEqual(PAGE * 3 / 4 - 1);
    expect(statements).toBeLessThanOrEqual(BUDGET.projectPage);
  });

  it('(d) large organization projects, as the owner', async () => {
    const { statements, data } = await statementsOf(owner, ORG_PROJECTS_QUERY, { org: orgId });
    expect(data.organization.projects.nodes).toHaveLength(PAGE);
    expect(statements).toBeLessThanOrEqual(BUDGET.orgProjects);
  });

  const hasWrites = WRITE_MUTATIONS.every((m) => m in (buildSchema({ policies: false }).getMutationType()?.getFields() ?? {}));
  (hasWrites ? it : it.skip)('(e) write mix, as the owner', async () => {
    const vars = { projectId, userId: admin.id }; // an org member without a direct grant there
    const add = await statementsOf(owner, ADD_PROJECT_MEMBER, vars);
    expect(add.statements).toBeLessThanOrEqual(BUDGET.addProjectMember);
    const remove = await statementsOf(owner, REMOVE_PROJECT_MEMBER, vars);
    expect(remove.statements).toBeLessThanOrEqual(BUDGET.removeProjectMember);
    const update = await statementsOf(owner, UPDATE_BOARD, { boardId: boards[0], name: 'Renamed' });
    expect(update.statements).toBeLessThanOrEqual(BUDGET.updateBoard);
  });
});
