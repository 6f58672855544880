import { required } from '../../common/resolve';
import type { Context } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { callerOf, forgetCachedReads } from '../../context';
import type { BoardRow } from './board.loaders';

/** The board as it is after a mutation committed. */
async function boardPayload(ctx: Context, boardId: string): Promise<{ board: BoardRow }> {
  forgetCachedReads(ctx);
  return { board: await required(ctx.loaders.boardById.load(boardId), 'Board') };
}

export const boardResolvers: Resolvers = {
  Query: {
    board: (_p, { id }, ctx) => ctx.loaders.boardById.load(id),
  },
  Mutation: {
    createBoard: async (_p, { input }, ctx) => boardPayload(ctx, await ctx.services.boards.create(callerOf(ctx), input)),
    updateBoard: async (_p, { input }, ctx) => {
      await ctx.services.boards.update(callerOf(ctx), input);
      return boardPayload(ctx, input.boardId);
    },
    deleteBoard: async (_p, { input }, ctx) => {
      await ctx.services.boards.delete(callerOf(ctx), input.boardId);
      forgetCachedReads(ctx);
      return { deletedBoardId: input.boardId };
    },
    shareBoard: async (_p, { input }, ctx) => {
      await ctx.services.boards.share(callerOf(ctx), input);
      return boardPayload(ctx, input.boardId);
    },
    exportBoard: async (_p, { boardId }, ctx) => {
      const exported = await ctx.services.boards.export(callerOf(ctx), boardId);
      return { ...(await boardPayload(ctx, boardId)), export: exported };
    },
  },
  Board: {
    project: (b, _a, ctx) => required(ctx.loaders.projectById.load(b.projectId), 'Project'),
    creator: (b, _a, ctx) => (b.creatorId ? ctx.loaders.userById.load(b.creatorId) : null),
  },
};
