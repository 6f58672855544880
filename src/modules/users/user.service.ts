import type { DataSource } from 'typeorm';
import type { IdentityClaims } from '../../auth/tokens';
import { TokenError } from '../../auth/tokens';
import type { OrgMembershipRow } from '../organizations/organization.loaders';
import { USER_COLUMNS, type UserRow } from './user.loaders';

/** The viewer's memberships read with the token's user are used only up to this many (see signedInUser). */
export const MAX_PRIMED_MEMBERSHIPS = 100;

export interface SignedInUser {
  user: UserRow;
  /**
   * Every organization membership of the user, read in the same statement as the user (a request's first
   * authorization check, e.g. `organization(id:)`, needs one of them); null when the user has more than
   * MAX_PRIMED_MEMBERSHIPS of them (they are then read on demand, like any other) or was just created.
   */
  memberships: OrgMembershipRow[] | null;
}

/**
 * The user behind a verified token, with their org memberships (one statement on the common path: the subject is
 * known). The first request of a new subject creates the user from its claims; a user imported before their first
 * sign-in (no subject yet) is claimed by a token with a verified matching email.
 */
export async function signedInUser(db: DataSource, claims: IdentityClaims): Promise<SignedInUser> {
  const rows: (UserRow & { orgId: string | null; role: OrgMembershipRow['role'] | null; joinedAt: Date | null })[] =
    await db.query(
      `SELECT ${USER_COLUMNS}, m.org_id AS "orgId", m.role, m.created_at AS "joinedAt"
         FROM users u
         LEFT JOIN LATERAL (
           SELECT m.org_id, m.role, m.created_at FROM org_members m WHERE m.user_id = u.id LIMIT $2) m ON TRUE
        WHERE u.subject = $1`,
      [claims.subject, MAX_PRIMED_MEMBERSHIPS + 1]);
  if (rows.length) {
    const { id, name, email } = rows[0];
    const memberships = rows.length > MAX_PRIMED_MEMBERSHIPS ? null : rows
      .filter((r) => r.orgId !== null)
      .map((r) => ({ orgId: r.orgId!, userId: id, role: r.role!, joinedAt: r.joinedAt!, sortKey: '' }));
    return { user: { id, name, email }, memberships };
  }
  return { user: await createUserForClaims(db, claims), memberships: null };
}

async function createUserForClaims(db: DataSource, claims: IdentityClaims): Promise<UserRow> {
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
