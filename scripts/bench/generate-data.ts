/**
 * Fills a migrated, empty PostgreSQL database with a skewed organization graph for the benchmark, in bulk
 * (INSERT ... SELECT generate_series: one statement per table, no row-by-row inserts).
 *
 * Shape: ids are md5('<kind><n>')::uuid, so the bench can name rows without reading them back; user n has the
 * subject `bench|user-<n>` and the email `user<n>@bench.example`, so the bench can sign tokens for anyone.
 * Organizations are picked with a cubic skew (1 + floor(orgs * random()^3)): org 1 holds about a tenth of the users
 * and projects, a handful of orgs are large, most are small. User n (n <= orgs) owns org n.
 *
 *   npx ts-node --transpile-only scripts/bench/generate-data.ts <database-url> [small|large]
 */
import { Client } from 'pg';

export interface DataSettings {
  name: 'small' | 'large';
  orgs: number;
  users: number;
  projects: number;
  /** Direct project grants (about: pairs drawn twice are dropped). */
  projectGrants: number;
  teams: number;
  boards: number;
}

export const SETTINGS: Record<DataSettings['name'], DataSettings> = {
  small: { name: 'small', orgs: 20, users: 2_000, projects: 200, projectGrants: 6_000, teams: 60, boards: 4_000 },
  large: { name: 'large', orgs: 1_000, users: 100_000, projects: 10_000, projectGrants: 300_000, teams: 3_000, boards: 200_000 },
};

const FIRST = ['Ada', 'Alan', 'Barbara', 'Brian', 'Claude', 'Dana', 'Edsger', 'Frances', 'Grace', 'Hedy', 'Ivan',
  'Joan', 'Ken', 'Linus', 'Margaret', 'Niklaus', 'Olga', 'Peter', 'Radia', 'Sophie', 'Tim', 'Ursula', 'Vint',
  'Wendy', 'Xavier', 'Yukihiro', 'Zoe', 'Anita', 'Bjarne', 'Carol', 'Dennis', 'Erna', 'Fran', 'Guido', 'Hal',
  'Ida', 'James', 'Karen', 'Leslie', 'Mary'];
const LAST = ['Lovelace', 'Turing', 'Liskov', 'Kernighan', 'Shannon', 'Scott', 'Dijkstra', 'Allen', 'Hopper',
  'Lamarr', 'Sutherland', 'Clarke', 'Thompson', 'Torvalds', 'Hamilton', 'Wirth', 'Taussky', 'Naur', 'Perlman',
  'Wilson', 'Berners-Lee', 'Franklin', 'Cerf', 'Hall', 'Leroy', 'Matsumoto', 'Mozer', 'Borg', 'Stroustrup',
  'Shaw', 'Ritchie', 'Schneider', 'Bilas', 'van Rossum', 'Abelson', 'Ritchie', 'Gosling', 'Jones', 'Lamport',
  'Keller', 'Knuth', 'Backus', 'McCarthy', 'Goldberg', 'Kay', 'Engelbart', 'Floyd', 'Hoare', 'Milner', 'Pike'];
const WORDS = ['Analytics', 'Billing', 'Checkout', 'Data', 'Events', 'Funnels', 'Growth', 'Health', 'Insights',
  'Journeys', 'KPIs', 'Logistics', 'Marketing', 'Mobile', 'Onboarding', 'Payments', 'Quality', 'Retention',
  'Search', 'Traffic', 'Usage', 'Vitals', 'Web', 'Warehouse', 'Ads', 'Support', 'Sales', 'Infra', 'Platform', 'Risk'];

const sqlArray = (words: string[]) => `ARRAY[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]`;

/** The statements that load one setting, in order (exported for reading; run by generateData). */
export function loadStatements(s: DataSettings): [string, string][] {
  const skew = (power: number) => `(1 + floor(${s.orgs} * power(random(), ${power})))::int`;
  return [
    ['seed', `SELECT setseed(0.42)`],
    ['users', `
      INSERT INTO users (id, subject, email, name, created_at)
      SELECT md5('u' || i)::uuid, 'bench|user-' || i, 'user' || i || '@bench.example',
             (${sqlArray(FIRST)})[1 + i % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (i / ${FIRST.length}) % ${LAST.length}],
             now() - make_interval(mins => i)
        FROM generate_series(1, ${s.users}) i`],
    ['organizations', `
      INSERT INTO organizations (id, slug, name, plan)
      SELECT md5('o' || n)::uuid, 'bench-org-' || n, 'Org ' || lpad(n::text, 5, '0'),
             CASE WHEN n <= greatest(5, ${s.orgs} / 20) THEN 'ENTERPRISE' WHEN n % 3 = 0 THEN 'GROWTH' ELSE 'FREE' END
        FROM generate_series(1, ${s.orgs}) n`],
    ['org owners', `
      INSERT INTO org_members (org_id, user_id, role)
      SELECT md5('o' || n)::uuid, md5('u' || n)::uuid, 'OWNER' FROM generate_series(1, ${s.orgs}) n`],
    ['org members', `
      INSERT INTO org_members (org_id, user_id, role)
      SELECT md5('o' || o)::uuid, md5('u' || i)::uuid,
             CASE WHEN r < 0.03 THEN 'ADMIN' WHEN r < 0.04 THEN 'BILLING_ADMIN' ELSE 'MEMBER' END
        FROM (SELECT i, ${skew(3)} AS o, random() AS r FROM generate_series(${s.orgs + 1}, ${s.users}) i) x
      ON CONFLICT DO NOTHING`],
    ['second memberships', `
      INSERT INTO org_members (org_id, user_id, role)
      SELECT md5('o' || o)::uuid, md5('u' || i)::uuid, 'MEMBER'
        FROM (SELECT i, ${skew(2)} AS o FROM generate_series(1, ${s.users}) i WHERE random() < 0.2) x
      ON CONFLICT DO NOTHING`],
    ['numbering', `
      CREATE TEMP TABLE b_om AS
      SELECT org_id, user_id, row_number() OVER (PARTITION BY org_id ORDER BY user_id)::int AS k FROM org_members;
      CREATE INDEX ON b_om (org_id, k);
      CREATE TEMP TABLE b_org AS SELECT org_id, count(*)::int AS size FROM org_members GROUP BY org_id;
      CREATE UNIQUE INDEX ON b_org (org_id);
      ANALYZE b_om; ANALYZE b_org`],
    ['projects', `
      INSERT INTO projects (id, org_id, name, default_role, api_secret_hash, api_secret_hint)
      SELECT md5('p' || n)::uuid, md5('o' || o)::uuid,
             (${sqlArray(WORDS)})[1 + n % ${WORDS.length}] || ' ' || (${sqlArray(WORDS)})[1 + (n / ${WORDS.length}) % ${WORDS.length}] || ' ' || n,
             CASE WHEN r < 0.15 THEN 'CONSUMER' END, encode(sha256(('p' || n)::bytea), 'hex'), right(md5('p' || n), 4)
        FROM (SELECT n, ${skew(3)} AS o, random() AS r FROM generate_series(1, ${s.projects}) n) x`],
    ['project numbering', `
      CREATE TEMP TABLE b_p AS SELECT id, org_id, row_number() OVER (ORDER BY id)::int AS gn,
             row_number() OVER (PARTITION BY org_id ORDER BY id)::int AS k FROM projects;
      CREATE UNIQUE INDEX ON b_p (gn); CREATE INDEX ON b_p (org_id, k);
      CREATE TEMP TABLE b_orgp AS SELECT org_id, count(*)::int AS cnt FROM projects GROUP BY org_id;
      CREATE UNIQUE INDEX ON b_orgp (org_id);
      ANALYZE b_p; ANALYZE b_orgp`],
    ['project grants', `
      INSERT INTO project_members (org_id, project_id, user_id, role)
      SELECT p.org_id, p.id, m.user_id,
             CASE WHEN x.r2 < 0.05 THEN 'OWNER' WHEN x.r2 < 0.2 THEN 'ADMIN' WHEN x.r2 < 0.6 THEN 'ANALYST' ELSE 'CONSUMER' END
        FROM (SELECT 1 + floor(random() * ${s.projects})::int AS gn, random() AS r, random() AS r2
                FROM generate_series(1, ${Math.ceil(s.projectGrants * 1.12)})) x
        JOIN b_p p ON p.gn = x.gn
        JOIN b_org o ON o.org_id = p.org_id
        JOIN b_om m ON m.org_id = p.org_id AND m.k = 1 + floor(x.r * o.size)::int
      ON CONFLICT DO NOTHING`],
    ['teams', `
      INSERT INTO teams (id, org_id, name)
      SELECT md5('t' || n)::uuid, md5('o' || o)::uuid, (${sqlArray(WORDS)})[1 + n % ${WORDS.length}] || ' team ' || n
        FROM (SELECT n, ${skew(3)} AS o FROM generate_series(1, ${s.teams}) n) x`],
    ['team members', `
      INSERT INTO team_members (org_id, team_id, user_id)
      SELECT t.org_id, t.id, m.user_id
        FROM (SELECT t.id, t.org_id, o.size, 2 + floor(random() * 15)::int AS n FROM teams t JOIN b_org o USING (org_id)) t
       CROSS JOIN LATERAL (SELECT 1 + floor(random() * t.size)::int AS k, g FROM generate_series(1, t.n) g) pick
        JOIN b_om m ON m.org_id = t.org_id AND m.k = pick.k
      ON CONFLICT DO NOTHING`],
    ['team grants', `
      INSERT INTO team_project_grants (org_id, team_id, project_id, role)
      SELECT t.org_id, t.id, p.id, CASE WHEN random() < 0.3 THEN 'ANALYST' ELSE 'CONSUMER' END
        FROM (SELECT t.id, t.org_id, c.cnt, 1 + floor(random() * 4)::int AS n FROM teams t JOIN b_orgp c USING (org_id)) t
       CROSS JOIN LATERAL (SELECT 1 + floor(random() * t.cnt)::int AS k, g FROM generate_series(1, t.n) g) pick
        JOIN b_p p ON p.org_id = t.org_id AND p.k = pick.k
      ON CONFLICT DO NOTHING`],
    ['boards', `
      INSERT INTO boards (id, org_id, project_id, creator_id, name, description, visibility)
      SELECT md5('b' || x.n)::uuid, p.org_id, p.id, m.user_id,
             (${sqlArray(WORDS)})[1 + x.n % ${WORDS.length}] || ' board ' || x.n, '',
             CASE WHEN x.r2 < 0.7 THEN 'PROJECT' ELSE 'PRIVATE' END
        FROM (SELECT n, 1 + floor(random() * ${s.projects})::int AS gn, random() AS r, random() AS r2
                FROM generate_series(1, ${s.boards}) n) x
        JOIN b_p p ON p.gn = x.gn
        JOIN b_org o ON o.org_id = p.org_id
        JOIN b_om m ON m.org_id = p.org_id AND m.k = 1 + floor(x.r * o.size)::int`],
    ['analyze', `ANALYZE`],
  ];
}

export async function generateData(url: string, settings: DataSettings, log = (_: string) => {}): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const [step, sql] of loadStatements(settings)) {
      const started = Date.now();
      await client.query(sql);
      log(`  ${step}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const counts: Record<string, number> = {};
    for (const table of ['organizations', 'users', 'org_members', 'projects', 'project_members', 'teams',
      'team_members', 'team_project_grants', 'boards']) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = rows[0].n;
    }
    return counts;
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  const [url, name = 'small'] = process.argv.slice(2);
  if (!url || !(name in SETTINGS)) {
    console.error('usage: generate-data.ts <database-url> [small|large]  (the database must be migrated and empty)');
    process.exit(2);
  }
  generateData(url, SETTINGS[name as DataSettings['name']], console.log)
    .then((counts) => console.log(counts))
    .catch((e) => { console.error(e); process.exit(1); });
}
