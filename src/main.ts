import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createTokenVerifier, signDevToken } from './auth/tokens';
import { ConfigError, loadConfig, type Config } from './config';
import { createDataSource } from './db/data-source';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded';
import { createLogger, type Logger } from './logger';
import { seedDemoData, type DemoUser } from './seed/demo';
import { createGateway, headersOf } from './server';

/** `npm start`: migrate, seed the demo organization (outside production), serve, and stop cleanly on SIGTERM. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);

  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.pgliteDataDir);
    url = embedded.url;
    log.info({ dataDir: config.pgliteDataDir }, 'using embedded PostgreSQL (PGlite); set DATABASE_URL to use a server');
  }
  const db = createDataSource({ url, poolSize: embedded ? EMBEDDED_POOL_SIZE : 10 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });

  const jwtSecret = config.jwt.secret ?? (config.jwt.jwksUrl ? null : developmentSecret(config, log));
  const gateway = createGateway({ config, db, log, verifyToken: createTokenVerifier({ ...config.jwt, secret: jwtSecret }) });
  const demoUsers = config.seedDemoData ? await seedDemoData(db) : [];

  const { url: serverUrl } = await startStandaloneServer(gateway.server, {
    context: async ({ req }) => gateway.contextFor(headersOf(req)),
    listen: { port: config.port, host: config.host },
  });
  log.info({ url: `${serverUrl}graphql` }, "gateway ready");
  if (jwtSecret && demoUsers.length) await printDemoSignIns(`${serverUrl}graphql`, jwtSecret, config, demoUsers);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    await gateway.server.stop();
    log.info('requests drained; closing the database');
    await db.destroy();
    await embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Without JWT_SECRET in development, a random one is generated once and kept beside the data, so tokens survive restarts. */
function developmentSecret(config: Config, log: Logger): string {
  const file = join(dirname(config.pgliteDataDir), 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    log.warn({ file }, 'JWT_SECRET is not set: generated a development secret');
  }
  return readFileSync(file, 'utf8').trim();
}

async function printDemoSignIns(url: string, secret: string, config: Config, users: DemoUser[]): Promise<void> {
  const lines = [`\nOrganization gateway: ${url}`, 'Demo users (tokens valid 30 days):\n'];
  for (const { user, role } of users) {
    const token = await signDevToken(secret, { sub: user.subject, email: user.email, name: user.name },
      { issuer: config.jwt.issuer, audience: config.jwt.audience });
    lines.push(`${user.name} <${user.email}> — ${role}`);
    lines.push(`  token: ${token}`);
    lines.push(`  curl -s ${url} -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\`);
    lines.push(`    -d '{"query":"{ viewer { name memberships { nodes { role organization { name projects { nodes { name viewerRole { role } } } } } } } }"}'\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
