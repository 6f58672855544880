import { pairKey } from '../common/ids';
import type { Loaders } from '../loaders';
import { effectiveProjectRole, type EffectiveProjectRole } from './effective-role';
import { ORG_ROLE_PERMISSIONS, PROJECT_ROLE_PERMISSIONS, type Permission } from './permissions';

export type ResourceKind = 'ORGANIZATION' | 'ORGANIZATION_SLUG' | 'PROJECT' | 'TEAM' | 'BOARD' | 'INVITATION';

export interface ResourceRef {
  kind: ResourceKind;
  id: string;
}

/** What the viewer may do on one resource; null when the resource is invisible to them (or does not exist). */
export interface ResourceAccess {
  /** The resource as named in errors: GraphQL type and id. */
  resource: { type: string; id: string };
  orgId: string;
  permissions: ReadonlySet<Permission>;
}

export type Decision =
  | { outcome: 'ALLOW'; access: ResourceAccess }
  | { outcome: 'INVISIBLE' }
  | { outcome: 'FORBIDDEN'; access: ResourceAccess };

/**
 * The one place that answers "does the viewer hold permission P on resource R". Policies (shield rules),
 * capability fields (viewerCan…) and services all ask here, so they cannot disagree. Everything it reads goes
 * through the request's DataLoaders: the viewer's memberships are fetched once per request, in batches.
 */
export class AccessControl {
  constructor(
    readonly viewerId: string | null,
    private readonly loaders: Loaders,
  ) {}

  async decide(permission: Permission, ref: ResourceRef): Promise<Decision> {
    const access = await this.accessTo(ref);
    if (!access) return { outcome: 'INVISIBLE' };
    return access.permissions.has(permission) ? { outcome: 'ALLOW', access } : { outcome: 'FORBIDDEN', access };
  }

  async can(permission: Permission, ref: ResourceRef): Promise<boolean> {
    return (await this.decide(permission, ref)).outcome === 'ALLOW';
  }

  accessTo(ref: ResourceRef): Promise<ResourceAccess | null> {
    if (!this.viewerId) return Promise.resolve(null);
    switch (ref.kind) {
      case 'ORGANIZATION': return this.organization(ref.id);
      case 'ORGANIZATION_SLUG': return this.organizationBySlug(ref.id);
      case 'PROJECT': return this.project(ref.id);
      case 'TEAM': return this.team(ref.id);
      case 'BOARD': return this.board(ref.id);
      case 'INVITATION': return this.invitation(ref.id);
    }
  }

  /** The viewer's effective role in a project with every grant behind it, or null without any. */
  async projectRole(projectId: string, userId = this.viewerId): Promise<EffectiveProjectRole | null> {
    if (!userId) return null;
    const facts = await this.loaders.projectAccess.load(pairKey(userId, projectId));
    return facts ? effectiveProjectRole(facts) : null;
  }

  private async organization(orgId: string): Promise<ResourceAccess | null> {
    const membership = await this.loaders.orgMembership.load(pairKey(this.viewerId!, orgId));
    if (!membership) return null;
    return { resource: { type: 'Organization', id: orgId }, orgId, permissions: ORG_ROLE_PERMISSIONS[membership.role] };
  }

  private async organizationBySlug(slug: string): Promise<ResourceAccess | null> {
    const org = await this.loaders.organizationBySlug.load(slug);
    return org ? this.organization(org.id) : null;
  }

  /** Project permissions by effective role, plus the org-scope permissions of the viewer's org role. */
  private async project(projectId: string): Promise<ResourceAccess | null> {
    const facts = await this.loaders.projectAccess.load(pairKey(this.viewerId!, projectId));
    const effective = facts && effectiveProjectRole(facts);
    if (!facts || !effective) return null;
    return {
      resource: { type: 'Project', id: projectId },
      orgId: facts.orgId,
      permissions: union(PROJECT_ROLE_PERMISSIONS[effective.role], facts.orgRole ? ORG_ROLE_PERMISSIONS[facts.orgRole] : []),
    };
  }

  /**
   * A team is visible with team:read on its organization, or to its own members, who see the team itself (its
   * name, in listings and by id) but, like the §3 table says, not its roster or grants without team:read.
   */
  private async team(teamId: string): Promise<ResourceAccess | null> {
    const team = await this.loaders.teamById.load(teamId);
    if (!team) return null;
    const [org, member] = await Promise.all([
      this.organization(team.orgId),
      this.loaders.isTeamMember.load(pairKey(this.viewerId!, teamId)),
    ]);
    if (!org || !(member || org.permissions.has('TEAM_READ'))) return null;
    return { resource: { type: 'Team', id: teamId }, orgId: team.orgId, permissions: org.permissions };
  }

  /**
   * A board is visible where its project is and the board is shared, or to its creator. Its creator may edit it
   * (board:update) while they can read the project; so may any holder of board:manageAny. Sharing also needs
   * the right to edit the board.
   */
  private async board(boardId: string): Promise<ResourceAccess | null> {
    const board = await this.loaders.boardById.load(boardId);
    if (!board) return null;
    const project = await this.project(board.projectId);
    if (!project || !project.permissions.has('BOARD_READ')) return null;
    const isCreator = board.creatorId === this.viewerId;
    if (board.visibility === 'PRIVATE' && !isCreator) return null;
    const permissions = new Set(project.permissions);
    if (isCreator || permissions.has('BOARD_MANAGE_ANY')) permissions.add('BOARD_UPDATE');
    else permissions.delete('BOARD_SHARE');
    return { resource: { type: 'Board', id: boardId }, orgId: project.orgId, permissions };
  }

  private async invitation(invitationId: string): Promise<ResourceAccess | null> {
    const invitation = await this.loaders.invitationById.load(invitationId);
    if (!invitation) return null;
    const org = await this.organization(invitation.orgId);
    return org && { ...org, resource: { type: 'Invitation', id: invitationId } };
  }
}

function union(a: Iterable<Permission>, b: Iterable<Permission>): Set<Permission> {
  return new Set([...a, ...b]);
}
