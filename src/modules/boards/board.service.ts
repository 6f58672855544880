import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import { ForbiddenError, InputError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/audit.service';
import { validateName } from '../../common/validation';
import type { Caller } from '../../context';
import type { BoardVisibility } from './board.entity';
import { BOARD_COLUMNS, type BoardRow } from './board.loaders';

const MAX_DESCRIPTION = 10_000;

/** The board row, locked for the rest of the transaction; NOT_FOUND if it vanished since the policy check. */
async function lockBoard(tx: EntityManager, boardId: string): Promise<BoardRow> {
  const [row] = await tx.query(`SELECT ${BOARD_COLUMNS} FROM boards b WHERE b.id = $1 FOR UPDATE`, [boardId]);
  if (!row) throw new NotFoundError('Board', boardId);
  return row;
}

function validateDescription(d: string, field: string): string {
  if (d.length > MAX_DESCRIPTION) throw new InputError(field, `must be at most ${MAX_DESCRIPTION} characters long.`);
  return d;
}

/**
 * Boards (§3). Policies check board:create on the project, board:update (creator or board:manageAny) and board:share
 * on the board. A board stays in the project it was created in: nothing here moves it.
 */
export class BoardService {
  constructor(private readonly db: DataSource) {}

  async create(caller: Caller, input: { projectId: string; name: string; description?: string | null; visibility?: BoardVisibility | null }) {
    const name = validateName(input.name, 'input.name');
    const description = validateDescription(input.description ?? '', 'input.description');
    const visibility = input.visibility ?? 'PRIVATE';
    const project = await caller.access.accessTo({ kind: 'PROJECT', id: input.projectId });
    if (!project) throw new NotFoundError('Project', input.projectId);
    if (visibility !== 'PRIVATE' && !project.permissions.has('BOARD_SHARE')) {
      throw new ForbiddenError('board:share', project.resource,
        'You may create PRIVATE boards only: a board visible to the whole project needs the "board:share" permission.');
    }
    return inTransaction(this.db, async (tx) => {
      const [board] = await tx.query(
        `INSERT INTO boards (org_id, project_id, creator_id, name, description, visibility)
         SELECT p.org_id, p.id, $2, $3, $4, $5 FROM projects p WHERE p.id = $1 RETURNING id, org_id AS "orgId"`,
        [input.projectId, caller.actor.userId, name, description, visibility]);
      if (!board) throw new NotFoundError('Project', input.projectId);
      await recordAudit(tx, caller.actor, {
        orgId: board.orgId, projectId: input.projectId, action: 'board.created', target: { type: 'Board', id: board.id },
        after: { name, description, visibility },
      });
      return board.id as string;
    });
  }

  async update(caller: Caller, input: { boardId: string; name?: string | null; description?: string | null }) {
    const name = input.name == null ? undefined : validateName(input.name, 'input.name');
    const description = input.description == null ? undefined : validateDescription(input.description, 'input.description');
    if (name === undefined && description === undefined) throw new InputError('input', 'changes nothing: give a name or a description.');
    return inTransaction(this.db, async (tx) => {
      const before = await lockBoard(tx, input.boardId);
      const after = { name: name ?? before.name, description: description ?? before.description };
      await tx.query(`UPDATE boards SET name = $2, description = $3, updated_at = now() WHERE id = $1`,
        [before.id, after.name, after.description]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId: before.projectId, action: 'board.updated', target: { type: 'Board', id: before.id },
        before: { name: before.name, description: before.description }, after,
      });
    });
  }

  async delete(caller: Caller, boardId: string) {
    return inTransaction(this.db, async (tx) => {
      const before = await lockBoard(tx, boardId);
      await tx.query(`DELETE FROM boards WHERE id = $1`, [boardId]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId: before.projectId, action: 'board.deleted', target: { type: 'Board', id: boardId },
        before: { name: before.name, visibility: before.visibility, creatorId: before.creatorId },
      });
    });
  }

  async share(caller: Caller, input: { boardId: string; visibility: BoardVisibility }) {
    return inTransaction(this.db, async (tx) => {
      const before = await lockBoard(tx, input.boardId);
      if (before.visibility === input.visibility) return;
      await tx.query(`UPDATE boards SET visibility = $2, updated_at = now() WHERE id = $1`, [before.id, input.visibility]);
      await recordAudit(tx, caller.actor, {
        orgId: before.orgId, projectId: before.projectId, action: 'board.visibilityChanged', target: { type: 'Board', id: before.id },
        before: { visibility: before.visibility }, after: { visibility: input.visibility },
      });
    });
  }

  /** A JSON document of the board; exporting is audited, since it takes data out of the gateway. */
  async export(caller: Caller, boardId: string): Promise<Record<string, unknown>> {
    return inTransaction(this.db, async (tx) => {
      const board = await lockBoard(tx, boardId);
      const [project] = await tx.query(`SELECT id, name, timezone FROM projects WHERE id = $1`, [board.projectId]);
      await recordAudit(tx, caller.actor, {
        orgId: board.orgId, projectId: board.projectId, action: 'board.exported', target: { type: 'Board', id: board.id },
      });
      return {
        format: 'gateway.board/v1',
        exportedAt: new Date().toISOString(),
        board: {
          id: board.id, name: board.name, description: board.description, visibility: board.visibility,
          creatorId: board.creatorId, createdAt: new Date(board.createdAt).toISOString(),
          updatedAt: new Date(board.updatedAt).toISOString(),
        },
        project: { id: project.id, name: project.name, timezone: project.timezone },
      };
    });
  }
}
