import { Injectable } from '@nestjs/common';
import { MessagingTable, nowIso } from '@app/ddb';
import { UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import { ProfileChanges } from '../profiles/profile-changes';
import type { ProfileResponse, UpdateProfileDto } from './update-profile.dto';

/**
 * A person changes their display name and/or handle (docs/design.md §12). The users service changes
 * Postgres, the source of truth, in one transaction (the handle rules, the 30-day hold of the handle
 * left, the version); then every messages-api instance learns it (ProfileChanges: no instance keeps
 * stamping the old name), and the table's PROFILE copy moves to the new version. That copy is what
 * reads show senders by, and its stream record makes the stream-worker copy the name into the
 * summaries of the person's conversations (apps/stream-worker/src/profiles).
 *
 * A PATCH that changes nothing keeps the version and writes the copy again (a no-op when it is already
 * there): a retry after a failure between the commit and the copy puts the copy right.
 */
@Injectable()
export class UpdateProfileService {
  constructor(
    private readonly users: UsersClient,
    private readonly table: MessagingTable,
    private readonly changes: ProfileChanges,
  ) {}

  async update(caller: Caller, body: UpdateProfileDto): Promise<ProfileResponse> {
    const profile = await this.users.updateProfile({ user_uuid: caller.uuid, display_name: body.display_name, handle: body.handle });
    await this.changes.changed(profile);
    await this.table.putProfileCopy({
      person: { uuid: profile.uuid, handle: profile.handle, displayName: profile.display_name },
      version: profile.profile_version,
      updatedAt: nowIso(),
    });
    return { uuid: profile.uuid, handle: profile.handle, display_name: profile.display_name, profile_version: profile.profile_version };
  }
}
