import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A person. Created from the first verified token of a new subject, or as a placeholder by an import. */
@Entity('users')
@Index('ix_users_name', ['name', 'id'])
@Unique('uq_users_subject', ['subject'])
@Unique('uq_users_email', ['email'])
@Check('ck_users_email_lowercase', `email = lower(email)`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  /** The identity provider's `sub`; null for a user imported before their first sign-in. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
