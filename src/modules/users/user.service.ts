import type { DataSource } from 'typeorm';
import type { IdentityClaims } from '../../auth/tokens';
import { TokenError } from '../../auth/tokens';
import { USER_COLUMNS, type UserRow } from './user.loaders';

/**
 * The user behind a verified token. The first request of a new subject creates the user from its claims; a user
 * imported before their first sign-in (no subject yet) is claimed by a token with a verified matching email.
 * One statement on the common path (the subject is known).
 */
export async function userForClaims(db: DataSource, claims: IdentityClaims): Promise<UserRow> {
  const [known]: UserRow[] = await db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.subject = $1`, [claims.subject]);
  if (known) return known;
  const [created]: UserRow[] = await db.query(
    `INSERT INTO users AS u (subject, email, name) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE SET subject = EXCLUDED.subject
       WHERE u.subject IS NULL AND $4::boolean
     RETURNING ${USER_COLUMNS}`,
    [claims.subject, claims.email, claims.name, claims.emailVerified]);
  if (created) return created;
  // Lost a race with a concurrent first request of the same subject, or the email belongs to another identity.
  const [raced]: UserRow[] = await db.query(`SELECT ${USER_COLUMNS} FROM users u WHERE u.subject = $1`, [claims.subject]);
  if (raced) return raced;
  throw new TokenError('The email of this token belongs to another account.');
}
