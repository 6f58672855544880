import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { PaymentMethodEntity } from '../modules/billing/payment-method.entity';
import { BoardEntity } from '../modules/boards/board.entity';
import { InvitationProjectGrantEntity } from '../modules/invitations/invitation-project-grant.entity';
import { InvitationEntity } from '../modules/invitations/invitation.entity';
import { LegacyMemberImportEntity, LegacyOrgKeyEntity, LegacyProjectImportEntity } from '../modules/legacy-import/legacy-import.entities';
import { OrgMemberEntity } from '../modules/organizations/org-member.entity';
import { OrganizationEntity } from '../modules/organizations/organization.entity';
import { ProjectMemberEntity } from '../modules/projects/project-member.entity';
import { ProjectEntity } from '../modules/projects/project.entity';
import { TeamMemberEntity } from '../modules/teams/team-member.entity';
import { TeamProjectGrantEntity } from '../modules/teams/team-project-grant.entity';
import { TeamEntity } from '../modules/teams/team.entity';
import { UserEntity } from '../modules/users/user.entity';

export const ENTITIES = [
  UserEntity, OrganizationEntity, OrgMemberEntity, ProjectEntity, ProjectMemberEntity, TeamEntity,
  TeamMemberEntity, TeamProjectGrantEntity, InvitationEntity, InvitationProjectGrantEntity, BoardEntity,
  PaymentMethodEntity, AuditEventEntity, LegacyOrgKeyEntity, LegacyProjectImportEntity, LegacyMemberImportEntity,
];
