import { getDirective } from '@graphql-tools/utils';
import {
  GraphQLError, isEnumType, isNonNullType, isObjectType, type GraphQLField, type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { rule, shield } from 'graphql-shield';
import type { IRule } from 'graphql-shield/typings/types';
import type { Context } from '../context';
import { NotFoundError, UnauthenticatedError, ForbiddenError } from '../errors';
import type { ResourceKind } from './access';
import { ALL_PERMISSIONS, permissionName, permissionScope, type Permission } from './permissions';

/**
 * Policies live in the SDL (@policy, @signedIn, @public) and become a graphql-shield rule tree here.
 *
 * Fail closed: building the schema fails when a Query, Mutation or Subscription field has no marker, naming the
 * field. Fields of other types inherit the access of the object that holds them unless they carry a @policy.
 *
 * Cost: shield would wrap every field of every type in an async middleware (measured at 0.14x-0.42x throughput,
 * shared/design/STACK.md). We let shield generate its middleware map and keep only the fields that carry a rule,
 * so scalars and list items resolve as fast as without shield, and nothing without a marker is reachable anyway.
 */
export type FieldPolicy =
  | { type: string; field: string; kind: 'public' }
  | { type: string; field: string; kind: 'signedIn' }
  | {
      type: string;
      field: string;
      kind: 'policy';
      permission: Permission;
      resource: ResourceKind;
      arg?: string;
      parent?: string;
    };

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'];

export class PolicyError extends Error {}

/** Every policy marker of the schema, validated. */
export function collectPolicies(schema: GraphQLSchema): FieldPolicy[] {
  assertPermissionEnumMatchesCatalogue(schema);
  const policies: FieldPolicy[] = [];
  const unmarked: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const found = markersOf(schema, type.name, field);
      if (found.length > 1) throw new PolicyError(`${type.name}.${field.name} has more than one policy marker.`);
      if (found.length === 1) policies.push(found[0]);
      else if (ROOT_TYPES.includes(type.name)) unmarked.push(`${type.name}.${field.name}`);
    }
  }
  if (unmarked.length) {
    throw new PolicyError(
      `Every root field needs @policy, @signedIn or @public; missing on: ${unmarked.join(', ')}.`);
  }
  return policies;
}

function markersOf(schema: GraphQLSchema, type: string, field: GraphQLField<unknown, unknown>): FieldPolicy[] {
  const where = `${type}.${field.name}`;
  const out: FieldPolicy[] = [];
  if (getDirective(schema, field, 'public')?.length) out.push({ type, field: field.name, kind: 'public' });
  if (getDirective(schema, field, 'signedIn')?.length) out.push({ type, field: field.name, kind: 'signedIn' });
  for (const d of getDirective(schema, field, 'policy') ?? []) {
    const { permission, resource, arg, parent } = d as { permission: Permission; resource: ResourceKind; arg?: string; parent?: string };
    if ((arg === undefined) === (parent === undefined)) {
      throw new PolicyError(`@policy on ${where} must name exactly one of "arg" or "parent".`);
    }
    if (arg !== undefined && !field.args.some((a) => a.name === arg.split('.')[0])) {
      throw new PolicyError(`@policy on ${where} reads argument "${arg}", which the field does not have.`);
    }
    assertScopeFits(where, permission, resource);
    if (type !== 'Mutation' && isNonNullType(field.type)) {
      // A denied non-null field would null its parent too; the rest of the query must still answer.
      throw new PolicyError(`${where} carries a @policy, so it must be nullable.`);
    }
    out.push({ type, field: field.name, kind: 'policy', permission, resource, arg, parent });
  }
  return out;
}

/** Org-scope permissions apply to anything inside an org; project ones to projects and boards; board ones to boards. */
function assertScopeFits(where: string, permission: Permission, resource: ResourceKind): void {
  const scope = permissionScope(permission);
  const fits =
    scope === 'ORGANIZATION' ||
    (scope === 'PROJECT' && (resource === 'PROJECT' || resource === 'BOARD')) ||
    (scope === 'BOARD' && resource === 'BOARD');
  if (!fits) throw new PolicyError(`@policy on ${where}: ${permissionName(permission)} cannot be checked on a ${resource}.`);
}

function assertPermissionEnumMatchesCatalogue(schema: GraphQLSchema): void {
  const e = schema.getType('Permission');
  if (!isEnumType(e)) throw new PolicyError('The schema has no Permission enum.');
  const sdl = e.getValues().map((v) => v.name).sort();
  const code = [...ALL_PERMISSIONS].sort();
  if (JSON.stringify(sdl) !== JSON.stringify(code)) {
    throw new PolicyError(`The Permission enum (${sdl.join(', ')}) differs from the catalogue (${code.join(', ')}).`);
  }
}

const RESOURCE_TYPE: Record<ResourceKind, string> = {
  ORGANIZATION: 'Organization', ORGANIZATION_SLUG: 'Organization', PROJECT: 'Project', TEAM: 'Team', BOARD: 'Board',
  INVITATION: 'Invitation',
};

function valueAt(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), source);
}

function ruleFor(p: FieldPolicy): IRule {
  return rule(`${p.type}.${p.field}`, { cache: 'no_cache' })(
    async (parent: unknown, args: unknown, ctx: Context, info: GraphQLResolveInfo) => {
      if (!ctx.viewer) return new UnauthenticatedError(ctx.authFailure ?? undefined);
      if (p.kind !== 'policy') return true;
      const id = p.arg !== undefined ? valueAt(args, p.arg) : valueAt(parent, p.parent!);
      const decision = typeof id === 'string' ? await ctx.access.decide(p.permission, { kind: p.resource, id }) : null;
      if (decision?.outcome === 'ALLOW') return true;
      if (decision?.outcome === 'FORBIDDEN') {
        return new ForbiddenError(permissionName(p.permission), decision.access.resource);
      }
      // Invisible: a query reads null (never a hint that it exists), a mutation answers NOT_FOUND.
      return info.parentType.name === 'Mutation' ? new NotFoundError(RESOURCE_TYPE[p.resource], String(id)) : false;
    });
}

/** The shield rule tree of the schema's markers (also used by the benchmark to apply shield the naive way). */
export function policyRuleTree(schema: GraphQLSchema): Record<string, Record<string, IRule>> {
  const tree: Record<string, Record<string, IRule>> = {};
  for (const p of collectPolicies(schema)) if (p.kind !== 'public') (tree[p.type] ??= {})[p.field] = ruleFor(p);
  return tree;
}

/** The schema with every policy enforced before its resolver runs. */
export function applyPolicies(schema: GraphQLSchema): GraphQLSchema {
  const tree = policyRuleTree(schema);

  const generated = shield(tree, {
    allowExternalErrors: false,
    debug: false,
    // Called with the error when a rule or resolver threw (passed on: formatError masks what is unexpected),
    // and with null when a rule said "invisible": the field reads null.
    fallbackError: async (thrown: unknown) => (thrown instanceof Error ? thrown : null) as unknown as GraphQLError,
  }).generate(schema) as Record<string, Record<string, unknown>>;

  const trimmed: Record<string, Record<string, unknown>> = {};
  for (const [type, fields] of Object.entries(tree)) {
    trimmed[type] = Object.fromEntries(Object.keys(fields).map((f) => [f, generated[type][f]]));
  }
  return applyMiddleware(schema, trimmed as never);
}
