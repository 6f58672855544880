import { pageOf, required } from '../../common/resolve';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { callerOf, forgetCachedReads } from '../../context';
import type { TeamRow } from './team.loaders';

/** The team as it is after a mutation committed. */
async function teamPayload(ctx: Context, teamId: string): Promise<{ team: TeamRow }> {
  forgetCachedReads(ctx);
  return { team: await required(ctx.loaders.teamById.load(teamId), 'Team') };
}

export const teamResolvers: Resolvers = {
  Query: {
    team: (_p, { id }, ctx) => ctx.loaders.teamById.load(id),
  },
  Mutation: {
    createTeam: async (_p, { input }, ctx) => teamPayload(ctx, await ctx.services.teams.create(callerOf(ctx), input)),
    renameTeam: async (_p, { input }, ctx) => {
      await ctx.services.teams.rename(callerOf(ctx), input);
      return teamPayload(ctx, input.teamId);
    },
    deleteTeam: async (_p, { input }, ctx) => {
      const { revokedGrants } = await ctx.services.teams.delete(callerOf(ctx), input.teamId);
      forgetCachedReads(ctx);
      return { deletedTeamId: input.teamId, revokedGrants };
    },
    addTeamMember: async (_p, { input }, ctx) => {
      await ctx.services.teams.addMember(callerOf(ctx), input);
      return teamPayload(ctx, input.teamId);
    },
    removeTeamMember: async (_p, { input }, ctx) => {
      await ctx.services.teams.removeMember(callerOf(ctx), input);
      return teamPayload(ctx, input.teamId);
    },
    grantTeamProject: async (_p, { input }, ctx) => {
      await ctx.services.teams.grantProject(callerOf(ctx), input);
      return teamPayload(ctx, input.teamId);
    },
    revokeTeamProject: async (_p, { input }, ctx) => {
      await ctx.services.teams.revokeProject(callerOf(ctx), input);
      return teamPayload(ctx, input.teamId);
    },
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
