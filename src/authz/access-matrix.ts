import type { GraphQLSchema } from 'graphql';
import { collectPolicies, type FieldPolicy } from './policies';
import { ORG_ROLE_PERMISSIONS, PROJECT_ROLE_PERMISSIONS, permissionName, permissionScope } from './permissions';
import { ORG_ROLES, PROJECT_ROLES } from './roles';

/**
 * The access matrix (operation × role) as Markdown, read from the schema's policy markers and the role table, so
 * the document cannot drift from what is enforced. `npm run access-matrix` writes it to docs/ACCESS-MATRIX.md and
 * a test checks the committed copy is current.
 */
export function renderAccessMatrix(schema: GraphQLSchema): string {
  const policies = collectPolicies(schema).sort((a, b) => `${a.type}.${a.field}`.localeCompare(`${b.type}.${b.field}`));
  const withPermission = policies.filter((p): p is Extract<FieldPolicy, { kind: 'policy' }> => p.kind === 'policy');
  const mark = (yes: boolean) => (yes ? '✅' : '❌');
  const lines: string[] = [
    '# Access matrix',
    '',
    'Generated from the `@policy`, `@signedIn` and `@public` markers of schema/*.graphql and the role table in',
    'src/authz/permissions.ts by `npm run access-matrix`; do not edit by hand. A test fails when it is out of date.',
    '',
    'A viewer without any access to the resource reads `null` (a mutation: NOT_FOUND); a viewer who can see it but',
    'lacks the permission gets FORBIDDEN naming both.',
    '',
    '## Organization permissions, by org role',
    '',
    `| field | permission | resource from | ${ORG_ROLES.join(' | ')} |`,
    `|---|---|---|${ORG_ROLES.map(() => '---').join('|')}|`,
  ];
  for (const p of withPermission.filter((p) => permissionScope(p.permission) === 'ORGANIZATION')) {
    lines.push(`| ${p.type}.${p.field} | ${permissionName(p.permission)} | ${source(p)} | ${ORG_ROLES.map((r) => mark(ORG_ROLE_PERMISSIONS[r].has(p.permission))).join(' | ')} |`);
  }
  lines.push(
    '',
    '## Project permissions, by effective project role',
    '',
    'The effective role is the highest of: org OWNER → OWNER and org ADMIN → ADMIN, the direct grant, every team grant,',
    "and the project's default role. Board edits (board:update) are also allowed to the board's creator.",
    '',
    `| field | permission | resource from | ${PROJECT_ROLES.join(' | ')} |`,
    `|---|---|---|${PROJECT_ROLES.map(() => '---').join('|')}|`,
  );
  for (const p of withPermission.filter((p) => permissionScope(p.permission) !== 'ORGANIZATION')) {
    const holds = (r: (typeof PROJECT_ROLES)[number]) =>
      p.permission === 'BOARD_UPDATE' ? PROJECT_ROLE_PERMISSIONS[r].has('BOARD_MANAGE_ANY') : PROJECT_ROLE_PERMISSIONS[r].has(p.permission);
    lines.push(`| ${p.type}.${p.field} | ${permissionName(p.permission)} | ${source(p)} | ${PROJECT_ROLES.map((r) => mark(holds(r))).join(' | ')} |`);
  }
  lines.push('', '## Open to any signed-in user (acts on the viewer\'s own data)', '');
  for (const p of policies.filter((p) => p.kind === 'signedIn')) lines.push(`- ${p.type}.${p.field}`);
  lines.push('', '## Public', '');
  for (const p of policies.filter((p) => p.kind === 'public')) lines.push(`- ${p.type}.${p.field}`);
  return `${lines.join('\n')}\n`;
}

function source(p: Extract<FieldPolicy, { kind: 'policy' }>): string {
  return `${p.resource.toLowerCase()} ${p.arg !== undefined ? `argument \`${p.arg}\`` : `parent \`${p.parent}\``}`;
}
