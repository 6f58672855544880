import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { renderAccessMatrix } from '../../src/authz/access-matrix';
import { loadTypeDefs } from '../../src/schema';

describe('the access matrix document', () => {
  it('docs/ACCESS-MATRIX.md is what the schema and the role table say (run npm run access-matrix to refresh)', () => {
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'ACCESS-MATRIX.md'), 'utf8');
    expect(committed).toBe(renderAccessMatrix(makeExecutableSchema({ typeDefs: loadTypeDefs() })));
  });
});
