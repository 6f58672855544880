import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ActorKind = 'USER' | 'SYSTEM' | 'IMPORT';

/** One change, written in the same transaction as the change itself. Append-only (a trigger refuses edits). */
@Entity('audit_events')
@Index('ix_audit_events_org', ['orgId', 'id'])
@Index('ix_audit_events_project', ['projectId', 'id'])
@Check('ck_audit_events_actor_kind', `actor_kind IN ('USER', 'SYSTEM', 'IMPORT')`)
export class AuditEventEntity {
  /** bigint comes back from pg as a string, which is also what the cursor needs. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_events' })
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'project_id', type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_kind', type: 'varchar', length: 20, default: 'USER' })
  actorKind: ActorKind;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'target_type', type: 'varchar', length: 32 })
  targetType: string;

  @Column({ name: 'target_id', type: 'varchar', length: 64 })
  targetId: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
