/**
 * npm run bench:import -- FILE.json [--group-by owner|domain] [--dry-run]
 * Imports FILE into a fresh database (a new one on DATABASE_URL's server, dropped afterwards, or an in-memory
 * PGlite) and prints rows written per second and peak memory. Keeps only totals (no per-project report).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from '../src/db/embedded';
import { importLegacy } from '../src/modules/legacy-import/importer';
import { fileSource } from '../src/modules/legacy-import/source';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && a !== 'owner' && a !== 'domain');
const groupBy = args.includes('domain') ? 'domain' : 'owner';
const dryRun = args.includes('--dry-run');

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
  if (!file) throw new Error('usage: npm run bench:import -- FILE.json [--group-by owner|domain] [--dry-run]');
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

  let peakHeap = 0;
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 50);
  const started = process.hrtime.bigint();
  try {
    const report = await importLegacy({
      db, source: fileSource(file), groupBy, dryRun, keepDetails: false,
      onProject: (_p, done) => {
        if (done % 1000 === 0) process.stderr.write(`  ${done} projects\n`);
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const t = report.totals;
    const rows = t.projects.created + t.organizations.created + t.users.created + t.memberships.created + t.grants.created + t.auditEvents
      + t.projects.created * 2; // + legacy_project_imports and (about) legacy member records
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    console.log(JSON.stringify({
      file, fileSize: mb(statSync(file).size), database: server ? 'postgresql' : 'pglite', groupBy, dryRun,
      seconds: Number(seconds.toFixed(2)),
      projectsPerSecond: Math.round((t.projects.created + t.projects.updated + t.projects.skipped + t.projects.refused) / seconds),
      rowsWritten: rows, rowsPerSecond: Math.round(rows / seconds),
      peakHeapUsed: mb(peakHeap), peakRss: mb(process.resourceUsage().maxRSS * 1024),
      totals: t,
    }, null, 2));
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
