import { codes, startTestGateway, type TestGateway } from '../testkit/gateway';
import { seedHolding } from '../testkit/project-holders';

const CREATE = `mutation($i: CreateBoardInput!) { createBoard(input: $i) { board { id name description visibility creator { id } } } }`;
const BOARD = `query($id: ID!) { board(id: $id) { id name } }`;

describe('boards', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.stop());

  it('a CONSUMER creates a private board but not one shared with the project', async () => {
    const h = await seedHolding(t, 'CONSUMER', 'DIRECT');
    const ok = await t.run(h.user, CREATE, { i: { projectId: h.projectId, name: 'Mine', description: 'notes' } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.createBoard.board).toMatchObject({ name: 'Mine', description: 'notes', visibility: 'PRIVATE', creator: { id: h.user.id } });
    const refused = await t.run(h.user, CREATE, { i: { projectId: h.projectId, name: 'Shared', visibility: 'PROJECT' } });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.errors![0].extensions!.permission).toBe('board:share');
  });

  it('a private board is visible to its creator alone, not even to the org OWNER', async () => {
    const h = await seedHolding(t, 'ANALYST', 'TEAM');
    const r = await t.run(h.user, CREATE, { i: { projectId: h.projectId, name: 'Secret', visibility: 'PRIVATE' } });
    const id = r.data.createBoard.board.id;
    expect((await t.run(h.user, BOARD, { id })).data.board).toEqual({ id, name: 'Secret' });
    expect((await t.run(h.owner, BOARD, { id })).data.board).toBeNull();
    const edit = await t.run(h.owner, `mutation($i: UpdateBoardInput!) { updateBoard(input: $i) { board { id } } }`, { i: { boardId: id, name: 'x' } });
    expect(codes(edit)).toEqual(['NOT_FOUND']);
    await t.run(h.user, `mutation($i: ShareBoardInput!) { shareBoard(input: $i) { board { id } } }`, { i: { boardId: id, visibility: 'PROJECT' } });
    expect((await t.run(h.owner, BOARD, { id })).data.board).toEqual({ id, name: 'Secret' });
  });

  it('an empty board name is refused naming the field, and nothing is written', async () => {
    const h = await seedHolding(t, 'OWNER', 'DIRECT');
    const r = await t.run(h.user, CREATE, { i: { projectId: h.projectId, name: '   ' } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].extensions!.field).toBe('input.name');
    const rows = await t.db.dataSource.query(`SELECT 1 FROM boards WHERE project_id = $1`, [h.projectId]);
    expect(rows).toEqual([]);
  });

  it('exporting a board returns a JSON document and is audited on the project', async () => {
    const h = await seedHolding(t, 'ANALYST', 'DEFAULT_ROLE');
    const board = await t.seed.board(h.orgId, h.projectId, h.user, 'PROJECT', 'Funnel');
    const r = await t.run(h.user, `mutation($b: ID!) { exportBoard(boardId: $b) { export } }`, { b: board });
    expect(r.errors).toBeUndefined();
    expect(r.data.exportBoard.export).toMatchObject({
      format: 'gateway.board/v1', board: { id: board, name: 'Funnel', visibility: 'PROJECT' }, project: { id: h.projectId },
    });
    const log = await t.run(h.owner, `query($id: ID!) { project(id: $id) { auditLog { nodes { action targetId } } } }`, { id: h.projectId });
    expect(log.data.project.auditLog.nodes).toEqual([{ action: 'board.exported', targetId: board }]);
  });

  it('no mutation moves a board to another project, and the database refuses a move across organizations', async () => {
    const h = await seedHolding(t, 'OWNER', 'ORG_ROLE');
    const board = await t.seed.board(h.orgId, h.projectId, h.user, 'PROJECT');
    const otherOrg = await t.seed.organization(h.user);
    const foreignProject = await t.seed.project(otherOrg);
    const r = await t.run(h.user, `mutation($i: UpdateBoardInput!) { updateBoard(input: $i) { board { id } } }`,
      { i: { boardId: board, name: 'moved', projectId: foreignProject } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain('projectId');
    await expect(t.db.dataSource.query(`UPDATE boards SET project_id = $2 WHERE id = $1`, [board, foreignProject]))
      .rejects.toThrow(/fk_boards_project/);
    const [row] = await t.db.dataSource.query(`SELECT project_id AS "projectId", name FROM boards WHERE id = $1`, [board]);
    expect(row.projectId).toBe(h.projectId);
  });
});
