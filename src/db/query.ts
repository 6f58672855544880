/**
 * The rows of a query run through TypeORM's `query()`. For UPDATE and DELETE ... RETURNING it answers
 * [rows, affectedCount] rather than the rows alone; this gives the rows in every case.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
