import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, ErrorCode, InputError } from '../errors';

/**
 * Runs `work` in one transaction: the change and its audit event commit together or not at all. Inside, read and
 * write through `tx` only (on PGlite a query through the pool would wait for this transaction to end).
 * Constraint violations that the services did not foresee still come back as client errors, never as a 500.
 */
export async function inTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(work);
  } catch (e) {
    throw translateDatabaseError(e);
  }
}

interface PgError {
  code?: string;
  constraint?: string;
  driverError?: PgError;
}

export function translateDatabaseError(e: unknown): unknown {
  const err = (e as PgError)?.driverError ?? (e as PgError);
  switch (err?.code) {
    case 'GW001':
      return new ConflictError('An organization must keep at least one owner.', {}, ErrorCode.LAST_OWNER);
    case '23505':
      return new ConflictError(`That would duplicate an existing record (${err.constraint}).`, { constraint: err.constraint });
    case '23503':
      return new InputError(constraintField(err.constraint), 'refers to something that is not part of this organization.');
    case '40001':
    case '40P01':
      return new ConflictError('The change collided with a concurrent one; retry it.');
    default:
      return e;
  }
}

function constraintField(constraint: string | undefined): string {
  if (constraint?.endsWith('_org_member')) return 'userId';
  if (constraint?.endsWith('_project')) return 'projectId';
  if (constraint?.endsWith('_team')) return 'teamId';
  return constraint ?? 'input';
}
