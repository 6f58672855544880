import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres } from '../../src/db/embedded';
import { StatementCounter } from '../../src/db/statement-counter';

export interface TestDatabase {
  dataSource: DataSource;
  statements: StatementCounter;
  url: string;
  /** Closes the connections and drops the database (or stops the embedded one). */
  destroy(): Promise<void>;
}

/**
 * A database of the test file's own: with DATABASE_URL, a new database on that server, dropped afterwards;
 * without it, an in-memory PGlite. Migrations are applied unless `migrate` is false.
 */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  let cleanup: () => Promise<void>;
  let poolSize = 10;
  if (serverUrl) {
    const name = `gw_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const embedded = await startEmbeddedPostgres(null);
    url = embedded.url;
    cleanup = () => embedded.stop();
    poolSize = EMBEDDED_POOL_SIZE;
  }
  const statements = new StatementCounter();
  const dataSource = createDataSource({ url, statements, poolSize });
  await dataSource.initialize();
  if (migrate) await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    statements,
    url,
    async destroy() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await cleanup();
    },
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
