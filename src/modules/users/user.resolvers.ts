import { pageOf } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';

export const userResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, ctx) => ctx.viewer,
  },
  User: {
    memberships: (user, args, ctx) => ctx.loaders.userMemberships.load(user.id, pageOf(args, ctx)),
  },
};
