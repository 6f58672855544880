import { pageOf, required } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';

export const teamResolvers: Resolvers = {
  Query: {
    team: (_p, { id }, ctx) => ctx.loaders.teamById.load(id),
  },
  Team: {
    organization: (t, _a, ctx) => required(ctx.loaders.organizationById.load(t.orgId), 'Organization'),
    members: (t, args, ctx) => ctx.loaders.teamMembers.load(t.id, pageOf(args, ctx)),
    /** Grants on projects the viewer cannot see are left out: a team roster never widens project access. */
    projectGrants: async (t, _a, ctx) => {
      const grants = await ctx.loaders.teamProjectGrants.load(t.id);
      const visible = await Promise.all(grants.map((g) => ctx.access.accessTo({ kind: 'PROJECT', id: g.projectId })));
      return grants.filter((_g, i) => visible[i] !== null);
    },
  },
  TeamProjectGrant: {
    project: (g, _a, ctx) => required(ctx.loaders.projectById.load(g.projectId), 'Project'),
  },
  TeamMember: {
    user: (m, _a, ctx) => required(ctx.loaders.userById.load(m.userId), 'User'),
  },
};
