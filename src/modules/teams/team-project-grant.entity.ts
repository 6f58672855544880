import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProjectRole } from '../../authz/roles';
import { ProjectEntity } from '../projects/project.entity';
import { TeamEntity } from './team.entity';

/** A team's role on a project; both reference the same org_id, so a team only reaches its own org's projects. */
@Entity('team_project_grants')
@Index('ix_team_project_grants_project', ['projectId'])
@Check('ck_team_project_grants_role', `role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER')`)
export class TeamProjectGrantEntity {
  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'team_id', type: 'uuid', primaryKeyConstraintName: 'pk_team_project_grants' })
  teamId: string;

  @PrimaryColumn({ name: 'project_id', type: 'uuid', primaryKeyConstraintName: 'pk_team_project_grants' })
  projectId: string;

  @Column({ type: 'varchar', length: 20 })
  role: ProjectRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_team_project_grants_team' },
    { name: 'team_id', referencedColumnName: 'id' },
  ])
  team?: TeamEntity;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_team_project_grants_project' },
    { name: 'project_id', referencedColumnName: 'id' },
  ])
  project?: ProjectEntity;
}
