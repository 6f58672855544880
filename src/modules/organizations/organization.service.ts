import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import { ConflictError, InputError } from '../../errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { OrgMemberEntity } from './org-member.entity';
import { OrganizationEntity } from './organization.entity';
import type { OrganizationRow } from './organization.loaders';
import { rowsOf } from '../../db/query';
import { lockOrganization } from './org-lock';
import { validateName } from '../../common/validation';
import { slugFromName, validateSlug } from './slug';

export class OrganizationService {
  constructor(private readonly db: DataSource) {}

  /** ACCESS-MODEL §5: creating an organization makes its creator the OWNER. */
  async create(actor: Actor & { userId: string }, input: { name: string; slug?: string | null }): Promise<OrganizationEntity> {
    const name = validateName(input.name, 'input.name');
    const slug = input.slug ? validateSlug(input.slug) : slugFromName(name);
    return inTransaction(this.db, async (tx) => {
      if (await tx.exists(OrganizationEntity, { where: { slug } })) {
        throw new ConflictError(`The slug "${slug}" is taken.`, { field: 'input.slug' });
      }
      const org = await tx.save(tx.create(OrganizationEntity, { name, slug }));
      await tx.insert(OrgMemberEntity, { orgId: org.id, userId: actor.userId, role: 'OWNER' });
      await recordAudit(tx, actor, {
        orgId: org.id,
        action: 'organization.created',
        target: { type: 'Organization', id: org.id },
        after: { name, slug, ownerId: actor.userId },
      });
      return org;
    });
  }

  /** Rename and/or replace the settings object (org:update). One audit event naming what changed. */
  async update(
    actor: Actor & { userId: string },
    input: { orgId: string; name?: string | null; settings?: unknown },
  ): Promise<OrganizationRow> {
    const name = input.name === undefined || input.name === null ? null : validateName(input.name, 'input.name');
    const settings = input.settings === undefined || input.settings === null ? null : validateSettings(input.settings);
    if (name === null && settings === null) throw new InputError('input', 'must change "name" or "settings".');
    return inTransaction(this.db, async (tx) => {
      const current = await lockOrganization(tx, input.orgId);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (name !== null && name !== current.name) {
        before.name = current.name;
        after.name = name;
      }
      if (settings !== null && JSON.stringify(settings) !== JSON.stringify(current.settings)) {
        before.settings = current.settings;
        after.settings = settings;
      }
      if (!Object.keys(after).length) return current;
      const [row] = rowsOf<OrganizationRow>(await tx.query(
        `UPDATE organizations SET name = COALESCE($2, name), settings = COALESCE($3::jsonb, settings), updated_at = now()
          WHERE id = $1 RETURNING id, slug, name, settings, plan, created_at AS "createdAt"`,
        [input.orgId, after.name ?? null, after.settings === undefined ? null : JSON.stringify(after.settings)]));
      await recordAudit(tx, actor, {
        orgId: input.orgId, action: 'organization.updated', target: { type: 'Organization', id: input.orgId }, before, after,
      });
      return row;
    });
  }

  /**
   * Deletes the organization; everything in it goes by FK cascade in the same statement, so it leaves every
   * listing at once. The audit event outlives it (audit_events has no foreign key).
   */
  async delete(actor: Actor & { userId: string }, input: { orgId: string }): Promise<void> {
    await inTransaction(this.db, async (tx) => {
      const org = await lockOrganization(tx, input.orgId);
      await recordAudit(tx, actor, {
        orgId: org.id,
        action: 'organization.deleted',
        target: { type: 'Organization', id: org.id },
        before: { name: org.name, slug: org.slug, plan: org.plan },
      });
      await tx.query(`DELETE FROM organizations WHERE id = $1`, [org.id]);
    });
  }
}

const MAX_SETTINGS_BYTES = 16 * 1024;

function validateSettings(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('input.settings', 'must be a JSON object.');
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_SETTINGS_BYTES) {
    throw new InputError('input.settings', `must be at most ${MAX_SETTINGS_BYTES} bytes of JSON.`);
  }
  return value as Record<string, unknown>;
}
