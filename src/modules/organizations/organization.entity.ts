import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { PlanName } from '../billing/plans';

@Entity('organizations')
@Unique('uq_organizations_slug', ['slug'])
@Check('ck_organizations_plan', `plan IN ('FREE', 'GROWTH', 'ENTERPRISE')`)
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organizations' })
  id: string;

  @Column({ type: 'varchar', length: 63 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings: Record<string, unknown>;

  @Column({ type: 'varchar', length: 20, default: 'FREE' })
  plan: PlanName;

  @Column({ name: 'billing_email', type: 'varchar', length: 320, nullable: true })
  billingEmail: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
