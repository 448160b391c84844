import { v5 as uuidV5 } from 'uuid';
import { z } from 'zod';
import { CorruptItemError, InvalidArgumentError } from '../errors';
import { ISO_TIMESTAMP } from '../time';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import type { Person } from './person';

/**
 * The conversation itself (`GROUP#{group}` / `GROUP`): its two members and its one total order of
 * messages. It is read strongly consistently for membership, and it sequences every message write
 * (patterns C and D): `messageCount`, `sentCounts` and `lastCommitted` move in the same transaction
 * that stores the message, conditioned on `message_count` being what the writer read.
 *
 * Hence within a conversation created_at order = commit order = `seq` order, and no message can ever
 * appear later with an earlier position (live events resume by position; read markers count by
 * it), and `sentCounts` is exact per member. Summaries (GRP items) and read markers live on each
 * member's own item, so neither a summary move nor a mark-read ever touches this item or waits on
 * a send.
 */
export interface MessageGroup {
  messageGroupUuid: string;
  members: [Person, Person];
  createdAt: string;
  /** How many messages were committed (gapless: the newest message's `seq`). */
  messageCount: number;
  /** Messages sent, per member uuid (missing member = 0). */
  sentCounts: Record<string, number>;
  /** The newest committed message. */
  lastCommitted: { messageUuid: string; createdAt: string };
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

/** The newest committed message of the group. */
export function newestMessageOf(group: MessageGroup): { messageUuid: string; createdAt: string } {
  return group.lastCommitted;
}

const memberSchema = z.object({ uuid: z.uuid(), display_name: z.string(), handle: z.string() });

const messageGroupItemSchema = z.object({
  entity: z.literal(EntityType.MessageGroup),
  pk: z.string().startsWith(PREFIX),
  sk: z.literal(SORT),
  message_group_uuid: z.uuid(),
  members: z.tuple([memberSchema, memberSchema]),
  // Groups from before the stable summaries kept the summaries' pointer here; it is the newest message they knew.
  last_message_uuid: z.uuid().optional(),
  last_message_at: z.string().regex(ISO_TIMESTAMP).optional(),
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
    created_at: group.createdAt,
    message_count: group.messageCount,
    sent_counts: group.sentCounts,
    last_committed_uuid: group.lastCommitted.messageUuid,
    last_committed_at: group.lastCommitted.createdAt,
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
    createdAt: parsed.created_at,
    messageCount: parsed.message_count ?? 0,
    sentCounts: parsed.sent_counts ?? {},
    lastCommitted: lastCommittedOf(parsed),
  };
}

function lastCommittedOf(parsed: z.output<typeof messageGroupItemSchema>): MessageGroup['lastCommitted'] {
  if (parsed.last_committed_uuid && parsed.last_committed_at) return { messageUuid: parsed.last_committed_uuid, createdAt: parsed.last_committed_at };
  if (parsed.last_message_uuid && parsed.last_message_at) return { messageUuid: parsed.last_message_uuid, createdAt: parsed.last_message_at };
  throw new CorruptItemError(`group ${parsed.message_group_uuid} names no newest message`);
}
