import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgMemberEntity } from '../organizations/org-member.entity';
import { TeamEntity } from './team.entity';

/** A team's roster entry. References the org membership, so only org members can be on a team. */
@Entity('team_members')
@Index('ix_team_members_org_user', ['orgId', 'userId'])
export class TeamMemberEntity {
  @Column({ name: 'org_id', type: 'uuid' })
  orgId: string;

  @PrimaryColumn({ name: 'team_id', type: 'uuid', primaryKeyConstraintName: 'pk_team_members' })
  teamId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_team_members' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_team_members_team' },
    { name: 'team_id', referencedColumnName: 'id' },
  ])
  team?: TeamEntity;

  @ManyToOne(() => OrgMemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'org_id', referencedColumnName: 'orgId', foreignKeyConstraintName: 'fk_team_members_org_member' },
    { name: 'user_id', referencedColumnName: 'userId' },
  ])
  orgMember?: OrgMemberEntity;
}
