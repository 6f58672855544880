import { createTestDatabase, TestDatabase } from '../testkit/database';
import { MIGRATIONS } from '../../migrations';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.destroy());

  const tables = async () =>
    (await db.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    )).map((r: { table_name: string }) => r.table_name);

  it('run up, all the way down, and up again on an empty database', async () => {
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(expect.arrayContaining(['organizations', 'org_members', 'projects', 'audit_events']));
    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect((await tables()).length).toBeGreaterThan(10);
  });

  it('leave nothing for the entities to change (entities and migrations agree)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });
});
