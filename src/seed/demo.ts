import type { DataSource } from 'typeorm';
import { SeedBuilder, type SeedUser } from './builders';

export interface DemoUser {
  user: SeedUser;
  /** What the user shows off, e.g. "org ADMIN" or "ANALYST on Web App through the Data team". */
  role: string;
}

const DEMO_ORG_SLUG = 'acme';

const PEOPLE = [
  { key: 'olivia', name: 'Olivia Owner', role: 'org OWNER (project OWNER everywhere)' },
  { key: 'adam', name: 'Adam Admin', role: 'org ADMIN (project ADMIN everywhere)' },
  { key: 'bianca', name: 'Bianca Billing', role: 'org BILLING_ADMIN' },
  { key: 'max', name: 'Max Member', role: 'org MEMBER; CONSUMER on Mobile App through its default role' },
  { key: 'paula', name: 'Paula Project-Owner', role: 'org MEMBER; project OWNER of Web App (direct grant)' },
  { key: 'dan', name: 'Dan Project-Admin', role: 'org MEMBER; project ADMIN of Web App (direct grant)' },
  { key: 'ann', name: 'Ann Analyst', role: 'org MEMBER; ANALYST on Web App (direct grant)' },
  { key: 'carl', name: 'Carl Consumer', role: 'org MEMBER; CONSUMER on Web App (direct grant)' },
  { key: 'tara', name: 'Tara Teammate', role: 'org MEMBER; ANALYST on Web App through the Data team' },
  { key: 'gina', name: 'Gina Globex', role: 'OWNER of another organization (Globex): sees nothing of Acme' },
] as const;

/**
 * The demo organization: one user per org role, projects, a team with a project grant, and users holding each
 * project role directly, through the team and through a default role. Written once; later starts reuse it.
 */
export async function seedDemoData(db: DataSource): Promise<DemoUser[]> {
  const existing: { subject: string; id: string; email: string; name: string }[] = await db.query(
    `SELECT id, subject, email, name FROM users WHERE subject = ANY($1::text[])`, [PEOPLE.map((p) => `demo|${p.key}`)]);
  if (existing.length === PEOPLE.length) {
    return PEOPLE.map((p) => ({ user: existing.find((u) => u.subject === `demo|${p.key}`)!, role: p.role }));
  }

  return db.transaction(async (tx) => {
    const b = new SeedBuilder(tx);
    const users: Record<string, SeedUser> = {};
    for (const p of PEOPLE) {
      const user = { subject: `demo|${p.key}`, email: `${p.key}@${p.key === 'gina' ? 'globex' : 'acme'}.example`, name: p.name };
      const [row] = await tx.query(
        `INSERT INTO users (subject, email, name) VALUES ($1, $2, $3) RETURNING id`, [user.subject, user.email, user.name]);
      users[p.key] = { id: row.id, ...user };
    }
    const [org] = await tx.query(
      `INSERT INTO organizations (name, slug, plan, billing_email) VALUES ('Acme Analytics', $1, 'GROWTH', 'billing@acme.example') RETURNING id`,
      [DEMO_ORG_SLUG]);
    const acme: string = org.id;
    await b.member(acme, users.olivia, 'OWNER');
    await b.member(acme, users.adam, 'ADMIN');
    await b.member(acme, users.bianca, 'BILLING_ADMIN');
    for (const k of ['max', 'paula', 'dan', 'ann', 'carl', 'tara']) await b.member(acme, users[k], 'MEMBER');
    await b.paymentMethod(acme);

    const web = await b.project(acme, 'Web App');
    const mobile = await b.project(acme, 'Mobile App', 'CONSUMER');
    await b.project(acme, 'Internal Dashboards');
    await b.projectGrant(acme, web, users.paula, 'OWNER');
    await b.projectGrant(acme, web, users.dan, 'ADMIN');
    await b.projectGrant(acme, web, users.ann, 'ANALYST');
    await b.projectGrant(acme, web, users.carl, 'CONSUMER');
    const dataTeam = await b.team(acme, 'Data');
    await b.teamMember(acme, dataTeam, users.tara);
    await b.teamMember(acme, dataTeam, users.ann);
    await b.teamGrant(acme, dataTeam, web, 'ANALYST');
    await b.board(acme, web, users.ann, 'PROJECT', 'Weekly active users');
    await b.board(acme, web, users.ann, 'PRIVATE', 'Ann\'s scratchpad');
    await b.board(acme, mobile, users.olivia, 'PROJECT', 'Crash rate');

    const globex = await b.organization(users.gina, 'Globex', 'FREE');
    await b.project(globex, 'Globex Site');
    return PEOPLE.map((p) => ({ user: users[p.key], role: p.role }));
  });
}
