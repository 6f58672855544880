import { pageOf, required } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';

export const invitationResolvers: Resolvers = {
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
