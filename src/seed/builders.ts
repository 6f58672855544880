import { randomUUID } from 'node:crypto';
import type { OrgRole, ProjectRole } from '../authz/roles';
import type { BoardVisibility } from '../modules/boards/board.entity';
import type { PlanName } from '../modules/billing/plans';
import { newApiSecret } from '../modules/projects/api-secret';

/**
 * Direct inserts for demo data and test fixtures: fast, and independent of the services under test.
 * Each builder returns the ids it created.
 */
export interface SeedUser {
  id: string;
  subject: string;
  email: string;
  name: string;
}

/** A DataSource or a transaction's EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class SeedBuilder {
  constructor(private readonly db: Queryable) {}

  async user(name: string, email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${randomUUID().slice(0, 8)}@example.com`): Promise<SeedUser> {
    const subject = `seed|${randomUUID()}`;
    const [row] = await this.db.query(
      `INSERT INTO users (subject, email, name) VALUES ($1, $2, $3) RETURNING id`, [subject, email.toLowerCase(), name]);
    return { id: row.id, subject, email: email.toLowerCase(), name };
  }

  async organization(owner: SeedUser, name = `Org ${randomUUID().slice(0, 8)}`, plan: PlanName = 'ENTERPRISE'): Promise<string> {
    const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${randomUUID().slice(0, 6)}`;
    const [row] = await this.db.query(
      `INSERT INTO organizations (name, slug, plan) VALUES ($1, $2, $3) RETURNING id`, [name, slug, plan]);
    await this.member(row.id, owner, 'OWNER');
    return row.id;
  }

  async member(orgId: string, user: SeedUser, role: OrgRole): Promise<void> {
    await this.db.query(`INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, $3)`, [orgId, user.id, role]);
  }

  async project(orgId: string, name = `Project ${randomUUID().slice(0, 8)}`, defaultRole: ProjectRole | null = null): Promise<string> {
    const { hash, hint } = newApiSecret();
    const [row] = await this.db.query(
      `INSERT INTO projects (org_id, name, default_role, api_secret_hash, api_secret_hint) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [orgId, name, defaultRole, hash, hint]);
    return row.id;
  }

  async projectGrant(orgId: string, projectId: string, user: SeedUser, role: ProjectRole): Promise<void> {
    await this.db.query(
      `INSERT INTO project_members (org_id, project_id, user_id, role) VALUES ($1, $2, $3, $4)`, [orgId, projectId, user.id, role]);
  }

  async team(orgId: string, name = `Team ${randomUUID().slice(0, 8)}`): Promise<string> {
    const [row] = await this.db.query(`INSERT INTO teams (org_id, name) VALUES ($1, $2) RETURNING id`, [orgId, name]);
    return row.id;
  }

  async teamMember(orgId: string, teamId: string, user: SeedUser): Promise<void> {
    await this.db.query(`INSERT INTO team_members (org_id, team_id, user_id) VALUES ($1, $2, $3)`, [orgId, teamId, user.id]);
  }

  async teamGrant(orgId: string, teamId: string, projectId: string, role: ProjectRole): Promise<void> {
    await this.db.query(
      `INSERT INTO team_project_grants (org_id, team_id, project_id, role) VALUES ($1, $2, $3, $4)`, [orgId, teamId, projectId, role]);
  }

  async board(orgId: string, projectId: string, creator: SeedUser, visibility: BoardVisibility = 'PROJECT', name = `Board ${randomUUID().slice(0, 8)}`): Promise<string> {
    const [row] = await this.db.query(
      `INSERT INTO boards (org_id, project_id, creator_id, name, visibility) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [orgId, projectId, creator.id, name, visibility]);
    return row.id;
  }

  async paymentMethod(orgId: string, last4 = '4242'): Promise<void> {
    await this.db.query(
      `INSERT INTO payment_methods (org_id, processor_token, brand, last4, exp_month, exp_year) VALUES ($1, $2, 'visa', $3, 12, 2030)`,
      [orgId, `pm_${randomUUID()}`, last4]);
  }
}
