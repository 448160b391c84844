/**
 * docs/design.md §12, profile changes: a version per profile (DynamoDB's copies only ever move to a
 * higher one) and the handles people left, held for them for 30 days (nobody else may take one,
 * the person may take it back).
 */
export const profileChanges = {
  version: 2,
  name: 'profile versions and held handles',
  sql: `
    ALTER TABLE users ADD COLUMN profile_version integer NOT NULL DEFAULT 1 CHECK (profile_version >= 1);

    CREATE TABLE held_handles (
      handle     text        PRIMARY KEY CHECK (handle ~ '^[a-z0-9_]{1,32}$'),
      user_uuid  uuid        NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
      held_until timestamptz NOT NULL
    );
    CREATE INDEX held_handles_user_uuid ON held_handles (user_uuid);
  `,
};
