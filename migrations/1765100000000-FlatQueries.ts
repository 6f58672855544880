import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for pages that stay flat as an organization grows (docs/benchmarks.md, "Flat as data grows"): every
 * source of a project role is read in the page's order from an index and cut at the page size.
 */
export class FlatQueries1765100000000 implements MigrationInterface {
  name = 'FlatQueries1765100000000';

  public async up(q: QueryRunner): Promise<void> {
    // Project.members: the members whose org role implies a project role (OWNER, ADMIN), one range per role,
    // in user id order, without reading the rest of the organization.
    await q.query(`CREATE INDEX ix_org_members_org_role ON org_members (org_id, role, user_id)`);
    // Organization.projects: the projects with a default role (open to every member), in name order.
    await q.query(
      `CREATE INDEX ix_projects_org_default_role ON projects (org_id, name, id) WHERE default_role IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_projects_org_default_role`);
    await q.query(`DROP INDEX ix_org_members_org_role`);
  }
}
