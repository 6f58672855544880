import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the benchmark's query plans asked for (docs/benchmarks.md): keyset pages read in their sort order
 * instead of sorting every row of the parent, so a page of a large organization costs what a small one does.
 */
export class BenchmarkIndexes1765000000000 implements MigrationInterface {
  name = 'BenchmarkIndexes1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    // Organization.projects: WHERE org_id = $1 ORDER BY name, id LIMIT n.
    await q.query(`CREATE INDEX ix_projects_org_name ON projects (org_id, name, id)`);
    // Project.boards: WHERE project_id = $1 ORDER BY name, id LIMIT n.
    await q.query(`CREATE INDEX ix_boards_project_name ON boards (project_id, name, id)`);
    // Member lists by user name (Organization.members, Project.members, Team.members): walk users in name order.
    await q.query(`CREATE INDEX ix_users_name ON users (name, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_users_name`);
    await q.query(`DROP INDEX ix_boards_project_name`);
    await q.query(`DROP INDEX ix_projects_org_name`);
  }
}
