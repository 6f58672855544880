import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { bearerToken } from './auth/bearer';
import { TokenError, type TokenVerifier } from './auth/tokens';
import type { Config } from './config';
import { buildContext, type Context } from './context';
import { ErrorCode, isAppError } from './errors';
import type { Logger } from './logger';
import { pairKey } from './common/ids';
import { signedInUser, type SignedInUser } from './modules/users/user.service';
import { queryCostLimit } from './query-cost';
import { buildSchema } from './schema';
import { createServices, type Services } from './services';

export interface GatewayDeps {
  config: Config;
  db: DataSource;
  log: Logger;
  verifyToken: TokenVerifier;
  /** Built with the default schema when absent; the benchmark passes one built without policies. */
  schema?: GraphQLSchema;
  services?: Services;
}

export interface Gateway {
  server: ApolloServer<Context>;
  services: Services;
  /** The per-request context for a request's headers (also what tests use with executeOperation). */
  contextFor(headers: { authorization?: string; 'x-request-id'?: string }): Promise<Context>;
}

/** Request ids from the caller are kept when they look like ids (for tracing across services). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function createGateway(deps: GatewayDeps): Gateway {
  const { config, db, log, verifyToken } = deps;
  const services = deps.services ?? createServices({ db, config, log });
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth },
    maxAliases: { n: config.graphql.maxAliases },
    // Its structural cost (1.5^depth) refuses the deep pages the product needs and ignores `first`; the node
    // count of queryCostLimit() below weighs page sizes instead.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !config.graphql.introspection },
  }).protect();

  const server = new ApolloServer<Context>({
    schema: deps.schema ?? buildSchema(),
    introspection: config.graphql.introspection,
    // main.ts owns shutdown: drain Apollo, then close the database and the embedded server, in that order.
    stopOnTerminationSignals: false,
    ...armor,
    plugins: [
      ...armor.plugins,
      config.graphql.landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
      queryCostLimit(config.graphql.maxNodes),
      requestLogging(log),
    ],
    formatError: (formatted, error) => maskUnexpected(formatted, error, log),
  });

  async function contextFor(headers: { authorization?: string; 'x-request-id'?: string }): Promise<Context> {
    const incomingId = headers['x-request-id'];
    const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const token = bearerToken(headers.authorization);
    let signedIn: SignedInUser | null = null;
    let authFailure: string | null = null;
    if (token !== null) {
      try {
        signedIn = await signedInUser(db, await verifyToken(token));
      } catch (e) {
        if (!(e instanceof TokenError)) throw e;
        authFailure = e.message;
      }
    }
    const viewer = signedIn?.user ?? null;
    const ctx = buildContext({ requestId, log: log.child({ requestId }), config, db, services, viewer, authFailure });
    // The viewer's memberships came with the user: the request's first organization check costs no statement.
    for (const m of signedIn?.memberships ?? []) ctx.loaders.orgMembership.prime(pairKey(m.userId, m.orgId), m);
    return ctx;
  }

  return { server, services, contextFor };
}

export const headersOf = (req: IncomingMessage) => ({
  authorization: req.headers.authorization,
  'x-request-id': req.headers['x-request-id'] as string | undefined,
});

const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Deliberate errors (GraphQLErrors: ours, and graphql-js / Apollo request errors) pass as they are; anything else
 * is a bug or an outage: logged with its stack, answered as INTERNAL_SERVER_ERROR without details.
 */
function maskUnexpected(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isAppError(original) || (original instanceof GraphQLError && !original.originalError)) return formatted;
  // Errors about the request itself (parse, validation incl. depth/alias/cost limits, variables) have no path.
  if (!formatted.path && REQUEST_ERROR_CODES.has(String(formatted.extensions?.code))) return formatted;
  log.error({ err: original, path: formatted.path }, 'unexpected error');
  return {
    message: 'Internal server error.',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

function requestLogging(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors }) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          contextValue.log.debug({ operationName, ms, errors: errors?.length ?? 0 }, 'request');
        },
      };
    },
  };
}
