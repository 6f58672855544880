import type { SeedUser } from '../../src/seed/builders';
import { startTestGateway, type GraphQLResult, type TestGateway } from '../testkit/gateway';

/**
 * No N+1: the deep query below sends the same number of SQL statements however many rows each level has.
 * Each dimension is grown from 2 to 50 on its own (and all together to 8), against a baseline of 2 of everything.
 * The issue asks for this with explicit page sizes (first: 50); it is also measured with the default page size
 * (20), so that the N+1 property is checked even where an explicit page size is refused.
 */
const EXPLICIT = '(first: 50)';
const DEFAULT_PAGE = '';
const pageSize = (page: string) => (page === EXPLICIT ? 50 : 20);
const deep = (page: string) => `{
  viewer {
    memberships${page} {
      nodes {
        role
        organization {
          id name
          projects${page} {
            nodes {
              id name
              members${page} { nodes { role grants { source role } user { id name } } }
            }
          }
          teams${page} {
            nodes {
              id name
              members${page} { nodes { user { id name } } }
            }
          }
        }
      }
    }
  }
}`;

interface Shape {
  orgs: number;
  projectsPerOrg: number;
  /** Direct grants per project, besides the viewer (org OWNER). */
  membersPerProject: number;
  teamsPerOrg: number;
  membersPerTeam: number;
}

interface Dataset {
  viewer: SeedUser;
  shape: Shape;
}

async function seedShape(t: TestGateway, label: string, shape: Shape): Promise<Dataset> {
  const s = t.seed;
  const viewer = await s.user(`Viewer ${label}`);
  const people: SeedUser[] = [];
  const need = Math.max(shape.membersPerProject, shape.membersPerTeam);
  for (let i = 0; i < need; i++) people.push(await s.user(`${label} person ${i}`));
  for (let o = 0; o < shape.orgs; o++) {
    const orgId = await s.organization(viewer, `${label} org ${o}`);
    for (const u of people) await s.member(orgId, u, 'MEMBER');
    for (let p = 0; p < shape.projectsPerOrg; p++) {
      const projectId = await s.project(orgId, `${label} project ${o}.${p}`);
      for (let m = 0; m < shape.membersPerProject; m++) await s.projectGrant(orgId, projectId, people[m], m % 2 ? 'ANALYST' : 'CONSUMER');
    }
    for (let tIdx = 0; tIdx < shape.teamsPerOrg; tIdx++) {
      const teamId = await s.team(orgId, `${label} team ${o}.${tIdx}`);
      for (let m = 0; m < shape.membersPerTeam; m++) await s.teamMember(orgId, teamId, people[m]);
    }
  }
  return { viewer, shape };
}

/** Runs the deep query once as the dataset's viewer, checks it answered in full, and returns the statements it sent. */
async function runOnce(t: TestGateway, d: Dataset, page: string): Promise<number> {
  const n = (k: number) => Math.min(k, pageSize(page));
  const before = t.db.statements.count;
  const r: GraphQLResult = await t.run(d.viewer, deep(page));
  const sent = t.db.statements.count - before;
  expect(r.errors).toBeUndefined();
  const orgs = r.data.viewer.memberships.nodes;
  expect(orgs).toHaveLength(n(d.shape.orgs));
  for (const m of orgs) {
    expect(m.organization.projects.nodes).toHaveLength(n(d.shape.projectsPerOrg));
    for (const p of m.organization.projects.nodes) expect(p.members.nodes).toHaveLength(n(d.shape.membersPerProject + 1));
    expect(m.organization.teams.nodes).toHaveLength(n(d.shape.teamsPerOrg));
    for (const tm of m.organization.teams.nodes) expect(tm.members.nodes).toHaveLength(n(d.shape.membersPerTeam));
  }
  return sent;
}

/**
 * The statements the deep query sends, after a warm-up run (the first request of a user may do one-off work).
 * The least of three runs: whether the count is also the same on every run is a test of its own below, so that
 * a timing jitter and an N+1 show up as different failures.
 */
async function measure(t: TestGateway, d: Dataset, page: string): Promise<number> {
  await runOnce(t, d, page);
  const runs = [await runOnce(t, d, page), await runOnce(t, d, page), await runOnce(t, d, page)];
  return Math.min(...runs);
}

describe('statement count: no N+1 on deep reads', () => {
  let t: TestGateway;
  const small: Shape = { orgs: 2, projectsPerOrg: 2, membersPerProject: 2, teamsPerOrg: 2, membersPerTeam: 2 };
  const sets = new Map<string, Dataset>();
  const GROWN: [string, Shape][] = [
    ['50 organizations', { ...small, orgs: 50 }],
    ['50 projects per organization', { ...small, projectsPerOrg: 50 }],
    ['50 members per project', { ...small, membersPerProject: 50 }],
    ['50 teams per organization', { ...small, teamsPerOrg: 50 }],
    ['50 members per team', { ...small, membersPerTeam: 50 }],
    ['8 of everything', { orgs: 8, projectsPerOrg: 8, membersPerProject: 8, teamsPerOrg: 8, membersPerTeam: 8 }],
  ];

  beforeAll(async () => {
    t = await startTestGateway();
    sets.set('small', await seedShape(t, 'small', small));
    for (const [label, shape] of GROWN) sets.set(label, await seedShape(t, label.replace(/ /g, '-'), shape));
  }, 240_000);
  afterAll(() => t.stop());

  it('the deep query with first: 50 at every level is accepted and answers in full', async () => {
    const r = await t.run(sets.get('8 of everything')!.viewer, deep(EXPLICIT));
    expect(r.errors).toBeUndefined();
    expect(r.data.viewer.memberships.nodes).toHaveLength(8);
  });

  it('the same deep query on the same data sends the same number of statements every time', async () => {
    const d = sets.get('8 of everything')!;
    await runOnce(t, d, DEFAULT_PAGE);
    const counts: number[] = [];
    for (let i = 0; i < 10; i++) counts.push(await runOnce(t, d, DEFAULT_PAGE));
    expect(counts).toEqual(counts.map(() => counts[0]));
  });

  it.each([['first: 50', EXPLICIT], ['the default page size', DEFAULT_PAGE]])(
    'with %s the baseline deep query sends a fixed, bounded number of statements', async (_label, page) => {
      const a = await measure(t, sets.get('small')!, page);
      const b = await measure(t, sets.get('small')!, page);
      expect(a).toBe(b);
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThan(40);
    });

  const rows = [['first: 50', EXPLICIT], ['the default page size', DEFAULT_PAGE]].flatMap(([pl, page]) =>
    GROWN.map(([label]) => [label, pl, page] as const));
  it.each(rows)('with %s the deep query (%s) sends as many statements as with 2 of each', async (label, _pl, page) => {
    const base = await measure(t, sets.get('small')!, page);
    const grown = await measure(t, sets.get(label)!, page);
    expect(grown).toBe(base);
  });
});
