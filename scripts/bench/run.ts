/**
 * `npm run bench [-- options]`: creates its own databases on the PostgreSQL server of DATABASE_URL, migrates and
 * fills them (generate-data.ts), starts the gateway in production mode as child processes on loopback ports (one
 * per policy mode: with policies, without, shield on every field), drives each case against each mode with
 * autocannon, and writes docs/benchmarks.md (figures, query plans in docs/benchmark-plans.md).
 *
 * Options: --data small,large   --duration 4 (s per round)   --rounds 2 (per case and mode)   --warmup 1
 *          --connections 10
 *          --cases a,b,c,d,e    --modes none,policies,shield-everywhere   --keep (keep the databases)
 *          --no-write (print only)
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { signDevToken } from '../../src/auth/tokens';
import { createDataSource } from '../../src/db/data-source';
import { buildSchema } from '../../src/schema';
import { buildCases, type BenchCase, type Operation } from './cases';
import { generateData, SETTINGS, type DataSettings } from './generate-data';
import { collectEnvironment, planFindings, renderPlans, renderReport, type CaseResult, type DatasetRun } from './report';
import type { FromServer, PolicyMode, ToServer } from './server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

const JWT_SECRET = 'benchmark-secret-that-is-long-enough-for-hs256';
const MODES: PolicyMode[] = ['none', 'policies', 'shield-everywhere'];

interface Options {
  data: DataSettings['name'][];
  duration: number;
  rounds: number;
  warmup: number;
  connections: number;
  cases: string[] | null;
  modes: PolicyMode[];
  keep: boolean;
  write: boolean;
  serverUrl: string;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (name: string) => get(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const data = (list('data') ?? ['small', 'large']) as DataSettings['name'][];
  for (const d of data) if (!(d in SETTINGS)) throw new Error(`--data: unknown setting "${d}" (small, large)`);
  const modes = (list('modes') ?? MODES) as PolicyMode[];
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`--modes: unknown mode "${m}" (${MODES.join(', ')})`);
  return {
    data,
    duration: Number(get('duration') ?? 4),
    rounds: Number(get('rounds') ?? 2),
    warmup: Number(get('warmup') ?? 1),
    connections: Number(get('connections') ?? 10),
    cases: list('cases') ?? null,
    modes,
    keep: argv.includes('--keep'),
    write: !argv.includes('--no-write'),
    serverUrl: process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
  };
}

const log = (s: string) => process.stdout.write(`${s}\n`);

function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** One gateway child process. */
class ServerProcess {
  private waiting: ((m: FromServer) => void)[] = [];
  port = 0;
  constructor(readonly mode: PolicyMode, private readonly child: ChildProcess) {
    child.on('message', (m: FromServer) => {
      if (m.type === 'error') console.error(`[${mode}] ${m.message}`);
      this.waiting.shift()?.(m);
    });
  }

  static async start(mode: PolicyMode, url: string): Promise<ServerProcess> {
    const ts = __filename.endsWith('.ts');
    const child = fork(join(__dirname, ts ? 'server.ts' : 'server.js'), [], {
      env: { ...process.env, DATABASE_URL: url, JWT_SECRET, BENCH_POLICY_MODE: mode, NODE_ENV: 'production' },
      execArgv: ts ? ['-r', 'ts-node/register/transpile-only'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerProcess(mode, child);
    const ready = await new Promise<FromServer>((resolve, reject) => {
      server.waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`The ${mode} server exited with ${code}.`)));
    });
    if (ready.type !== 'ready') throw new Error(`The ${mode} server did not start.`);
    server.port = ready.port;
    return server;
  }

  ask<T extends FromServer['type']>(m: ToServer): Promise<Extract<FromServer, { type: T }>> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (m: FromServer) => void);
      this.child.send(m);
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'stop' } satisfies ToServer);
    await exited;
  }
}

async function post(port: number, token: string, op: Operation): Promise<{ data?: unknown; errors?: { message: string }[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(op),
  });
  return res.json() as Promise<{ data?: unknown; errors?: { message: string }[] }>;
}

interface Load {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  sample: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's counters once the requests still in flight when autocannon stopped are done. */
async function settled(s: ServerProcess) {
  let last = await s.ask<'stats'>({ type: 'stats' });
  for (;;) {
    await pause(250);
    const now = await s.ask<'stats'>({ type: 'stats' });
    if (now.statements === last.statements) return now;
    last = now;
  }
}

/** autocannon against one server; every response body is checked for GraphQL errors. */
function drive(port: number, token: string, c: BenchCase, seconds: number, connections: number): Promise<Load> {
  let i = 0;
  let graphqlErrors = 0;
  let sample = '';
  return new Promise((resolve, reject) => {
    autocannon({
      url: `http://127.0.0.1:${port}/`,
      connections,
      duration: seconds,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify(c.operations(i++)) }),
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) {
            graphqlErrors += 1;
            sample ||= body.slice(0, 300);
          }
        },
      }],
    }, (err: Error | null, r: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      if (err) return reject(err);
      resolve({
        requests: r.requests.total,
        rps: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.non2xx + r.timeouts + graphqlErrors,
        sample,
      });
    });
  });
}

async function runDataset(setting: DataSettings, opts: Options, availableMutations: Set<string>): Promise<DatasetRun> {
  const name = `gw_bench_${setting.name}`;
  const url = databaseUrl(opts.serverUrl, name);
  log(`\n== ${setting.name}: creating ${name}`);
  await admin(opts.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(opts.serverUrl, `CREATE DATABASE ${name}`);
  const servers: ServerProcess[] = [];
  const pg = new Client({ connectionString: url });
  try {
    const ds = createDataSource({ url });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    const started = Date.now();
    const counts = await generateData(url, setting, (s) => log(s));
    const loadSeconds = (Date.now() - started) / 1000;
    log(`   loaded in ${loadSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);

    await pg.connect();
    let cases = await buildCases(pg);
    if (opts.cases) cases = cases.filter((c) => opts.cases!.includes(c.key));
    for (const mode of opts.modes) servers.push(await ServerProcess.start(mode, url));

    const results: CaseResult[] = [];
    const plans: DatasetRun['plans'] = [];
    const skipped: string[] = [];
    for (const c of cases) {
      const missing = (c.needs ?? []).filter((m) => !availableMutations.has(m));
      if (missing.length) {
        const note = `(${c.key}) ${c.title}: skipped, the schema has no ${missing.join(', ')} yet`;
        log(`   ${note}`);
        skipped.push(note);
        continue;
      }
      const token = await signDevToken(JWT_SECRET, { sub: c.user.subject, email: c.user.email, name: c.user.name });

      // One request per mode first: it must answer without errors, and its SQL is what gets EXPLAINed.
      for (const s of servers) {
        await c.reset?.(pg);
        if (s.mode === 'policies') await s.ask({ type: 'record', on: true });
        const first = await post(s.port, token, c.operations(0));
        if (s.mode === 'policies') await s.ask({ type: 'record', on: false });
        if (first.errors?.length) throw new Error(`(${c.key}) ${c.title} [${s.mode}]: ${JSON.stringify(first.errors)}`);
        if (s.mode === 'policies') {
          const { plans: p } = await s.ask<'explain'>({ type: 'explain' });
          plans.push({ caseKey: c.key, caseTitle: c.title, plans: p });
        }
      }

      // Rounds alternate the order of the modes, so drift on a shared machine hits every mode alike.
      const totals = new Map<PolicyMode, { load: Load[]; statements: number; served: number; peakRss: number }>();
      for (let round = 0; round < opts.rounds; round++) {
        const order = round % 2 ? [...servers].reverse() : servers;
        for (const s of order) {
          await c.reset?.(pg);
          if (round === 0 && opts.warmup > 0) {
            await drive(s.port, token, c, opts.warmup, opts.connections);
            await settled(s);
            await c.reset?.(pg);
          }
          const before = await s.ask<'stats'>({ type: 'reset' });
          const load = await drive(s.port, token, c, opts.duration, opts.connections);
          const after = await settled(s); // requests still in flight when autocannon stops

          const t = totals.get(s.mode) ?? { load: [], statements: 0, served: 0, peakRss: 0 };
          t.load.push(load);
          t.statements += after.statements - before.statements;
          t.served += after.requests - before.requests;
          t.peakRss = Math.max(t.peakRss, after.peakRss);
          totals.set(s.mode, t);
        }
      }
      for (const s of servers) {
        const t = totals.get(s.mode)!;
        const requests = t.load.reduce((n, l) => n + l.requests, 0);
        const result: CaseResult = {
          caseKey: c.key,
          caseTitle: c.title,
          mode: s.mode,
          requests,
          rps: t.load.reduce((n, l) => n + l.rps, 0) / t.load.length,
          p50: Math.max(...t.load.map((l) => l.p50)),
          p99: Math.max(...t.load.map((l) => l.p99)),
          errors: t.load.reduce((n, l) => n + l.errors, 0),
          statementsPerRequest: t.statements / Math.max(1, t.served),
          peakRssMb: t.peakRss / 2 ** 20,
        };
        results.push(result);
        log(`   (${c.key}) ${c.title.padEnd(28)} ${s.mode.padEnd(18)} ${result.rps.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${String(result.p50).padStart(4)} ms  p99 ${String(result.p99).padStart(5)} ms  ` +
          `${result.statementsPerRequest.toFixed(2)} stmt/req  ${result.peakRssMb.toFixed(0)} MB` +
          (result.errors ? `  ERRORS ${result.errors}: ${t.load.find((l) => l.sample)?.sample ?? ''}` : ''));
      }
    }
    for (const f of planFindings(plans)) log(`   plan: ${f}`);
    return { setting, counts, loadSeconds, results, plans, skipped };
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await pg.end().catch(() => undefined);
    if (!opts.keep) await admin(opts.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else log(`   kept ${url}`);
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const mutationType = buildSchema({ policies: false }).getMutationType();
  const availableMutations = new Set(Object.keys(mutationType?.getFields() ?? {}));
  const env = await collectEnvironment(opts.serverUrl);
  log(`bench: ${opts.data.join(', ')} data, ${opts.rounds} x ${opts.duration} s per case and mode (+${opts.warmup} s warm-up), ` +
    `${opts.connections} connections; ${env.cpus}`);
  const runs: DatasetRun[] = [];
  for (const d of opts.data) runs.push(await runDataset(SETTINGS[d], opts, availableMutations));
  const report = renderReport(runs, env, opts);
  log(`\n${report.summary}`);
  if (opts.write) {
    writeFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks.md'), report.markdown);
    writeFileSync(join(__dirname, '..', '..', 'docs', 'benchmark-plans.md'), renderPlans(runs));
    log('wrote docs/benchmarks.md and docs/benchmark-plans.md');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
