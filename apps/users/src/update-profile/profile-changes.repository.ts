import { Inject, Injectable } from '@nestjs/common';
import { HANDLE_HOLD_DAYS } from '@app/users-client';
import { type Database, isPostgresError, type Queryable, UNIQUE_VIOLATION } from '../database/database';
import { DATABASE } from '../database/database.constants';
import { fromUserRow, normalizeHandle, type User, type UserRow } from '../users/user';
import { HandleTakenError, NoSuchUserError } from '../users/users.errors';

const COLUMNS = 'uuid, handle, display_name, email, cognito_user_id, created_at, profile_version';

/** Arbitrary constant: the advisory-lock namespace of handles, so every change touching one handle is serialised. */
const HANDLE_LOCK = 4_568_002;

/** What a profile change asks for; an absent field stays as it is. */
export interface ProfileChange {
  displayName?: string;
  handle?: string;
}

/**
 * Profile changes in Postgres (the source of truth, docs/design.md §12): the person's row, the
 * handles held for those who left them, and the version, all in one transaction.
 */
@Injectable()
export class ProfileChangesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Applies `change` to the person `uuid` and returns them as they are after it. A change that
   * changes nothing keeps the version (a retried request is harmless); otherwise the version goes
   * up by one. A new handle must be nobody else's, now or held: the handles involved are locked
   * (advisory, in order) before the holds are read, so two people cannot pass the check for the
   * same handle at once; the handle left behind is held for the person for HANDLE_HOLD_DAYS, and
   * a handle of their own that they take back is released from its hold.
   */
  async apply(uuid: string, change: ProfileChange): Promise<User> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE uuid = $1 FOR UPDATE`, [uuid]);
      if (!row) throw new NoSuchUserError(`uuid ${uuid}`);
      const current = fromUserRow(row);
      const handle = change.handle === undefined ? current.handle : normalizeHandle(change.handle);
      const displayName = change.displayName === undefined ? current.displayName : change.displayName.trim();
      if (handle === current.handle && displayName === current.displayName) return current;
      if (handle !== current.handle) await this.claim(tx, uuid, handle, current.handle);
      let updated: UserRow | undefined;
      try {
        [updated] = await tx.query<UserRow>(
          `UPDATE users SET handle = $2, display_name = $3, profile_version = profile_version + 1 WHERE uuid = $1 RETURNING ${COLUMNS}`,
          [uuid, handle, displayName],
        );
      } catch (error) {
        if (isPostgresError(error, UNIQUE_VIOLATION)) throw new HandleTakenError(handle, { cause: error });
        throw error;
      }
      if (handle !== current.handle) {
        await tx.query(
          `INSERT INTO held_handles (handle, user_uuid, held_until) VALUES ($1, $2, now() + make_interval(days => $3))
           ON CONFLICT (handle) DO UPDATE SET user_uuid = EXCLUDED.user_uuid, held_until = EXCLUDED.held_until`,
          [current.handle, uuid, HANDLE_HOLD_DAYS],
        );
      }
      return fromUserRow(updated!);
    });
  }

  /** Locks both handles, refuses one held for someone else, and releases the person's own (or an expired) hold on it. */
  private async claim(tx: Queryable, uuid: string, handle: string, leaving: string): Promise<void> {
    for (const locked of [handle, leaving].sort()) await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [HANDLE_LOCK, locked]);
    const [hold] = await tx.query<{ user_uuid: string }>('SELECT user_uuid FROM held_handles WHERE handle = $1 AND held_until > now()', [
      handle,
    ]);
    if (hold && hold.user_uuid !== uuid) throw new HandleTakenError(handle);
    await tx.query('DELETE FROM held_handles WHERE handle = $1', [handle]);
  }
}
