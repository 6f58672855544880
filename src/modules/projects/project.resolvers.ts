import { capabilityResolvers, PROJECT_CAPABILITIES } from '../../authz/capabilities';
import type { EffectiveRoleView } from '../../authz/effective-role';
import { pageOf, required } from '../../common/resolve';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { ProjectRow } from './project.loaders';

async function permissionsOn(project: ProjectRow, ctx: Context) {
  return (await ctx.access.accessTo({ kind: 'PROJECT', id: project.id }))?.permissions ?? new Set();
}

const NO_ROLE: EffectiveRoleView = { role: null, grants: [] };

export const projectResolvers: Resolvers = {
  Query: {
    project: (_p, { id }, ctx) => ctx.loaders.projectById.load(id),
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
