/**
 * npm run bench:import -- FILE.json [--group-by owner|domain] [--dry-run] [--max-pending N]
 * Imports FILE into a fresh database (a new one on DATABASE_URL's server, dropped afterwards, or an in-memory
 * PGlite) and prints rows written per second and peak memory. Keeps only totals (no per-project report).
 * --max-pending: projects of open organizations held in memory before spilling to disk (importer default 2,000).
 * BENCH_TRACE=1 prints each retained-heap sample. The last line (RESULT ...) sums up the run: rows/s, peak RSS,
 * peak heap and the heap retained after a forced GC.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from '../src/db/embedded';
import { importLegacy } from '../src/modules/legacy-import/importer';
import { fileSource } from '../src/modules/legacy-import/source';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && a !== 'owner' && a !== 'domain' && args[i - 1] !== '--max-pending');
const groupBy = args.includes('domain') ? 'domain' : 'owner';
const dryRun = args.includes('--dry-run');
const maxPendingAt = args.indexOf('--max-pending');
const maxPendingProjects = maxPendingAt >= 0 ? Number(args[maxPendingAt + 1]) : undefined;

/** A forced full collection every this many projects, to measure the retained heap. */
const GC_EVERY = 1000;

/** global.gc without having to start node with --expose-gc. */
function exposeGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function admin(url: string, sql: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main() {
  if (!file) throw new Error('usage: npm run bench:import -- FILE.json [--group-by owner|domain] [--dry-run] [--max-pending N]');
  let url: string;
  let cleanup: () => Promise<void>;
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `gw_bench_${randomBytes(4).toString('hex')}`;
    await admin(server, `CREATE DATABASE ${name}`);
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const embedded = await startEmbeddedPostgres(null);
    url = embedded.url;
    cleanup = () => embedded.stop();
  }
  const db = createDataSource({ url, poolSize: server ? 4 : EMBEDDED_POOL_SIZE });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });

  // Peak heap as sampled (garbage included: V8 lets the heap grow before collecting, so this follows its sizing
  // heuristics more than the data) and the retained heap: heapUsed right after a forced full GC, taken every
  // GC_EVERY projects and at the end. The retained figure is the one that shows what the import keeps.
  const gc = exposeGc();
  let peakHeap = 0;
  let retainedPeak = 0;
  const sampleRetained = () => {
    gc();
    const h = process.memoryUsage().heapUsed;
    retainedPeak = Math.max(retainedPeak, h);
    if (process.env.BENCH_TRACE) process.stderr.write(`  retained ${(h / 1048576).toFixed(1)} MB\n`);
  };
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 50);
  const started = process.hrtime.bigint();
  let firstPassSeconds = 0;
  let total = 0;
  try {
    const report = await importLegacy({
      db, source: fileSource(file), groupBy, dryRun, keepDetails: false, maxPendingProjects,
      onStart: (n) => {
        total = n;
        firstPassSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        sampleRetained();
      },
      onProject: (_p, done) => {
        if (done % GC_EVERY === 0) sampleRetained();
        if (done % 5000 === 0) process.stderr.write(`  ${done}/${total} projects\n`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    sampleRetained();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const t = report.totals;
    const rows = t.projects.created + t.organizations.created + t.users.created + t.memberships.created + t.grants.created + t.auditEvents
      + t.projects.created * 2; // + legacy_project_imports and (about) legacy member records
    const projects = t.projects.created + t.projects.updated + t.projects.skipped + t.projects.refused;
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({
      file, fileSize: mb(statSync(file).size), database: server ? 'postgresql' : 'pglite', groupBy, dryRun,
      seconds: Number(seconds.toFixed(2)), firstPassSeconds: Number(firstPassSeconds.toFixed(2)),
      projectsPerSecond: Math.round(projects / seconds),
      rowsWritten: rows, rowsPerSecond: Math.round(rows / seconds),
      peakHeapUsed: mb(peakHeap), retainedHeapAfterGc: mb(retainedPeak), peakRss: mb(peakRss),
      totals: t,
    }, null, 2));
    console.log(`RESULT projects=${projects} file=${mb(statSync(file).size)} db=${server ? 'postgresql' : 'pglite'} group-by=${groupBy}${dryRun ? ' dry-run' : ''}`
      + ` | ${seconds.toFixed(1)} s, ${Math.round(projects / seconds)} projects/s, ${Math.round(rows / seconds)} rows/s (${rows} rows)`
      + ` | peak RSS ${mb(peakRss)}, peak heap ${mb(peakHeap)}, retained heap after GC ${mb(retainedPeak)}`);
  } finally {
    clearInterval(sampler);
    await db.destroy();
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
