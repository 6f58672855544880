import { required } from '../../common/resolve';
import type { Resolvers } from '../../generated/graphql';

export const boardResolvers: Resolvers = {
  Query: {
    board: (_p, { id }, ctx) => ctx.loaders.boardById.load(id),
  },
  Board: {
    project: (b, _a, ctx) => required(ctx.loaders.projectById.load(b.projectId), 'Project'),
    creator: (b, _a, ctx) => (b.creatorId ? ctx.loaders.userById.load(b.creatorId) : null),
  },
};
