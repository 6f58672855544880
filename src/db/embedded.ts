import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/** Pool size the application uses against PGlite; the socket server must accept at least as many connections. */
export const EMBEDDED_POOL_SIZE = 4;

/**
 * PostgreSQL in-process (PGlite, PostgreSQL compiled to WebAssembly), served over the wire protocol on a loopback
 * port so that TypeORM and pg talk to it exactly as they talk to a real server. `dataDir` null keeps it in memory.
 * PGlite runs one session: transactions are serialized, and code inside a transaction must use that
 * transaction's manager (a pool query would wait for the transaction to end).
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? undefined);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_POOL_SIZE + 2 });
  await server.start();
  const conn = server.getServerConn();
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
