import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization graph. Every table that belongs to an organization carries `org_id`, and the foreign keys
 * between such tables include it, so "only members of an organization can hold its grants" and "removing a
 * member removes their grants" are enforced by PostgreSQL, not only by the services.
 * Kept to SQL that both PostgreSQL 15 and PGlite (PostgreSQL 18) accept.
 */
export class InitialSchema1764800000000 implements MigrationInterface {
  name = 'InitialSchema1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        subject varchar(255),
        email varchar(320) NOT NULL,
        name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_subject UNIQUE (subject),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_email_lowercase CHECK (email = lower(email))
      )`);

    await q.query(`
      CREATE TABLE organizations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        slug varchar(63) NOT NULL,
        name varchar(200) NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        plan varchar(20) NOT NULL DEFAULT 'FREE',
        billing_email varchar(320),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organizations PRIMARY KEY (id),
        CONSTRAINT uq_organizations_slug UNIQUE (slug),
        CONSTRAINT ck_organizations_plan CHECK (plan IN ('FREE', 'GROWTH', 'ENTERPRISE'))
      )`);

    await q.query(`
      CREATE TABLE org_members (
        org_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role varchar(20) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_org_members PRIMARY KEY (org_id, user_id),
        CONSTRAINT fk_org_members_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT fk_org_members_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT ck_org_members_role CHECK (role IN ('OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER'))
      )`);
    await q.query(`CREATE INDEX ix_org_members_user ON org_members (user_id)`);

    await q.query(`
      CREATE TABLE projects (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        name varchar(200) NOT NULL,
        timezone varchar(64) NOT NULL DEFAULT 'UTC',
        default_role varchar(20),
        api_secret_hash varchar(64) NOT NULL,
        api_secret_hint varchar(8) NOT NULL,
        api_secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_projects PRIMARY KEY (id),
        CONSTRAINT uq_projects_org_id UNIQUE (org_id, id),
        CONSTRAINT fk_projects_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT ck_projects_default_role CHECK (default_role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'))
      )`);

    await q.query(`
      CREATE TABLE project_members (
        org_id uuid NOT NULL,
        project_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role varchar(20) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_project_members PRIMARY KEY (project_id, user_id),
        CONSTRAINT fk_project_members_project FOREIGN KEY (org_id, project_id)
          REFERENCES projects (org_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT fk_project_members_org_member FOREIGN KEY (org_id, user_id)
          REFERENCES org_members (org_id, user_id) ON DELETE CASCADE,
        CONSTRAINT ck_project_members_role CHECK (role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'))
      )`);
    await q.query(`CREATE INDEX ix_project_members_org_user ON project_members (org_id, user_id)`);

    await q.query(`
      CREATE TABLE teams (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_teams PRIMARY KEY (id),
        CONSTRAINT uq_teams_org_id UNIQUE (org_id, id),
        CONSTRAINT uq_teams_org_name UNIQUE (org_id, name),
        CONSTRAINT fk_teams_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE team_members (
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_team_members PRIMARY KEY (team_id, user_id),
        CONSTRAINT fk_team_members_team FOREIGN KEY (org_id, team_id)
          REFERENCES teams (org_id, id) ON DELETE CASCADE,
        CONSTRAINT fk_team_members_org_member FOREIGN KEY (org_id, user_id)
          REFERENCES org_members (org_id, user_id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_team_members_org_user ON team_members (org_id, user_id)`);

    await q.query(`
      CREATE TABLE team_project_grants (
        org_id uuid NOT NULL,
        team_id uuid NOT NULL,
        project_id uuid NOT NULL,
        role varchar(20) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_team_project_grants PRIMARY KEY (team_id, project_id),
        CONSTRAINT fk_team_project_grants_team FOREIGN KEY (org_id, team_id)
          REFERENCES teams (org_id, id) ON DELETE CASCADE,
        CONSTRAINT fk_team_project_grants_project FOREIGN KEY (org_id, project_id)
          REFERENCES projects (org_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT ck_team_project_grants_role CHECK (role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'))
      )`);
    await q.query(`CREATE INDEX ix_team_project_grants_project ON team_project_grants (project_id)`);

    await q.query(`
      CREATE TABLE invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        email varchar(320) NOT NULL,
        role varchar(20) NOT NULL,
        token_hash varchar(64) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'PENDING',
        inviter_id uuid,
        expires_at timestamptz NOT NULL,
        accepted_by_id uuid,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_invitations PRIMARY KEY (id),
        CONSTRAINT uq_invitations_org_id UNIQUE (org_id, id),
        CONSTRAINT uq_invitations_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_invitations_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT fk_invitations_inviter FOREIGN KEY (inviter_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT fk_invitations_accepted_by FOREIGN KEY (accepted_by_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT ck_invitations_role CHECK (role IN ('OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER')),
        CONSTRAINT ck_invitations_status CHECK (status IN ('PENDING', 'ACCEPTED', 'REVOKED')),
        CONSTRAINT ck_invitations_email_lowercase CHECK (email = lower(email))
      )`);
    // One pending invitation per (org, email); accepted and revoked ones stay as history.
    await q.query(`CREATE UNIQUE INDEX uq_invitations_pending_email ON invitations (org_id, email) WHERE status = 'PENDING'`);

    await q.query(`
      CREATE TABLE invitation_project_grants (
        org_id uuid NOT NULL,
        invitation_id uuid NOT NULL,
        project_id uuid NOT NULL,
        role varchar(20) NOT NULL,
        CONSTRAINT pk_invitation_project_grants PRIMARY KEY (invitation_id, project_id),
        CONSTRAINT fk_invitation_project_grants_invitation FOREIGN KEY (org_id, invitation_id)
          REFERENCES invitations (org_id, id) ON DELETE CASCADE,
        CONSTRAINT fk_invitation_project_grants_project FOREIGN KEY (org_id, project_id)
          REFERENCES projects (org_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT ck_invitation_project_grants_role CHECK (role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'))
      )`);

    await q.query(`
      CREATE TABLE boards (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        project_id uuid NOT NULL,
        creator_id uuid,
        name varchar(200) NOT NULL,
        description text NOT NULL DEFAULT '',
        visibility varchar(20) NOT NULL DEFAULT 'PRIVATE',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_boards PRIMARY KEY (id),
        CONSTRAINT fk_boards_project FOREIGN KEY (org_id, project_id)
          REFERENCES projects (org_id, id) ON DELETE CASCADE ON UPDATE CASCADE,
        CONSTRAINT fk_boards_creator FOREIGN KEY (creator_id) REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT ck_boards_visibility CHECK (visibility IN ('PRIVATE', 'PROJECT'))
      )`);
    await q.query(`CREATE INDEX ix_boards_project ON boards (project_id)`);

    await q.query(`
      CREATE TABLE payment_methods (
        org_id uuid NOT NULL,
        processor_token varchar(255) NOT NULL,
        brand varchar(32) NOT NULL,
        last4 varchar(4) NOT NULL,
        exp_month smallint NOT NULL,
        exp_year smallint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payment_methods PRIMARY KEY (org_id),
        CONSTRAINT fk_payment_methods_org FOREIGN KEY (org_id) REFERENCES organizations (id) ON DELETE CASCADE,
        CONSTRAINT ck_payment_methods_last4 CHECK (last4 ~ '^[0-9]{4}$'),
        CONSTRAINT ck_payment_methods_exp_month CHECK (exp_month BETWEEN 1 AND 12)
      )`);

    // The audit log outlives what it describes (an organization's deletion is itself audited), so it has no
    // foreign keys; it is append-only, which a trigger enforces against any UPDATE or DELETE.
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial NOT NULL,
        org_id uuid NOT NULL,
        project_id uuid,
        actor_id uuid,
        actor_kind varchar(20) NOT NULL DEFAULT 'USER',
        action varchar(64) NOT NULL,
        target_type varchar(32) NOT NULL,
        target_id varchar(64) NOT NULL,
        before jsonb,
        after jsonb,
        request_id varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_audit_events PRIMARY KEY (id),
        CONSTRAINT ck_audit_events_actor_kind CHECK (actor_kind IN ('USER', 'SYSTEM', 'IMPORT'))
      )`);
    await q.query(`CREATE INDEX ix_audit_events_org ON audit_events (org_id, id)`);
    await q.query(`CREATE INDEX ix_audit_events_project ON audit_events (project_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);

    // An organization always keeps an owner. Checked at commit, after locking the organization row, so two
    // concurrent transactions that each demote or remove one of the last two owners are serialized and the
    // second one fails. The services check first to give a friendly error; this is the backstop.
    await q.query(`
      CREATE FUNCTION org_members_keep_an_owner() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM organizations WHERE id = OLD.org_id FOR UPDATE;
        IF FOUND AND NOT EXISTS (SELECT 1 FROM org_members WHERE org_id = OLD.org_id AND role = 'OWNER') THEN
          RAISE EXCEPTION 'organization % must keep at least one owner', OLD.org_id USING ERRCODE = 'GW001';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER tr_org_members_keep_an_owner AFTER UPDATE OR DELETE ON org_members
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_members_keep_an_owner()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events', 'payment_methods', 'boards', 'invitation_project_grants', 'invitations',
      'team_project_grants', 'team_members', 'teams', 'project_members', 'projects', 'org_members',
      'organizations', 'users',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION org_members_keep_an_owner()`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
  }
}
