import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { OrgRole } from '../../authz/roles';
import { UserEntity } from '../users/user.entity';
import { OrganizationEntity } from './organization.entity';

/** A user's membership of an organization. Every other grant in the organization references this row. */
@Entity('org_members')
@Index('ix_org_members_user', ['userId'])
@Index('ix_org_members_org_role', ['orgId', 'role', 'userId'])
@Check('ck_org_members_role', `role IN ('OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER')`)
export class OrgMemberEntity {
  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'pk_org_members' })
  orgId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_org_members' })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  role: OrgRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_org_members_org' })
  organization?: OrganizationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_org_members_user' })
  user?: UserEntity;
}
