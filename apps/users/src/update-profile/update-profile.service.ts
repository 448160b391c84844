import { Injectable } from '@nestjs/common';
import { DISPLAY_NAME_MAX_CHARS, UsersErrorCode, type UserProfile } from '@app/users-client';
import { toUserProfile } from '../users/user';
import { UsersDomainError } from '../users/users.errors';
import { ProfileChangesRepository, type ProfileChange } from './profile-changes.repository';

/** A person changes their display name and/or handle (docs/design.md §12); the answer carries the new profile version. */
@Injectable()
export class UpdateProfileService {
  constructor(private readonly profiles: ProfileChangesRepository) {}

  async update(userUuid: string, change: ProfileChange): Promise<UserProfile> {
    if (change.displayName === undefined && change.handle === undefined) {
      throw new UsersDomainError(UsersErrorCode.validation, 'give a display_name, a handle, or both');
    }
    // Counted as people count (code points), as the table's own check does.
    if (change.displayName !== undefined && [...change.displayName.trim()].length > DISPLAY_NAME_MAX_CHARS) {
      throw new UsersDomainError(UsersErrorCode.validation, `display_name must be at most ${DISPLAY_NAME_MAX_CHARS} characters`);
    }
    return toUserProfile(await this.profiles.apply(userUuid, change));
  }
}
