import { createUsers } from './0001-create-users';
import { profileChanges } from './0002-profile-changes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. Append only: an applied migration is never edited. */
export const MIGRATIONS: Migration[] = [createUsers, profileChanges];
