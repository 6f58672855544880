import type { DataSource } from 'typeorm';
import { loader, oneByKey } from '../../common/batch';
import { isUuid } from '../../common/ids';

export interface UserRow {
  id: string;
  name: string;
  email: string;
}

export const USER_COLUMNS = `u.id, u.name, u.email`;

/**
 * Member pages join users in the same statement; they hand the user columns to the userById loader, so the
 * users of a page cost no query of their own, and sibling branches of a query cannot split a users batch in two
 * depending on which page query answered first (that made statement counts vary from run to run).
 */
export type PrimeUsers = (rows: { userId: string; userName: string; userEmail: string }[]) => void;

export function userLoaders(db: DataSource) {
  const loaders = {
    userById: loader<UserRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: UserRow[] = valid.length
        ? await db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),
  };
  const primeUsers: PrimeUsers = (rows) => {
    for (const r of rows) loaders.userById.prime(r.userId, { id: r.userId, name: r.userName, email: r.userEmail });
  };
  return { ...loaders, primeUsers };
}
