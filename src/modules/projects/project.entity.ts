import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn,
} from 'typeorm';
import type { ProjectRole } from '../../authz/roles';
import { OrganizationEntity } from '../organizations/organization.entity';

@Entity('projects')
@Index('ix_projects_org_name', ['orgId', 'name', 'id'])
@Index('ix_projects_org_default_role', ['orgId', 'name', 'id'], { where: 'default_role IS NOT NULL' })
@Unique('uq_projects_org_id', ['orgId', 'id'])
@Check('ck_projects_default_role', `default_role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER')`)
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_projects' })
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  /** The role every org member holds in this project ("All users" grant), if any. */
  @Column({ name: 'default_role', type: 'varchar', length: 20, nullable: true })
  defaultRole: ProjectRole | null;

  /** SHA-256 of the API secret: the secret itself is shown once, on creation or rotation. */
  @Column({ name: 'api_secret_hash', type: 'varchar', length: 64 })
  apiSecretHash: string;

  /** The secret's last characters, enough to tell two secrets apart. */
  @Column({ name: 'api_secret_hint', type: 'varchar', length: 8 })
  apiSecretHint: string;

  @Column({ name: 'api_secret_rotated_at', type: 'timestamptz', default: () => 'now()' })
  apiSecretRotatedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_projects_org' })
  organization?: OrganizationEntity;
}
