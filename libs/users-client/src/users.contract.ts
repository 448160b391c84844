/**
 * The users service's message contract: pattern names, payloads, replies and error codes. The
 * service and every client import it from here, so the two sides cannot drift apart.
 */
export const UsersPattern = {
  resolveCognitoSub: 'users.resolve_cognito_sub',
  findByHandle: 'users.find_by_handle',
  /** docs/design.md §12: change a person's display name and/or handle (one Postgres transaction). */
  updateProfile: 'users.update_profile',
  health: 'users.health',
} as const;

/**
 * The field of every request packet (beside `pattern`, `data`, `id`) that carries
 * USERS_TRANSPORT_SECRET. The service checks it before any handler runs and strips it.
 */
export const USERS_TRANSPORT_AUTH_FIELD = 'auth';

/**
 * A handle as every edge accepts it: 1–32 letters, digits or _, optionally with the @ people
 * write in front. The one definition for the HTTP API, the users service and its clients.
 */
export const HANDLE_PATTERN = /^@?[A-Za-z0-9_]{1,32}$/;

/** Handles are case-insensitive: compared and stored lower-case, without a leading @ (the one place that says so). */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** A person as other services see them. */
export interface UserProfile {
  uuid: string;
  handle: string;
  display_name: string;
  /** Starts at 1, +1 per profile change: copies of the name elsewhere only ever move to a higher one (docs/design.md §12). */
  profile_version: number;
}

/** A display name as every edge accepts it: 1–100 characters after trimming (the `users` table's own check). */
export const DISPLAY_NAME_MAX_CHARS = 100;

/** How long a handle someone left stays theirs: nobody else may take it, and it answers nobody (docs/design.md §12). */
export const HANDLE_HOLD_DAYS = 30;

export interface UpdateProfilePayload {
  user_uuid: string;
  display_name?: string;
  handle?: string;
}

export interface ResolveCognitoSubPayload {
  cognito_user_id: string;
}

export interface FindByHandlePayload {
  handle: string;
}

export interface HealthReply {
  status: 'ok';
  service: 'users';
}

/** Stable error codes of the users service, carried in the RPC error object. */
export const UsersErrorCode = {
  notFound: 'user_not_found',
  validation: 'validation_failed',
  conflict: 'user_conflict',
  /** The handle belongs to someone else, or is held for the person who left it (docs/design.md §12). */
  handleTaken: 'handle_taken',
  notConfigured: 'not_configured',
  /** The request carried no USERS_TRANSPORT_SECRET, or another one. */
  unauthorized: 'unauthorized',
  internal: 'internal_error',
} as const;
export type UsersErrorCode = (typeof UsersErrorCode)[keyof typeof UsersErrorCode];

/** The error object a users-service call fails with, whatever the transport. */
export interface UsersRpcError {
  code: UsersErrorCode;
  message: string;
  /** For `validation_failed`: one line per broken rule. */
  errors?: string[];
}
