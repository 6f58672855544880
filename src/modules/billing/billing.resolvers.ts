import { required } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';
import { PLAN_NAMES, PLANS } from './plans';

export const billingResolvers: Resolvers = {
  Query: {
    plans: () => PLAN_NAMES.map((name) => PLANS[name]),
  },
  Organization: {
    billing: (org) => ({ orgId: org.id }),
  },
  Billing: {
    plan: async (b, _a, ctx) => PLANS[(await required(ctx.loaders.organizationById.load(b.orgId), 'Organization')).plan],
    seatsUsed: async (b, _a, ctx) => (await required(ctx.loaders.usage.load(b.orgId), 'Usage')).seatsUsed,
    projectsUsed: async (b, _a, ctx) => (await required(ctx.loaders.usage.load(b.orgId), 'Usage')).projectsUsed,
    billingEmail: async (b, _a, ctx) => (await required(ctx.loaders.usage.load(b.orgId), 'Usage')).billingEmail,
    paymentMethod: (b, _a, ctx) => ctx.loaders.paymentMethod.load(b.orgId),
  },
};
