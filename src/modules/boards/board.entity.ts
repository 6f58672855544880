import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn,
} from 'typeorm';
import { ProjectEntity } from '../projects/project.entity';
import { UserEntity } from '../users/user.entity';

export type BoardVisibility = 'PRIVATE' | 'PROJECT';

@Entity('boards')
@Index('ix_boards_project', ['projectId'])
@Index('ix_boards_project_name', ['projectId', 'name', 'id'])
@Check('ck_boards_visibility', `visibility IN ('PRIVATE', 'PROJECT')`)
export class BoardEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_boards' })
  id: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @Column({ name: 'project_id', type: 'uuid' })
  projectId: string;

  @Column({ name: 'creator_id', type: 'uuid', nullable: true })
  creatorId: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 20, default: 'PRIVATE' })
  visibility: BoardVisibility;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_boards_project' },
    { name: 'project_id', referencedColumnName: 'id' },
  ])
  project?: ProjectEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'creator_id', foreignKeyConstraintName: 'fk_boards_creator' })
  creator?: UserEntity;
}
