import { Inject, Injectable } from '@nestjs/common';
import { type Database, isPostgresError, type Queryable, UNIQUE_VIOLATION } from '../database/database';
import { DATABASE } from '../database/database.constants';
import { fromUserRow, type NewUser, normalizeHandle, type User, type UserRow } from './user';
import { DuplicateUserError } from './users.errors';

const COLUMNS = 'uuid, handle, display_name, email, cognito_user_id, created_at, profile_version';

/** The `users` table. Unique violations come back as DuplicateUserError naming the field. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findByCognitoUserId(cognitoUserId: string): Promise<User | null> {
    return this.one('SELECT ' + COLUMNS + ' FROM users WHERE cognito_user_id = $1', [cognitoUserId]);
  }

  async findByHandle(handle: string): Promise<User | null> {
    return this.one('SELECT ' + COLUMNS + ' FROM users WHERE handle = $1', [normalizeHandle(handle)]);
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.one('SELECT ' + COLUMNS + ' FROM users WHERE email = $1', [email.trim().toLowerCase()]);
  }

  /** Inserts a user; with `ifAbsent`, an existing row with the same uuid is left as it is. */
  async insert(user: NewUser, { ifAbsent = false, db = this.db }: { ifAbsent?: boolean; db?: Queryable } = {}): Promise<boolean> {
    try {
      const rows = await db.query(
        `INSERT INTO users (uuid, handle, display_name, email)
         VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4)
         ${ifAbsent ? 'ON CONFLICT (uuid) DO NOTHING' : ''}
         RETURNING uuid`,
        [user.uuid ?? null, normalizeHandle(user.handle), user.displayName.trim(), user.email.trim().toLowerCase()],
      );
      return rows.length > 0;
    } catch (error) {
      throw this.translate(error, user);
    }
  }

  /**
   * Rows a Cognito sync may link or must respect: those with one of these emails or handles, or
   * already linked to one of these subs.
   */
  async findLinkCandidates({ emails, handles, subs }: { emails: string[]; handles: string[]; subs: string[] }): Promise<User[]> {
    const rows = await this.db.query<UserRow>(
      `SELECT ${COLUMNS} FROM users
       WHERE email = ANY($1::text[]) OR handle = ANY($2::text[]) OR cognito_user_id = ANY($3::text[])`,
      [emails, handles, subs],
    );
    return rows.map(fromUserRow);
  }

  /**
   * Links a user to a Cognito identity if the row has no link yet, in one conditional statement
   * (never read-then-write): false when it is already linked, to this sub or another. A sub linked
   * to another row fails as DuplicateUserError.
   */
  async linkCognitoUserId(uuid: string, cognitoUserId: string): Promise<boolean> {
    try {
      const rows = await this.db.query('UPDATE users SET cognito_user_id = $2 WHERE uuid = $1 AND cognito_user_id IS NULL RETURNING uuid', [
        uuid,
        cognitoUserId,
      ]);
      return rows.length > 0;
    } catch (error) {
      if (isPostgresError(error, UNIQUE_VIOLATION)) throw new DuplicateUserError('cognito_user_id', cognitoUserId, { cause: error });
      throw error;
    }
  }

  private async one(sql: string, params: unknown[]): Promise<User | null> {
    const [row] = await this.db.query<UserRow>(sql, params);
    return row ? fromUserRow(row) : null;
  }

  private translate(error: unknown, user: NewUser): unknown {
    if (!isPostgresError(error, UNIQUE_VIOLATION)) return error;
    if (error.constraint === 'users_handle_key') return new DuplicateUserError('handle', normalizeHandle(user.handle), { cause: error });
    if (error.constraint === 'users_email_key') return new DuplicateUserError('email', user.email.toLowerCase(), { cause: error });
    return error;
  }
}
