import type { DataSource } from 'typeorm';
import { loader, oneByKey } from '../../common/batch';
import { isUuid } from '../../common/ids';
import { afterClause, groupBy, pageLoader } from '../../common/pagination';
import type { BoardVisibility } from './board.entity';

export interface BoardRow {
  id: string;
  orgId: string;
  projectId: string;
  creatorId: string | null;
  name: string;
  description: string;
  visibility: BoardVisibility;
  createdAt: Date;
  updatedAt: Date;
}

export const BOARD_COLUMNS = `b.id, b.org_id AS "orgId", b.project_id AS "projectId", b.creator_id AS "creatorId",
  b.name, b.description, b.visibility, b.created_at AS "createdAt", b.updated_at AS "updatedAt"`;

export function boardLoaders(db: DataSource, viewerId: string | null) {
  return {
    boardById: loader<BoardRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: BoardRow[] = valid.length
        ? await db.query(`SELECT ${BOARD_COLUMNS} FROM boards b WHERE b.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),

    /** Boards shared with the project plus the viewer's own private ones (the parent project is already visible). */
    projectBoards: pageLoader<BoardRow>(async (projectIds, page) => {
      const params: unknown[] = [projectIds, page.limit + 1, viewerId];
      const rows: BoardRow[] = await db.query(
        `SELECT b.* FROM unnest($1::uuid[]) AS parent(id)
         CROSS JOIN LATERAL (
           SELECT ${BOARD_COLUMNS} FROM boards b
            WHERE b.project_id = parent.id AND (b.visibility = 'PROJECT' OR b.creator_id = $3)
              AND ${afterClause(page, 'b.name', 'b.id', params)}
            ORDER BY b.name, b.id LIMIT $2) b`,
        params);
      return groupBy(rows, (r) => r.projectId);
    }, (r) => ({ key: r.name, id: r.id })),
  };
}
