import { Inject, Injectable } from '@nestjs/common';
import { isMember, MessageGroupNotFoundError, MessagingTable, otherMember } from '@app/ddb';
import { typingDeliveries } from '@app/live-events';
import type { Caller } from '../auth/caller.decorator';
import { LivePublisher } from '../events/live-publisher';
import { RATE_LIMIT_STORE, type RateLimitStore } from '../rate-limit/rate-limit.store';

/** At most one `typing` per person per conversation reaches the other member in this window (docs/design.md §12). */
export const TYPING_ANNOUNCE_WINDOW_MS = 3000;
const ANNOUNCE = { name: 'typing-announce', perSecond: 1000 / TYPING_ANNOUNCE_WINDOW_MS, burst: 1 };

/**
 * "I am typing" in a conversation: a `typing` event to the other member's devices. Clients call it
 * as keys are pressed; at most one per person and conversation per 3 s goes out (a one-token bucket
 * in the rate-limit store, so shared across instances with Redis), and only then is membership read
 * (one GetItem): calls in between cost nothing and say nothing. Nothing is stored; the event takes
 * no resume position, and clients show it for 6 s.
 */
@Injectable()
export class TypingService {
  constructor(
    private readonly table: MessagingTable,
    private readonly live: LivePublisher,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
  ) {}

  async typing(caller: Caller, messageGroupUuid: string): Promise<void> {
    const decision = await this.store.consume(`${ANNOUNCE.name}:${caller.uuid}:${messageGroupUuid}`, ANNOUNCE);
    if (!decision.allowed) return;
    const group = await this.table.getMessageGroup(messageGroupUuid);
    if (!group || !isMember(group, caller.uuid)) throw new MessageGroupNotFoundError(`no group ${messageGroupUuid} for caller`);
    const recipient = otherMember(group, caller.uuid).uuid;
    // A blocker gets no events from the person they block.
    if (group.blockedBy.includes(recipient)) return;
    const data = { message_group_uuid: messageGroupUuid, handle: caller.handle, display_name: caller.display_name };
    this.live.publish(typingDeliveries(data, recipient));
  }
}
