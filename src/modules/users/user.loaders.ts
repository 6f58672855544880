import type { DataSource } from 'typeorm';
import { loader, oneByKey } from '../../common/batch';
import { isUuid } from '../../common/ids';

export interface UserRow {
  id: string;
  name: string;
  email: string;
}

export const USER_COLUMNS = `u.id, u.name, u.email`;

export function userLoaders(db: DataSource) {
  return {
    userById: loader<UserRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: UserRow[] = valid.length
        ? await db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[])`, [valid])
        : [];
      return oneByKey(ids, rows, (r) => r.id);
    }),
  };
}
