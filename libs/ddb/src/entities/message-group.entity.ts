import { v5 as uuidV5 } from 'uuid';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import { ISO_TIMESTAMP } from '../time';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import { messageKeys } from './message.entity';
import type { Person } from './person';

/**
 * The group itself: its two members, which message its summaries point at, and the conversation's
 * one total order of messages. It is the one item read strongly consistently for membership, the
 * optimistic lock for moving summaries (pattern E: `lastMessage*`), and the sequencer of every
 * message write (patterns C and D: `messageCount`, `sentCounts`, `lastCommitted*`).
 *
 * Why the group sequences the messages: every message write is one transaction conditioned on
 * `message_count` still being what the writer read, so writes into one conversation commit one at a
 * time, and each stamps `created_at = max(now, lastCommittedAt + 1 ms)`. Hence within a conversation
 * created_at order = commit order = `seq` order, and no message can ever appear later with an
 * earlier position (the live events rely on this to resume by position; read markers rely on it to
 * count). `sentCounts` is then exact per member, and so are the unread counts derived from it.
 *
 * Groups written before read state existed lack the counting attributes: they read as 0 (see
 * README, "Read state"), i.e. their older messages count as read and `seq` starts after them.
 */
export interface MessageGroup {
  messageGroupUuid: string;
  members: [Person, Person];
  /** The message both GRP summaries show (moved by pattern E, and by the send when it moves them). */
  lastMessageUuid: string;
  lastMessageAt: string;
  createdAt: string;
  /** How many messages were committed (gapless: the newest message's `seq`). */
  messageCount: number;
  /** Messages sent, per member uuid (missing member = 0). */
  sentCounts: Record<string, number>;
  /** The newest committed message (absent only on groups from before read state). */
  lastCommitted?: { messageUuid: string; createdAt: string };
}

const PREFIX = 'GROUP#';
const SORT = 'GROUP';

/**
 * Namespace of the name-based (v5) group uuids. A pair of people maps to exactly one group uuid,
 * so "one group per pair" is enforced by the table's primary key, even when both people send
 * their first message in the same instant.
 */
const MESSAGE_GROUP_NAMESPACE = '4b0c4c4e-6f3e-4d0a-9a51-0f6c1f6a2d11';

export const messageGroupKeys = {
  of: (messageGroupUuid: string): ItemKey => ({ pk: `${PREFIX}${messageGroupUuid}`, sk: SORT }),
};

/** The one group uuid of a pair of people, whichever of them starts the conversation. */
export function messageGroupUuidFor(personUuid: string, otherPersonUuid: string): string {
  if (personUuid === otherPersonUuid) throw new InvalidArgumentError('a conversation needs two different people');
  const [first, second] = [personUuid, otherPersonUuid].sort();
  return uuidV5(`${first}:${second}`, MESSAGE_GROUP_NAMESPACE);
}

export function isMember(group: MessageGroup, personUuid: string): boolean {
  return group.members.some((member) => member.uuid === personUuid);
}

/** The member who is not `personUuid` (the "other person" of that member's summary). */
export function otherMember(group: MessageGroup, personUuid: string): Person {
  const [first, second] = group.members;
  return first.uuid === personUuid ? second : first;
}

/** Messages `personUuid` has sent into the group. */
export function sentCount(group: Pick<MessageGroup, 'sentCounts'>, personUuid: string): number {
  return group.sentCounts[personUuid] ?? 0;
}

/**
 * The newest message of the group as far as ordering goes: the last committed one, or (groups from
 * before read state) the message the summaries show, which is the best floor they have.
 */
export function newestMessageOf(group: MessageGroup): { messageUuid: string; createdAt: string } {
  return group.lastCommitted ?? { messageUuid: group.lastMessageUuid, createdAt: group.lastMessageAt };
}

/** Position of the group's last message in its MSG partition; summaries only ever move to a larger one. */
export function lastMessagePosition(group: Pick<MessageGroup, 'lastMessageAt' | 'lastMessageUuid'>): string {
  return messageKeys.sort(group.lastMessageAt, group.lastMessageUuid);
}

const memberSchema = z.object({ uuid: z.uuid(), display_name: z.string(), handle: z.string() });

const messageGroupItemSchema = z.object({
  entity: z.literal(EntityType.MessageGroup),
  pk: z.string().startsWith(PREFIX),
  sk: z.literal(SORT),
  message_group_uuid: z.uuid(),
  members: z.tuple([memberSchema, memberSchema]),
  last_message_uuid: z.uuid(),
  last_message_at: z.string().regex(ISO_TIMESTAMP),
  created_at: z.string().regex(ISO_TIMESTAMP),
  message_count: z.number().int().min(0).optional(),
  sent_counts: z.record(z.string(), z.number().int().min(0)).optional(),
  last_committed_uuid: z.uuid().optional(),
  last_committed_at: z.string().regex(ISO_TIMESTAMP).optional(),
});

export function toMessageGroupItem(group: MessageGroup): Item {
  return {
    ...messageGroupKeys.of(group.messageGroupUuid),
    entity: EntityType.MessageGroup,
    message_group_uuid: group.messageGroupUuid,
    members: group.members.map((member) => ({
      uuid: member.uuid,
      display_name: member.displayName,
      handle: member.handle,
    })),
    last_message_uuid: group.lastMessageUuid,
    last_message_at: group.lastMessageAt,
    created_at: group.createdAt,
    message_count: group.messageCount,
    sent_counts: group.sentCounts,
    ...(group.lastCommitted
      ? { last_committed_uuid: group.lastCommitted.messageUuid, last_committed_at: group.lastCommitted.createdAt }
      : {}),
  };
}

export function fromMessageGroupItem(item: Item): MessageGroup {
  const parsed = parseItem(messageGroupItemSchema, item, EntityType.MessageGroup);
  const [first, second] = parsed.members.map((member) => ({
    uuid: member.uuid,
    displayName: member.display_name,
    handle: member.handle,
  }));
  return {
    messageGroupUuid: parsed.message_group_uuid,
    members: [first, second],
    lastMessageUuid: parsed.last_message_uuid,
    lastMessageAt: parsed.last_message_at,
    createdAt: parsed.created_at,
    messageCount: parsed.message_count ?? 0,
    sentCounts: parsed.sent_counts ?? {},
    ...(parsed.last_committed_uuid && parsed.last_committed_at
      ? { lastCommitted: { messageUuid: parsed.last_committed_uuid, createdAt: parsed.last_committed_at } }
      : {}),
  };
}
