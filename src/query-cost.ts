import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './common/pagination';
import { AppError, ErrorCode } from './errors';

/**
 * The most nodes an operation could return, counted the way GitHub's API does: a connection returns up to `first`
 * nodes, each with whatever its own nested connections return. Computed by graphql-query-complexity before
 * anything runs; variables are taken into account.
 */
const connectionNodes: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!field.args.some((a) => a.name === 'first')) return childComplexity;
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return first * (1 + childComplexity);
};

/** Refuses an operation that could return more than `maxNodes` nodes, with the numbers, before it runs. */
export function queryCostLimit(maxNodes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let nodes: number;
          try {
            nodes = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [connectionNodes],
            });
          } catch (e) {
            // Variables that do not fit their types: the same BAD_USER_INPUT execution would answer, one step earlier.
            if (e instanceof GraphQLError) throw new AppError(ErrorCode.BAD_USER_INPUT, e.message);
            throw e;
          }
          if (nodes > maxNodes) {
            throw new AppError(
              ErrorCode.QUERY_TOO_COMPLEX,
              `This operation could return ${nodes} nodes; the limit is ${maxNodes}. Ask for smaller pages (first) or fewer nested lists.`,
              { nodes, maxNodes },
            );
          }
        },
      };
    },
  };
}
