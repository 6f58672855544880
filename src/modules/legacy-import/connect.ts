import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config';
import { createDataSource } from '../../db/data-source';
import { EMBEDDED_POOL_SIZE, startEmbeddedPostgres, type EmbeddedPostgres } from '../../db/embedded';

/**
 * The database the gateway is configured for, exactly as src/main.ts picks it: DATABASE_URL, or the PGlite data
 * directory (PGLITE_DATA_DIR, default .data/pglite; only one process can open it, so stop the gateway first).
 * Migrations are applied before returning.
 */
export async function openConfiguredDatabase(): Promise<{ db: DataSource; where: string; close(): Promise<void> }> {
  const config = loadConfig();
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.pgliteDataDir);
    url = embedded.url;
  }
  const db = createDataSource({ url, poolSize: embedded ? EMBEDDED_POOL_SIZE : 4 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  return {
    db,
    where: embedded ? `PGlite at ${config.pgliteDataDir}` : (url.replace(/\/\/[^@/]*@/, '//***@')),
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
