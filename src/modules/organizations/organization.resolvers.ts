import { ORGANIZATION_CAPABILITIES, capabilityResolvers } from '../../authz/capabilities';
import type { Permission } from '../../authz/permissions';
import { actorOf } from '../../context';
import { pageOf, required } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';
import type { Context } from '../../context';
import type { OrganizationRow, OrgMembershipRow } from './organization.loaders';
import type { MemberRow } from './org-lock';
import { pairKey } from '../../common/ids';

/** The viewer's permissions on an organization they can see (the parent was reached through a policy or a listing). */
async function permissionsOn(org: OrganizationRow, ctx: Context): Promise<ReadonlySet<Permission>> {
  return (await ctx.access.accessTo({ kind: 'ORGANIZATION', id: org.id }))?.permissions ?? new Set();
}

/** A membership as a mutation wrote it (the request's loaders may hold the row from before the change). */
export const membershipRow = (m: MemberRow): OrgMembershipRow => ({ ...m, sortKey: '' });

export const organizationResolvers: Resolvers = {
  Query: {
    organization: (_p, { id }, ctx) => ctx.loaders.organizationById.load(id),
    organizationBySlug: (_p, { slug }, ctx) => ctx.loaders.organizationBySlug.load(slug),
  },
  Mutation: {
    createOrganization: async (_p, { input }, ctx) => {
      const org = await ctx.services.organizations.create(actorOf(ctx), input);
      return { organization: await required(ctx.loaders.organizationById.load(org.id), 'Organization') };
    },
    updateOrganization: async (_p, { input }, ctx) => ({
      organization: await ctx.services.organizations.update(actorOf(ctx), input),
    }),
    deleteOrganization: async (_p, { input }, ctx) => {
      await ctx.services.organizations.delete(actorOf(ctx), input);
      return { deletedOrganizationId: input.orgId };
    },
    changeMemberRole: async (_p, { input }, ctx) => ({
      membership: membershipRow(await ctx.services.memberships.changeRole(actorOf(ctx), input)),
    }),
    removeMember: async (_p, { input }, ctx) => ({
      removedUserId: input.userId,
      ...(await ctx.services.memberships.remove(actorOf(ctx), input)),
    }),
    leaveOrganization: async (_p, { input }, ctx) => {
      await ctx.services.memberships.leave(actorOf(ctx), input);
      return { leftOrganizationId: input.orgId };
    },
    transferOwnership: async (_p, { input }, ctx) => {
      const r = await ctx.services.memberships.transferOwnership(actorOf(ctx), input);
      return { newOwner: membershipRow(r.newOwner), viewerMembership: membershipRow(r.viewer) };
    },
  },
  Organization: {
    viewerMembership: (org, _a, ctx) =>
      required(ctx.loaders.orgMembership.load(pairKey(ctx.viewer!.id, org.id)), 'Membership'),
    viewerCan: (org, _a, ctx) => permissionsOn(org, ctx),
    viewerPermissions: async (org, _a, ctx) => [...(await permissionsOn(org, ctx))],
    members: (org, args, ctx) => ctx.loaders.orgMembers.load(org.id, pageOf(args, ctx)),
    projects: (org, args, ctx) => ctx.loaders.orgProjects.load(org.id, pageOf(args, ctx)),
    teams: (org, args, ctx) => ctx.loaders.orgTeams.load(org.id, pageOf(args, ctx)),
  },
  OrganizationCapabilities: capabilityResolvers(ORGANIZATION_CAPABILITIES),
  OrgMembership: {
    organization: (m, _a, ctx) => required(ctx.loaders.organizationById.load(m.orgId), 'Organization'),
    user: (m, _a, ctx) => required(ctx.loaders.userById.load(m.userId), 'User'),
  },
};
