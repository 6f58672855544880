import { capabilityResolvers, PROJECT_CAPABILITIES } from '../../authz/capabilities';
import type { EffectiveRoleView } from '../../authz/effective-role';
import { pageOf, required } from '../../common/resolve';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { callerOf, forgetCachedReads } from '../../context';
import type { ProjectRow } from './project.loaders';

async function permissionsOn(project: ProjectRow, ctx: Context) {
  return (await ctx.access.accessTo({ kind: 'PROJECT', id: project.id }))?.permissions ?? new Set();
}

const NO_ROLE: EffectiveRoleView = { role: null, grants: [] };

/** The project as it is after a mutation committed. */
async function freshProject(ctx: Context, projectId: string): Promise<ProjectRow> {
  forgetCachedReads(ctx);
  return required(ctx.loaders.projectById.load(projectId), 'Project');
}

const memberPayload = async (ctx: Context, projectId: string, userId: string) => ({
  project: await freshProject(ctx, projectId),
  member: { projectId, userId, sortKey: '' },
});

export const projectResolvers: Resolvers = {
  Query: {
    project: (_p, { id }, ctx) => ctx.loaders.projectById.load(id),
  },
  Mutation: {
    createProject: async (_p, { input }, ctx) => {
      const { projectId, apiSecret } = await ctx.services.projects.create(callerOf(ctx), input);
      return { project: await freshProject(ctx, projectId), apiSecret };
    },
    updateProject: async (_p, { input }, ctx) => {
      await ctx.services.projects.update(callerOf(ctx), input);
      return { project: await freshProject(ctx, input.projectId) };
    },
    deleteProject: async (_p, { input }, ctx) => {
      await ctx.services.projects.delete(callerOf(ctx), input.projectId);
      forgetCachedReads(ctx);
      return { deletedProjectId: input.projectId };
    },
    rotateProjectApiSecret: async (_p, { input }, ctx) => {
      const { apiSecret } = await ctx.services.projects.rotateApiSecret(callerOf(ctx), input.projectId);
      return { project: await freshProject(ctx, input.projectId), apiSecret };
    },
    setProjectDefaultRole: async (_p, { input }, ctx) => {
      await ctx.services.projects.setDefaultRole(callerOf(ctx), input);
      return { project: await freshProject(ctx, input.projectId) };
    },
    transferProject: async (_p, { input }, ctx) => {
      const result = await ctx.services.projects.transfer(callerOf(ctx), input);
      return { ...result, project: await freshProject(ctx, input.projectId) };
    },
    addProjectMember: async (_p, { input }, ctx) => {
      await ctx.services.projects.addMember(callerOf(ctx), input);
      return memberPayload(ctx, input.projectId, input.userId);
    },
    changeProjectMemberRole: async (_p, { input }, ctx) => {
      await ctx.services.projects.changeMemberRole(callerOf(ctx), input);
      return memberPayload(ctx, input.projectId, input.userId);
    },
    removeProjectMember: async (_p, { input }, ctx) => {
      const result = await ctx.services.projects.removeMember(callerOf(ctx), input);
      return { ...result, userId: input.userId, project: await freshProject(ctx, input.projectId) };
    },
  },
  DroppedProjectGrant: {
    user: (g, _a, ctx) => required(ctx.loaders.userById.load(g.userId), 'User'),
  },
  Project: {
    organization: (p, _a, ctx) => required(ctx.loaders.organizationById.load(p.orgId), 'Organization'),
    viewerRole: async (p, _a, ctx) => (await ctx.access.projectRole(p.id)) ?? NO_ROLE,
    viewerCan: (p, _a, ctx) => permissionsOn(p, ctx),
    viewerPermissions: async (p, _a, ctx) => [...(await permissionsOn(p, ctx))],
    members: (p, args, ctx) => ctx.loaders.projectMembers.load(p.id, pageOf(args, ctx)),
    boards: (p, args, ctx) => ctx.loaders.projectBoards.load(p.id, pageOf(args, ctx)),
    apiSecret: (p) => ({ hint: p.apiSecretHint, rotatedAt: p.apiSecretRotatedAt }),
  },
  ProjectCapabilities: capabilityResolvers(PROJECT_CAPABILITIES),
  ProjectMember: {
    user: (m, _a, ctx) => required(ctx.loaders.userById.load(m.userId), 'User'),
    role: async (m, _a, ctx) => (await required(ctx.access.projectRole(m.projectId, m.userId), 'Project role')).role,
    grants: async (m, _a, ctx) => (await ctx.access.projectRole(m.projectId, m.userId))?.grants ?? [],
  },
  RoleGrant: {
    team: (g) => (g.teamId ? { id: g.teamId, name: g.teamName! } : null),
  },
};
