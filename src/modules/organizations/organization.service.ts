import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import { ConflictError } from '../../errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { OrgMemberEntity } from './org-member.entity';
import { OrganizationEntity } from './organization.entity';
import { slugFromName, validateName, validateSlug } from './slug';

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
}
