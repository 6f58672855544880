import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ProjectRole } from '../../authz/roles';
import { ProjectEntity } from '../projects/project.entity';
import { InvitationEntity } from './invitation.entity';

/** A project grant that accepting the invitation creates; the project must be in the invitation's org. */
@Entity('invitation_project_grants')
@Check('ck_invitation_project_grants_role', `role IN ('OWNER', 'ADMIN', 'ANALYST', 'CONSUMER')`)
export class InvitationProjectGrantEntity {
  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'invitation_id', type: 'uuid', primaryKeyConstraintName: 'pk_invitation_project_grants' })
  invitationId: string;

  @PrimaryColumn({ name: 'project_id', type: 'uuid', primaryKeyConstraintName: 'pk_invitation_project_grants' })
  projectId: string;

  @Column({ type: 'varchar', length: 20 })
  role: ProjectRole;

  @ManyToOne(() => InvitationEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_invitation_project_grants_invitation' },
    { name: 'invitation_id', referencedColumnName: 'id' },
  ])
  invitation?: InvitationEntity;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE', onUpdate: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_invitation_project_grants_project' },
    { name: 'project_id', referencedColumnName: 'id' },
  ])
  project?: ProjectEntity;
}
