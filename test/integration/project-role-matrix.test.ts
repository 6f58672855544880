import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import {
  auditCount, describeHolding, HOLDINGS, seedHolding, type Holding, type ProjectRoleName,
} from '../testkit/project-holders';

/**
 * Every project-scoped mutation against every effective project role, held every way it can be held
 * (org role, direct grant, team grant, default role). The expectations are written out here, from
 * ACCESS-MODEL §3, not derived from the code's role table.
 */
const ALL: ProjectRoleName[] = ['OWNER', 'ADMIN', 'ANALYST', 'CONSUMER'];
const MANAGERS: ProjectRoleName[] = ['OWNER', 'ADMIN'];

interface Case {
  mutation: string;
  what: string;
  allowed: ProjectRoleName[];
  permission: string;
  /** Audit events one successful call writes. */
  events?: number;
  prepare: (t: TestGateway, h: Holding) => Promise<{ query: string; variables: Record<string, unknown> }>;
}

async function otherMember(t: TestGateway, h: Holding, directRole?: ProjectRoleName) {
  const u = await t.seed.user('Target');
  await t.seed.member(h.orgId, u, 'MEMBER');
  if (directRole) await t.seed.projectGrant(h.orgId, h.projectId, u, directRole);
  return u;
}

/** A board someone else made and shared with the project. */
async function othersBoard(t: TestGateway, h: Holding) {
  return t.seed.board(h.orgId, h.projectId, h.owner, 'PROJECT');
}

/** A private board of the holder's own. */
const ownBoard = (t: TestGateway, h: Holding) => t.seed.board(h.orgId, h.projectId, h.user, 'PRIVATE');

const CASES: Case[] = [
  {
    mutation: 'updateProject', what: 'rename the project', allowed: MANAGERS, permission: 'project:update',
    prepare: async (_t, h) => ({
      query: `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { id name timezone } } }`,
      variables: { i: { projectId: h.projectId, name: 'Renamed', timezone: 'Europe/Berlin' } },
    }),
  },
  {
    mutation: 'deleteProject', what: 'delete the project', allowed: ['OWNER'], permission: 'project:delete',
    prepare: async (_t, h) => ({
      query: `mutation($i: DeleteProjectInput!) { deleteProject(input: $i) { deletedProjectId } }`,
      variables: { i: { projectId: h.projectId } },
    }),
  },
  {
    mutation: 'rotateProjectApiSecret', what: 'rotate the API secret', allowed: MANAGERS, permission: 'project:readSecrets',
    prepare: async (_t, h) => ({
      query: `mutation($i: RotateProjectApiSecretInput!) { rotateProjectApiSecret(input: $i) { apiSecret } }`,
      variables: { i: { projectId: h.projectId } },
    }),
  },
  {
    mutation: 'setProjectDefaultRole', what: 'set the default role to CONSUMER', allowed: MANAGERS,
    permission: 'projectMember:manage',
    prepare: async (_t, h) => ({
      query: `mutation($i: SetProjectDefaultRoleInput!) { setProjectDefaultRole(input: $i) { project { defaultRole } } }`,
      variables: { i: { projectId: h.projectId, role: 'CONSUMER' } },
    }),
  },
  {
    mutation: 'transferProject', what: 'move the project to an org they administer', allowed: ['OWNER'],
    permission: 'project:transfer', events: 2,
    prepare: async (t, h) => {
      const otherOwner = await t.seed.user('Target Owner');
      const target = await t.seed.organization(otherOwner);
      await t.seed.member(target, h.user, 'ADMIN');
      return {
        query: `mutation($i: TransferProjectInput!) { transferProject(input: $i) { project { organization { id } } } }`,
        variables: { i: { projectId: h.projectId, targetOrgId: target } },
      };
    },
  },
  {
    mutation: 'addProjectMember', what: 'add an org member as ANALYST', allowed: MANAGERS, permission: 'projectMember:manage',
    prepare: async (t, h) => ({
      query: `mutation($i: AddProjectMemberInput!) { addProjectMember(input: $i) { member { role } } }`,
      variables: { i: { projectId: h.projectId, userId: (await otherMember(t, h)).id, role: 'ANALYST' } },
    }),
  },
  {
    mutation: 'changeProjectMemberRole', what: 'change a CONSUMER grant to ANALYST', allowed: MANAGERS,
    permission: 'projectMember:manage',
    prepare: async (t, h) => ({
      query: `mutation($i: ChangeProjectMemberRoleInput!) { changeProjectMemberRole(input: $i) { member { role } } }`,
      variables: { i: { projectId: h.projectId, userId: (await otherMember(t, h, 'CONSUMER')).id, role: 'ANALYST' } },
    }),
  },
  {
    mutation: 'removeProjectMember', what: 'remove a CONSUMER grant', allowed: MANAGERS, permission: 'projectMember:manage',
    prepare: async (t, h) => ({
      query: `mutation($i: RemoveProjectMemberInput!) { removeProjectMember(input: $i) { removedRole } }`,
      variables: { i: { projectId: h.projectId, userId: (await otherMember(t, h, 'CONSUMER')).id } },
    }),
  },
  {
    mutation: 'createBoard', what: 'create a PRIVATE board', allowed: ALL, permission: 'board:create',
    prepare: async (_t, h) => ({
      query: `mutation($i: CreateBoardInput!) { createBoard(input: $i) { board { id visibility } } }`,
      variables: { i: { projectId: h.projectId, name: 'Mine', visibility: 'PRIVATE' } },
    }),
  },
  {
    mutation: 'createBoard', what: 'create a board shared with the project', allowed: ['OWNER', 'ADMIN', 'ANALYST'],
    permission: 'board:share',
    prepare: async (_t, h) => ({
      query: `mutation($i: CreateBoardInput!) { createBoard(input: $i) { board { id visibility } } }`,
      variables: { i: { projectId: h.projectId, name: 'Shared', visibility: 'PROJECT' } },
    }),
  },
  {
    mutation: 'updateBoard', what: "edit someone else's shared board", allowed: MANAGERS, permission: 'board:update',
    prepare: async (t, h) => ({
      query: `mutation($i: UpdateBoardInput!) { updateBoard(input: $i) { board { name } } }`,
      variables: { i: { boardId: await othersBoard(t, h), name: 'Edited' } },
    }),
  },
  {
    mutation: 'deleteBoard', what: "delete someone else's shared board", allowed: MANAGERS, permission: 'board:update',
    prepare: async (t, h) => ({
      query: `mutation($i: DeleteBoardInput!) { deleteBoard(input: $i) { deletedBoardId } }`,
      variables: { i: { boardId: await othersBoard(t, h) } },
    }),
  },
  {
    mutation: 'shareBoard', what: "make someone else's board private", allowed: MANAGERS, permission: 'board:share',
    prepare: async (t, h) => ({
      query: `mutation($i: ShareBoardInput!) { shareBoard(input: $i) { board { visibility } } }`,
      variables: { i: { boardId: await othersBoard(t, h), visibility: 'PRIVATE' } },
    }),
  },
  {
    mutation: 'exportBoard', what: "export someone else's shared board", allowed: MANAGERS, permission: 'board:share',
    prepare: async (t, h) => ({
      query: `mutation($b: ID!) { exportBoard(boardId: $b) { export } }`,
      variables: { b: await othersBoard(t, h) },
    }),
  },
  {
    mutation: 'updateBoard', what: 'edit their own private board', allowed: ALL, permission: 'board:update',
    prepare: async (t, h) => ({
      query: `mutation($i: UpdateBoardInput!) { updateBoard(input: $i) { board { name } } }`,
      variables: { i: { boardId: await ownBoard(t, h), description: 'Mine, edited' } },
    }),
  },
  {
    mutation: 'deleteBoard', what: 'delete their own private board', allowed: ALL, permission: 'board:update',
    prepare: async (t, h) => ({
      query: `mutation($i: DeleteBoardInput!) { deleteBoard(input: $i) { deletedBoardId } }`,
      variables: { i: { boardId: await ownBoard(t, h) } },
    }),
  },
  {
    mutation: 'shareBoard', what: 'share their own board with the project', allowed: ['OWNER', 'ADMIN', 'ANALYST'],
    permission: 'board:share',
    prepare: async (t, h) => ({
      query: `mutation($i: ShareBoardInput!) { shareBoard(input: $i) { board { visibility } } }`,
      variables: { i: { boardId: await ownBoard(t, h), visibility: 'PROJECT' } },
    }),
  },
  {
    mutation: 'exportBoard', what: 'export their own board', allowed: ['OWNER', 'ADMIN', 'ANALYST'], permission: 'board:share',
    prepare: async (t, h) => ({
      query: `mutation($b: ID!) { exportBoard(boardId: $b) { export } }`,
      variables: { b: await ownBoard(t, h) },
    }),
  },
];

const TABLE = CASES.flatMap((c) => HOLDINGS.map(([role, way]) => ({
  ...c, role, way, holder: describeHolding(role, way), verdict: c.allowed.includes(role) ? 'may' : 'may not',
})));

describe('project mutations by effective project role and by the way it is held', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it.each(TABLE)('$holder $verdict $what ($mutation)', async ({ role, way, allowed, permission, events, prepare }) => {
    const h = await seedHolding(t, role, way);
    const { query, variables } = await prepare(t, h);
    const r = await t.run(h.user, query, variables);
    if (allowed.includes(role)) {
      expect(r.errors).toBeUndefined();
      expect(await auditCount(t, h.user)).toBe(events ?? 1);
    } else {
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.errors![0].extensions!.permission).toBe(permission);
      expect(r.data).toBeNull();
      expect(await auditCount(t, h.user)).toBe(0);
    }
  });
});
