import { required } from '../../common/resolve';
import { actorOf } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { PLAN_NAMES, PLANS } from './plans';

export const billingResolvers: Resolvers = {
  Query: {
    plans: () => PLAN_NAMES.map((name) => PLANS[name]),
  },
  Mutation: {
    changePlan: async (_p, { input }, ctx) => {
      await ctx.services.billing.changePlan(actorOf(ctx), input);
      ctx.loaders.organizationById.clear(input.orgId);
      ctx.loaders.usage.clear(input.orgId);
      return { organization: await required(ctx.loaders.organizationById.load(input.orgId), 'Organization'), billing: { orgId: input.orgId } };
    },
    setPaymentMethod: async (_p, { input }, ctx) => ({
      paymentMethod: await ctx.services.billing.setPaymentMethod(actorOf(ctx), input),
    }),
    setBillingEmail: async (_p, { input }, ctx) => {
      await ctx.services.billing.setBillingEmail(actorOf(ctx), input);
      ctx.loaders.usage.clear(input.orgId);
      return { billing: { orgId: input.orgId } };
    },
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
