import { pageOf, required } from '../../common/resolve';
import { actorOf } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { membershipRow } from '../organizations/organization.resolvers';

export const invitationResolvers: Resolvers = {
  Mutation: {
    inviteMember: (_p, { input }, ctx) => ctx.services.invitations.invite(actorOf(ctx), ctx.access, input),
    resendInvitation: async (_p, { input }, ctx) => ({ invitation: await ctx.services.invitations.resend(actorOf(ctx), input) }),
    revokeInvitation: async (_p, { input }, ctx) => ({ invitation: await ctx.services.invitations.revoke(actorOf(ctx), input) }),
    acceptInvitation: async (_p, { token }, ctx) => ({
      membership: membershipRow(await ctx.services.invitations.accept({ ...actorOf(ctx), email: ctx.viewer!.email }, token)),
    }),
  },
  Organization: {
    invitations: (org, args, ctx) => ctx.loaders.orgInvitations.load(org.id, pageOf(args, ctx)),
  },
  Invitation: {
    status: (i) => (i.status === 'PENDING' && i.expiresAt.getTime() <= Date.now() ? 'EXPIRED' : i.status),
    invitedBy: (i, _a, ctx) => (i.inviterId ? ctx.loaders.userById.load(i.inviterId) : null),
    projectGrants: (i, _a, ctx) => ctx.loaders.invitationProjectGrants.load(i.id),
  },
  InvitationProjectGrant: {
    project: (g, _a, ctx) => required(ctx.loaders.projectById.load(g.projectId), 'Project'),
  },
};
