import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique,
} from 'typeorm';
import type { OrgRole } from '../../authz/roles';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED';

/** An invitation to join an organization. The token is never stored: only its SHA-256. */
@Entity('invitations')
@Unique('uq_invitations_org_id', ['orgId', 'id'])
@Unique('uq_invitations_token_hash', ['tokenHash'])
@Index('uq_invitations_pending_email', { synchronize: false })
@Check('ck_invitations_role', `role IN ('OWNER', 'ADMIN', 'BILLING_ADMIN', 'MEMBER')`)
@Check('ck_invitations_status', `status IN ('PENDING', 'ACCEPTED', 'REVOKED')`)
@Check('ck_invitations_email_lowercase', `email = lower(email)`)
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_invitations' })
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 20 })
  role: OrgRole;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 20, default: 'PENDING' })
  status: InvitationStatus;

  @Column({ name: 'inviter_id', type: 'uuid', nullable: true })
  inviterId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_by_id', type: 'uuid', nullable: true })
  acceptedById: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_invitations_org' })
  organization?: OrganizationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'inviter_id', foreignKeyConstraintName: 'fk_invitations_inviter' })
  inviter?: UserEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'accepted_by_id', foreignKeyConstraintName: 'fk_invitations_accepted_by' })
  acceptedBy?: UserEntity;
}
