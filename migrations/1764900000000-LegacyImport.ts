import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookkeeping for the legacy import (ACCESS-MODEL §7), so that running it again changes nothing:
 * - legacy_org_keys: which organization a grouping key ("owner:alice@x.com", "domain:acme.com") became;
 * - legacy_project_imports: which project a legacy project id became. project_id turns NULL when the project is
 *   deleted later, so a deleted project is not brought back by the next run;
 * - legacy_project_member_imports: which legacy members of a project were imported, so a later run adds only
 *   members that are new in the file and never re-adds someone an admin removed since.
 */
export class LegacyImport1764900000000 implements MigrationInterface {
  name = 'LegacyImport1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legacy_org_keys (
        group_key varchar(400) NOT NULL,
        org_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_legacy_org_keys PRIMARY KEY (group_key),
        CONSTRAINT fk_legacy_org_keys_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_legacy_org_keys_org ON legacy_org_keys (org_id)`);

    await q.query(`
      CREATE TABLE legacy_project_imports (
        legacy_id varchar(100) NOT NULL,
        project_id uuid,
        org_id uuid NOT NULL,
        group_key varchar(400) NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_legacy_project_imports PRIMARY KEY (legacy_id),
        CONSTRAINT fk_legacy_project_imports_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX ix_legacy_project_imports_project ON legacy_project_imports (project_id)`);

    await q.query(`
      CREATE TABLE legacy_project_member_imports (
        legacy_id varchar(100) NOT NULL,
        email varchar(320) NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_legacy_project_member_imports PRIMARY KEY (legacy_id, email),
        CONSTRAINT fk_legacy_project_member_imports_import FOREIGN KEY (legacy_id)
          REFERENCES legacy_project_imports (legacy_id) ON DELETE CASCADE
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE legacy_project_member_imports`);
    await q.query(`DROP TABLE legacy_project_imports`);
    await q.query(`DROP TABLE legacy_org_keys`);
  }
}
