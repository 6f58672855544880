/** Turns benchmark results into docs/benchmarks.md (and the query plans into docs/benchmark-plans.md). */
import { readFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSettings } from './generate-data';
import type { PolicyMode } from './server';

export interface CaseResult {
  caseKey: string;
  caseTitle: string;
  mode: PolicyMode;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statementsPerRequest: number;
  peakRssMb: number;
}

export interface DatasetRun {
  setting: DataSettings;
  counts: Record<string, number>;
  loadSeconds: number;
  results: CaseResult[];
  plans: { caseKey: string; caseTitle: string; plans: { sql: string; params: unknown[]; plan: string }[] }[];
  skipped: string[];
}

export interface Environment {
  cpus: string;
  memory: string;
  os: string;
  node: string;
  postgres: string;
  packages: Record<string, string>;
}

const PACKAGES = ['@apollo/server', 'graphql', 'graphql-shield', 'graphql-middleware', 'typeorm', 'pg', 'dataloader', 'autocannon'];

export async function collectEnvironment(serverUrl: string): Promise<Environment> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  const { rows } = await c.query(`SHOW server_version`);
  await c.end();
  const list = cpus();
  const packages: Record<string, string> = {};
  for (const p of PACKAGES) {
    try {
      packages[p] = JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch {
      packages[p] = '?';
    }
  }
  return {
    cpus: `${list.length} x ${list[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${osType()} ${release()}`,
    node: process.version,
    postgres: rows[0].server_version,
    packages,
  };
}

const MODE_LABEL: Record<PolicyMode, string> = {
  none: 'no policies',
  policies: 'policies (trimmed shield)',
  'shield-everywhere': 'shield on every field',
};

const f0 = (n: number) => n.toFixed(0);
const f2 = (n: number) => n.toFixed(2);

function find(run: DatasetRun, key: string, mode: PolicyMode): CaseResult | undefined {
  return run.results.find((r) => r.caseKey === key && r.mode === mode);
}

function caseKeys(runs: DatasetRun[]): { key: string; title: string }[] {
  const seen = new Map<string, string>();
  for (const run of runs) for (const r of run.results) seen.set(r.caseKey, r.caseTitle);
  return [...seen].map(([key, title]) => ({ key, title }));
}

export function renderReport(runs: DatasetRun[], env: Environment, opts: { duration: number; rounds: number; warmup: number; connections: number }): { markdown: string; summary: string } {
  const out: string[] = [];
  const figures: string[] = [];
  figures.push('| data | case | mode | req/s | p50 ms | p99 ms | SQL stmts/req | peak RSS MB | errors |');
  figures.push('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const run of runs) {
    for (const r of run.results) {
      figures.push(`| ${run.setting.name} | (${r.caseKey}) ${r.caseTitle} | ${MODE_LABEL[r.mode]} | ${f0(r.rps)} | ${r.p50} | ${r.p99} | ` +
        `${f2(r.statementsPerRequest)} | ${f0(r.peakRssMb)} | ${r.errors} |`);
    }
  }

  const ratios: string[] = [];
  ratios.push('| data | case | policies / none (throughput) | shield on every field / none | target (policies >= 0.90) |');
  ratios.push('|---|---|---:|---:|---|');
  for (const run of runs) {
    for (const { key, title } of caseKeys([run])) {
      const none = find(run, key, 'none');
      const pol = find(run, key, 'policies');
      const naive = find(run, key, 'shield-everywhere');
      const ratio = (r?: CaseResult) => (r && none ? r.rps / none.rps : NaN);
      const ok = Number.isNaN(ratio(pol)) ? '-' : ratio(pol) >= 0.9 ? 'met' : '**missed**';
      ratios.push(`| ${run.setting.name} | (${key}) ${title} | ${f2(ratio(pol))}x | ${f2(ratio(naive))}x | ${ok} |`);
    }
  }

  const flat: string[] = [];
  const small = runs.find((r) => r.setting.name === 'small');
  const large = runs.find((r) => r.setting.name === 'large');
  if (small && large) {
    flat.push('| case | stmts/req small | stmts/req large | p99 small ms | p99 large ms | p99 large / small | target (equal stmts, <= 1.5x) |');
    flat.push('|---|---:|---:|---:|---:|---:|---|');
    for (const { key, title } of caseKeys(runs)) {
      const s = find(small, key, 'policies');
      const l = find(large, key, 'policies');
      if (!s || !l) continue;
      const sameStatements = Math.abs(s.statementsPerRequest - l.statementsPerRequest) < 0.1;
      const p99Ratio = l.p99 / Math.max(1, s.p99);
      flat.push(`| (${key}) ${title} | ${f2(s.statementsPerRequest)} | ${f2(l.statementsPerRequest)} | ${s.p99} | ${l.p99} | ` +
        `${f2(p99Ratio)}x | ${sameStatements && p99Ratio <= 1.5 ? 'met' : '**missed**'} |`);
    }
  }

  out.push('# Benchmarks');
  out.push('');
  out.push('Generated by `npm run bench` (scripts/bench/); rerun it to refresh this page. It creates its own databases');
  out.push('on the PostgreSQL server of `DATABASE_URL` (default `postgres://root@127.0.0.1:5432/postgres`), loads');
  out.push('generated data (scripts/bench/generate-data.ts), starts the gateway in production mode as child processes on');
  out.push('loopback ports — one per policy mode — and drives every case against every mode with autocannon.');
  out.push('');
  out.push('```');
  out.push('npm run bench                              # small and large data, about 6 minutes');
  out.push('npm run bench -- --data small              # about 2.5 minutes');
  out.push('npm run bench -- --duration 10 --rounds 1 --cases a,d --modes none,policies --keep --no-write');
  out.push('```');
  out.push('');
  out.push('Modes: **no policies** is `buildSchema({ policies: false })` (reachable only from code); **policies** is the');
  out.push('schema as production builds it (shield rules only on the fields that carry a policy marker); **shield on every');
  out.push('field** is `applyMiddleware(schema, shield(rules, { fallbackRule: allow }))`, the naive approach, for comparison.');
  out.push('SQL statements per request come from the StatementCounter (one of them is the token\'s user lookup); peak RSS');
  out.push('is the gateway process\'s, sampled every 25 ms during the case. Responses carrying GraphQL errors count as errors.');
  out.push('');
  out.push('Cases, each signed in as a realistic user of the largest organization (org 1 of the generated data):');
  out.push('');
  out.push('- (a) viewer home: `viewer.memberships → organization → projects(first: 20) → viewerCan`, a MEMBER of two orgs');
  out.push('- (b) org members: `organization.members(first: 50) { role user }`, as an ADMIN');
  out.push('- (c) project page: `project { members(first: 20) { role grants } boards(first: 20) }`, as an ANALYST of the project');
  out.push('- (d) large org projects: `organization.projects(first: 50) { viewerRole }`, as an OWNER');
  out.push('- (e) write mix: `addProjectMember`, `removeProjectMember`, `updateBoard(input: { boardId, name })` in turn, as an OWNER');
  out.push('');
  out.push('## Last run');
  out.push('');
  out.push(`${new Date().toISOString()}; per case and mode ${opts.rounds} rounds of ${opts.duration} s (modes in alternating order) after a ${opts.warmup} s warm-up, ${opts.connections} connections; req/s is the mean of the rounds, p50 and p99 the worst round.`);
  out.push('');
  out.push(`- Machine: ${env.cpus}, ${env.memory} RAM, ${env.os}; the server, PostgreSQL and autocannon share these cores`);
  out.push(`- Node ${env.node}, PostgreSQL ${env.postgres}`);
  out.push(`- ${Object.entries(env.packages).map(([p, v]) => `${p} ${v}`).join(', ')}`);
  out.push('');
  out.push('Data:');
  out.push('');
  out.push(`| data | ${Object.keys(runs[0]?.counts ?? {}).join(' | ')} | load time |`);
  out.push(`|---|${Object.keys(runs[0]?.counts ?? {}).map(() => '---:').join('|')}|---:|`);
  for (const run of runs) {
    out.push(`| ${run.setting.name} | ${Object.values(run.counts).map((n) => n.toLocaleString('en-US')).join(' | ')} | ${run.loadSeconds.toFixed(1)} s |`);
  }
  out.push('');
  for (const run of runs) for (const s of run.skipped) out.push(`- ${run.setting.name}: ${s}`);
  out.push('');
  out.push('### Figures');
  out.push('');
  out.push(...figures);
  out.push('');
  out.push('### What policies cost (throughput relative to no policies, same run)');
  out.push('');
  out.push(...ratios);
  out.push('');
  if (flat.length) {
    out.push('### Flat as data grows (policies mode)');
    out.push('');
    out.push(...flat);
    out.push('');
  }
  const findings = runs.flatMap((run) => planFindings(run.plans).map((f) => `- ${run.setting.name}: ${f}`));
  out.push('### Query plans');
  out.push('');
  out.push('Every SELECT the cases run was EXPLAINed (ANALYZE, BUFFERS) after its first request; the plans are in');
  out.push('[benchmark-plans.md](benchmark-plans.md).');
  out.push(findings.length ? 'Sequential scans of application tables:' : 'No sequential scan of an application table.');
  out.push('');
  out.push(...findings);
  out.push('');
  out.push(NOTES);
  return { markdown: out.join('\n'), summary: [...figures, '', ...ratios, '', ...flat].join('\n') };
}

/** Hand-written context that survives regeneration. */
const NOTES = `## What changed the figures

- **Policies on only the fields that carry them** (src/authz/policies.ts): shield's generated middleware map is
  trimmed to the fields with a rule. Compare the "shield on every field" column: wrapping every field puts an async
  middleware on each scalar of each list item. With pages of 20 to 50 rows the difference is small on this
  machine (PostgreSQL and the JSON work dominate); it grows with the number of fields a response has.
- **No statement for the first organization check**: the token's user lookup also reads the viewer's org
  memberships (src/modules/users/user.service.ts signedInUser: one statement, LEFT JOIN LATERAL ... LIMIT 101) and
  primes the orgMembership loader with them (src/server.ts contextFor) when there are at most 100; a user in more
  organizations is looked up per check as before. The policy of \`organization(id:)\` no longer adds a statement:
  (b) and (d) run as many statements with policies as without (4 -> 3 and 5 -> 4 per request).
- **Indexes** (migrations/1765000000000-BenchmarkIndexes.ts): projects (org_id, name, id) and boards
  (project_id, name, id) so keyset pages are index range scans, users (name, id).
- **Flat as data grows** (loaders; migrations/1765100000000-FlatQueries.ts): (i) the project-access loader reads
  the viewer's org role and direct grant with scalar subqueries keyed by (org or project, user), so each key is an
  index lookup (as joins, PostgreSQL scanned every membership of the organization and filtered the user after:
  ~465,000 index entries per batch of 50 in the largest organization). (ii) Member lists (Organization.members,
  Project.members, Team.members) are ordered by user id, which the primary keys (parent, user_id) serve, instead of
  by user name, which sorted every member of the parent before taking a page; cursors still never skip or repeat.
  Project.members merges one index range per source of a project role (owners, admins (index org_members
  (org_id, role, user_id)), everyone when the project has a default role, direct grants, team grants), each cut at
  the page size. (iii) Organization.projects merges the same sources in (name, id) order (partial index
  projects (org_id, name, id) WHERE default_role IS NOT NULL). (iv) A page of one parent names the parent as a
  value (common/pagination.ts parentRows), so the planner estimates with that organization's statistics and walks
  the index to the limit instead of sorting every member of a very large organization.
- Before these changes (previous run, policies mode, p99 large / small): (b) 8.1x, (c) 9.4x, (d) 21x, (e) 3.1x;
  policies / none throughput (b) 0.85x small, 0.88x large.
`;

const APP_TABLES = ['users', 'organizations', 'org_members', 'projects', 'project_members', 'teams', 'team_members',
  'team_project_grants', 'boards', 'invitations', 'audit_events'];

/** Sequential scans of application tables, per case. */
export function planFindings(plans: DatasetRun['plans']): string[] {
  const out = new Set<string>();
  for (const c of plans) {
    for (const p of c.plans) {
      for (const m of p.plan.matchAll(/Seq Scan on (\w+)/g)) {
        if (APP_TABLES.includes(m[1])) out.add(`(${c.caseKey}) ${c.caseTitle}: Seq Scan on ${m[1]}`);
      }
    }
  }
  return [...out];
}

export function renderPlans(runs: DatasetRun[]): string {
  const out = ['# Query plans of the benchmark cases', '', 'Written by `npm run bench`: EXPLAIN (ANALYZE, BUFFERS) of every SELECT each case ran, policies on.', ''];
  for (const run of runs) {
    out.push(`## ${run.setting.name} data`, '');
    for (const c of run.plans) {
      out.push(`### (${c.caseKey}) ${c.caseTitle}`, '');
      for (const p of c.plans) {
        out.push('```sql', p.sql.replace(/\n\s+/g, '\n  ').trim(), '```', '', '```', p.plan, '```', '');
      }
    }
  }
  return out.join('\n');
}
