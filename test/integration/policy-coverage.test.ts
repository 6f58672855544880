import { getDirective } from '@graphql-tools/utils';
import { buildASTSchema, concatAST, isObjectType, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSchema, loadTypeDefs } from '../../src/schema';

const MARKERS = ['policy', 'signedIn', 'public'];
const ROOTS = ['Query', 'Mutation', 'Subscription'];

/** Every field of the root types, with the directive names written on it, read from the SDL's syntax tree. */
function rootFieldsFromAst(doc: DocumentNode): { field: string; directives: string[] }[] {
  const out: { field: string; directives: string[] }[] = [];
  for (const def of doc.definitions) {
    if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) && ROOTS.includes(def.name.value)) {
      for (const f of def.fields ?? []) out.push({ field: `${def.name.value}.${f.name.value}`, directives: (f.directives ?? []).map((d) => d.name.value) });
    }
  }
  return out;
}

describe('policy coverage: every Query and Mutation field declares who may call it', () => {
  const typeDefs = loadTypeDefs();
  const doc = concatAST(typeDefs.map((s) => parse(s)));

  it('the real schema builds', () => {
    expect(() => buildSchema()).not.toThrow();
    expect(() => buildSchema({ typeDefs })).not.toThrow();
  });

  it('every root field in the SDL carries @policy, @signedIn or @public', () => {
    const fields = rootFieldsFromAst(doc);
    expect(fields.length).toBeGreaterThan(5);
    const unmarked = fields.filter((f) => !f.directives.some((d) => MARKERS.includes(d))).map((f) => f.field);
    expect(unmarked).toEqual([]);
  });

  it('every root field of the schema built from the SDL carries exactly one of the markers', () => {
    const schema: GraphQLSchema = buildASTSchema(doc);
    const unmarked: string[] = [];
    const several: string[] = [];
    let n = 0;
    for (const root of ROOTS) {
      const type = schema.getType(root);
      if (!type || !isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        n++;
        const found = MARKERS.filter((m) => (getDirective(schema, field, m) ?? []).length > 0);
        if (found.length === 0) unmarked.push(`${root}.${field.name}`);
        if (found.length > 1) several.push(`${root}.${field.name}`);
      }
    }
    expect(n).toBeGreaterThan(5);
    expect(unmarked).toEqual([]);
    expect(several).toEqual([]);
  });

  it('the read queries of the issue are all guarded by @policy, and viewer by @signedIn', () => {
    const fields = new Map(rootFieldsFromAst(doc).map((f) => [f.field, f.directives]));
    for (const f of ['Query.organization', 'Query.organizationBySlug', 'Query.project', 'Query.team', 'Query.board']) {
      expect([f, fields.get(f)]).toEqual([f, expect.arrayContaining(['policy'])]);
    }
    expect(fields.get('Query.viewer')).toEqual(expect.arrayContaining(['signedIn']));
  });

  it('building a schema with a Query field that has no marker throws, naming the field', () => {
    expect(() => buildSchema({ typeDefs: [...typeDefs, 'extend type Query { leaky: String }'] })).toThrow(/Query\.leaky/);
  });

  it('building a schema with a Mutation field that has no marker throws, naming the field', () => {
    expect(() => buildSchema({ typeDefs: [...typeDefs, 'extend type Mutation { leakyMutation(id: ID!): Boolean }'] })).toThrow(/Mutation\.leakyMutation/);
  });

  it('a directive on another field does not cover an unmarked one', () => {
    expect(() => buildSchema({ typeDefs: [...typeDefs, 'extend type Query { covered: String @public\n alsoLeaky: Int }'] })).toThrow(/Query\.alsoLeaky/);
  });
});
