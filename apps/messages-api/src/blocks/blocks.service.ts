import { Injectable } from '@nestjs/common';
import { type Block, MessagingTable, type Person } from '@app/ddb';
import { normalizeHandle, UserNotFoundError, UsersClient } from '@app/users-client';
import type { Caller } from '../auth/caller.decorator';
import { DomainError } from '../messaging.errors';
import type { BlockResponse } from './block.dto';

const asResponse = (block: Block): BlockResponse => ({
  handle: block.blocked.handle,
  display_name: block.blocked.displayName,
  blocked_at: block.blockedAt,
});

/**
 * Blocking (docs/design.md §12): a blocked person's sends to the blocker are refused with 403
 * `blocked`, in a conversation they share (the send's own condition) and in a new one (its
 * transaction's check); the blocker gets none of their live events; history stays readable.
 */
@Injectable()
export class BlocksService {
  constructor(
    private readonly table: MessagingTable,
    private readonly users: UsersClient,
  ) {}

  async block(caller: Caller, handle: string): Promise<BlockResponse> {
    const blocked = await this.person(caller, handle);
    const blocker: Person = { uuid: caller.uuid, handle: caller.handle, displayName: caller.display_name };
    return asResponse(await this.table.block(blocker, blocked));
  }

  async unblock(caller: Caller, handle: string): Promise<void> {
    const blocked = await this.person(caller, handle);
    await this.table.unblock(caller.uuid, blocked.uuid);
  }

  async list(caller: Caller): Promise<BlockResponse[]> {
    return (await this.table.blocks(caller.uuid)).map(asResponse);
  }

  private async person(caller: Caller, handle: string): Promise<Person> {
    try {
      const profile = await this.users.findByHandle(handle);
      if (profile.uuid === caller.uuid) throw new DomainError('block_self', 'you cannot block yourself');
      return { uuid: profile.uuid, handle: profile.handle, displayName: profile.display_name };
    } catch (error) {
      if (error instanceof UserNotFoundError)
        throw new DomainError('handle_not_found', `nobody has the handle @${normalizeHandle(handle)}`);
      throw error;
    }
  }
}
