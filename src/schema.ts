import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { applyPolicies } from './authz/policies';
import { auditResolvers } from './modules/audit/audit.resolvers';
import { billingResolvers } from './modules/billing/billing.resolvers';
import { boardResolvers } from './modules/boards/board.resolvers';
import { invitationResolvers } from './modules/invitations/invitation.resolvers';
import { organizationResolvers } from './modules/organizations/organization.resolvers';
import { projectResolvers } from './modules/projects/project.resolvers';
import { teamResolvers } from './modules/teams/team.resolvers';
import { userResolvers } from './modules/users/user.resolvers';

/** schema/ at the project root, from src/ (ts-node, jest) or from dist/src/ (the build). */
export const SCHEMA_DIR = [join(__dirname, '..', 'schema'), join(__dirname, '..', '..', 'schema')].find(existsSync)!;

/** The SDL files, the source of truth, in a stable order. */
export function loadTypeDefs(dir = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

const RESOLVERS = [
  { DateTime: DateTimeResolver, JSON: JSONResolver },
  userResolvers, organizationResolvers, projectResolvers, teamResolvers, boardResolvers, billingResolvers,
  invitationResolvers, auditResolvers,
];

export interface BuildSchemaOptions {
  typeDefs?: string[];
  /**
   * false builds the schema without the policy layer. Only the benchmark passes it, to measure what policies
   * cost; no configuration variable reaches it.
   */
  policies?: boolean;
}

export function buildSchema({ typeDefs = loadTypeDefs(), policies = true }: BuildSchemaOptions = {}): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: RESOLVERS as never,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return policies ? applyPolicies(schema) : schema;
}
