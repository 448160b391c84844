import type { UserProfile } from '@app/users-client';

/** A row of `users`. */
export interface User {
  uuid: string;
  handle: string;
  displayName: string;
  email: string;
  cognitoUserId: string | null;
  createdAt: Date;
  /** +1 per profile change (docs/design.md §12). */
  profileVersion: number;
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
  profile_version: number;
}

export function fromUserRow(row: UserRow): User {
  return {
    uuid: row.uuid,
    handle: row.handle,
    displayName: row.display_name,
    email: row.email,
    cognitoUserId: row.cognito_user_id,
    createdAt: new Date(row.created_at),
    profileVersion: Number(row.profile_version),
  };
}

export function toUserProfile(user: User): UserProfile {
  return { uuid: user.uuid, handle: user.handle, display_name: user.displayName, profile_version: user.profileVersion };
}

export { normalizeHandle } from '@app/users-client';
