import type { UserProfile } from '@app/users-client';

/** A row of `users`. */
export interface User {
  uuid: string;
  handle: string;
  displayName: string;
  email: string;
  cognitoUserId: string | null;
  createdAt: Date;
}

export interface NewUser {
  uuid?: string;
  handle: string;
  displayName: string;
  email: string;
}

export interface UserRow {
  uuid: string;
  handle: string;
  display_name: string;
  email: string;
  cognito_user_id: string | null;
  created_at: Date | string;
}

export function fromUserRow(row: UserRow): User {
  return {
    uuid: row.uuid,
    handle: row.handle,
    displayName: row.display_name,
    email: row.email,
    cognitoUserId: row.cognito_user_id,
    createdAt: new Date(row.created_at),
  };
}

export function toUserProfile(user: User): UserProfile {
  return { uuid: user.uuid, handle: user.handle, display_name: user.displayName };
}

export { normalizeHandle } from '@app/users-client';
