/** npm run access-matrix: writes docs/ACCESS-MATRIX.md from the schema's policies and the role table. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { renderAccessMatrix } from '../src/authz/access-matrix';
import { loadTypeDefs } from '../src/schema';

const file = join(__dirname, '..', 'docs', 'ACCESS-MATRIX.md');
writeFileSync(file, renderAccessMatrix(makeExecutableSchema({ typeDefs: loadTypeDefs() })));
console.log(`wrote ${file}`);
