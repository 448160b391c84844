/** docs/design.md §5: handles are stored lower-case, emails too, so uniqueness is case-insensitive. */
export const createUsers = {
  version: 1,
  name: 'create users',
  sql: `
    CREATE TABLE users (
      uuid            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
      display_name    text        NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 100),
      handle          text        NOT NULL CHECK (handle ~ '^[a-z0-9_]{1,32}$'),
      email           text        NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
      cognito_user_id text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_handle_key UNIQUE (handle),
      CONSTRAINT users_email_key UNIQUE (email),
      CONSTRAINT users_cognito_user_id_key UNIQUE (cognito_user_id)
    );
  `,
};
