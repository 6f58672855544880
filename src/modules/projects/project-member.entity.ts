import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProjectRole } from '../../authz/roles';
import { OrgMemberEntity } from '../organizations/org-member.entity';
import { ProjectEntity } from './project.entity';

/** A direct project grant. References the org membership, so only org members can hold one. */
@Entity('project_members')
@Index('ix_project_members_org_user', ['orgId', 'userId'])
@Check('ck_project_members_role', `role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER')`)
export class ProjectMemberEntity {
  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'project_id', type: 'uuid', primaryKeyConstraintName: 'pk_project_members' })
  projectId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_project_members' })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  role: ProjectRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_project_members_project' },
    { name: 'project_id', referencedColumnName: 'id' },
  ])
  project?: ProjectEntity;

  @ManyToOne(() => OrgMemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_project_members_org_member' },
    { name: 'user_id', referencedColumnName: 'userId' },
  ])
  orgMember?: OrgMemberEntity;
}
