/**
 * The gateway under test, as a child process of run.ts (forked, IPC channel): production configuration, one
 * policy mode, a loopback port. It answers the parent's messages with its SQL statement count and peak RSS, and
 * can EXPLAIN the statements it recorded.
 *
 *   modes: "policies" (the schema as built for production), "none" (buildSchema({ policies: false })),
 *          "shield-everywhere" (shield applied over every field, the naive way, for the before/after figures)
 */
import 'reflect-metadata';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, shield } from 'graphql-shield';
import { createTokenVerifier } from '../../src/auth/tokens';
import { policyRuleTree } from '../../src/authz/policies';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { StatementCounter } from '../../src/db/statement-counter';
import { createLogger } from '../../src/logger';
import { buildSchema } from '../../src/schema';
import { createGateway, headersOf } from '../../src/server';

export type PolicyMode = 'policies' | 'none' | 'shield-everywhere';

export type ToServer =
  | { type: 'reset' }
  | { type: 'stats' }
  | { type: 'record'; on: boolean }
  | { type: 'explain' }
  | { type: 'stop' };

export type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'stats'; statements: number; requests: number; peakRss: number; rss: number }
  | { type: 'explain'; plans: { sql: string; params: unknown[]; plan: string }[] }
  | { type: 'error'; message: string };

/** Counts statements, and records distinct ones (with the parameters of their first run) while asked to. */
class RecordingCounter extends StatementCounter {
  recording = false;
  recorded = new Map<string, unknown[]>();
  override logQuery(query?: string, parameters?: unknown[]): void {
    super.logQuery();
    if (this.recording && query && !this.recorded.has(query)) this.recorded.set(query, parameters ?? []);
  }
}

export function schemaFor(mode: PolicyMode): GraphQLSchema {
  if (mode === 'policies') return buildSchema();
  const bare = buildSchema({ policies: false });
  if (mode === 'none') return bare;
  // What the policy layer avoids: shield over the whole schema, every field wrapped in its async middleware.
  return applyMiddleware(bare, shield(policyRuleTree(bare), {
    fallbackRule: allow,
    allowExternalErrors: false,
    fallbackError: async (thrown: unknown) => (thrown instanceof Error ? thrown : null) as unknown as GraphQLError,
  }));
}

async function main(): Promise<void> {
  const mode = (process.env.BENCH_POLICY_MODE ?? 'policies') as PolicyMode;
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const log = createLogger(config.logLevel);
  const statements = new RecordingCounter(log);
  const db = createDataSource({ url: config.databaseUrl!, poolSize: 10, statements });
  await db.initialize();
  const gateway = createGateway({ config, db, log, verifyToken: createTokenVerifier(config.jwt), schema: schemaFor(mode) });
  let requests = 0; // counted here, so statements per request never depend on what autocannon saw complete
  const { url } = await startStandaloneServer(gateway.server, {
    context: async ({ req }) => {
      requests += 1;
      return gateway.contextFor(headersOf(req));
    },
    listen: { port: 0, host: '127.0.0.1' },
  });

  let peakRss = process.memoryUsage.rss();
  const sample = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 25);
  sample.unref();
  const send = (m: FromServer) => process.send!(m);

  process.on('message', async (m: ToServer) => {
    try {
      switch (m.type) {
        case 'reset':
          peakRss = process.memoryUsage.rss();
          statements.recorded.clear();
          return send({ type: 'stats', statements: statements.count, requests, peakRss, rss: peakRss });
        case 'stats': {
          const rss = process.memoryUsage.rss();
          return send({ type: 'stats', statements: statements.count, requests, peakRss: Math.max(peakRss, rss), rss });
        }
        case 'record':
          statements.recording = m.on;
          return send({ type: 'stats', statements: statements.count, requests, peakRss, rss: process.memoryUsage.rss() });
        case 'explain': {
          const plans = [];
          for (const [sql, params] of statements.recorded) {
            if (!/^\s*(SELECT|WITH)/i.test(sql)) continue;
            const rows: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
            plans.push({ sql, params, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
          }
          return send({ type: 'explain', plans });
        }
        case 'stop':
          await gateway.server.stop();
          await db.destroy();
          process.exit(0);
      }
    } catch (e) {
      send({ type: 'error', message: String((e as Error).stack ?? e) });
    }
  });
  send({ type: 'ready', port: Number(new URL(url).port) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
