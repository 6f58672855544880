import DataLoader from 'dataloader';
import { InputError } from '../errors';

/**
 * Cursor connections (`first`/`after`), keyset-paginated: a cursor is an opaque encoding of the row's sort key
 * and id, so a page never skips or repeats rows when others are inserted, and every page is an index range scan.
 */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  /** The sort key and id of the last row of the previous page. */
  after: { key: string; id: string } | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 20;

export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

export function parsePage(args: PageArgs, maxPageSize: number): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
    throw new InputError('first', `must be from 1 to ${maxPageSize}, got ${limit}.`);
  }
  if (!args.after) return { limit, after: null };
  try {
    const [key, id] = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
    if (typeof key === 'string' && typeof id === 'string') return { limit, after: { key, id } };
  } catch {
    /* fall through to the error below */
  }
  throw new InputError('after', 'is not a cursor this API returned.');
}

/** Rows fetched with LIMIT page.limit + 1: the extra row only says that there is a next page. */
export function toConnection<T>(rows: T[], page: Page, sortKeyOf: (row: T) => { key: string; id: string }): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => {
    const { key, id } = sortKeyOf(node);
    return { cursor: encodeCursor(key, id), node };
  });
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}

/**
 * A loader of pages for many parents at once: keys with the same page arguments (the usual case, siblings in one
 * list) are fetched with one query, whatever the number of parents.
 */
export function pageLoader<T>(
  fetch: (parentIds: string[], page: Page) => Promise<Map<string, T[]>>,
  sortKeyOf: (row: T) => { key: string; id: string },
): PageLoader<T> {
  const dl = new DataLoader<{ parentId: string; page: Page }, Connection<T>, string>(
    async (keys) => {
      const groups = new Map<string, { page: Page; parentIds: string[] }>();
      for (const k of keys) {
        const g = JSON.stringify(k.page);
        const group = groups.get(g) ?? { page: k.page, parentIds: [] };
        group.parentIds.push(k.parentId);
        groups.set(g, group);
      }
      const results = new Map<string, Connection<T>>();
      for (const [g, { page, parentIds }] of groups) {
        const rowsByParent = await fetch(parentIds, page);
        for (const id of parentIds) results.set(`${id}|${g}`, toConnection(rowsByParent.get(id) ?? [], page, sortKeyOf));
      }
      return keys.map((k) => results.get(`${k.parentId}|${JSON.stringify(k.page)}`)!);
    },
    { cacheKeyFn: (k) => `${k.parentId}|${JSON.stringify(k.page)}` },
  );
  return {
    load: (parentId, page) => dl.load({ parentId, page }),
    clearAll: () => void dl.clearAll(),
  };
}

export interface PageLoader<T> {
  load(parentId: string, page: Page): Promise<Connection<T>>;
  /** Forgets every page read so far (after a change commits). */
  clearAll(): void;
}

/** SQL fragment for "after the cursor" on (sortColumn, idColumn); parameters are appended to `params`. */
export function afterClause(page: Page, sortColumn: string, idColumn: string, params: unknown[]): string {
  if (!page.after) return 'TRUE';
  params.push(page.after.key, page.after.id);
  return `(${sortColumn}, ${idColumn}) > ($${params.length - 1}, $${params.length}::uuid)`;
}

/**
 * "After the cursor" for lists ordered by id alone (member lists, ordered by user id so that the primary key
 * (parent, user_id) serves each page); the cursor's key is not used. Returns a builder of the condition on a given
 * id column, so the branches of one query share the parameter appended to `params`.
 */
export function afterIdClause(page: Page, params: unknown[]): (idColumn: string) => string {
  if (!page.after) return () => 'TRUE';
  params.push(page.after.id);
  const ref = `$${params.length}::uuid`;
  return (idColumn) => `${idColumn} > ${ref}`;
}

/**
 * The FROM item `parent(id)` of a page query over the parents in $1 (uuid[]). With one parent (the usual case) it is
 * a value the planner sees, so it estimates with that parent's statistics: a page of a very large organization
 * walks the index in order and stops at the limit, where the average parent's estimate chose to fetch and sort
 * every row of it.
 */
export function parentRows(parentIds: readonly string[]): string {
  return parentIds.length === 1 ? `(SELECT ($1::uuid[])[1] AS id) AS parent` : `unnest($1::uuid[]) AS parent(id)`;
}

export function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
