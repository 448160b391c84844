import { v5 as uuidV5 } from 'uuid';
import { CorruptItemError, InvalidArgumentError } from '../errors';
import { EntityType, type Item, type ItemKey } from './entity';
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
  /** Members who block the other (`blocked_by`, a string set): the other's sends are refused by the send's own condition. */
  blockedBy: string[];
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

/**
 * A GROUP item as a group. Read on every send and every page of messages (membership), so it checks
 * what those rely on — the entity, two members with their uuid, name and handle, counts that are
 * numbers, a newest message — and does not re-validate every format of an item this library wrote.
 */
export function fromMessageGroupItem(item: Item): MessageGroup {
  const corrupt = (what: string) => new CorruptItemError(`not a GROUP item (${String(item.pk)} / ${String(item.sk)}): ${what}`);
  if (item.entity !== EntityType.MessageGroup) throw corrupt('entity');
  const members = item.members;
  if (!Array.isArray(members) || members.length !== 2) throw corrupt('members is not a pair');
  const [first, second] = members.map((member: Record<string, unknown>) => {
    if (typeof member?.uuid !== 'string' || typeof member.display_name !== 'string' || typeof member.handle !== 'string')
      throw corrupt('a member lacks uuid, display_name or handle');
    return { uuid: member.uuid, displayName: member.display_name, handle: member.handle };
  });
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : undefined);
  const messageCount = item.message_count ?? 0;
  const sentCounts = item.sent_counts ?? {};
  if (typeof messageCount !== 'number' || typeof sentCounts !== 'object' || sentCounts === null)
    throw corrupt('message_count or sent_counts');
  const newestUuid = text('last_committed_uuid') ?? text('last_message_uuid');
  const newestAt = text('last_committed_uuid') ? text('last_committed_at') : text('last_message_at');
  if (!newestUuid || !newestAt) throw corrupt('it names no newest message');
  const messageGroupUuid = text('message_group_uuid');
  const createdAt = text('created_at');
  if (!messageGroupUuid || !createdAt) throw corrupt('message_group_uuid or created_at');
  return {
    messageGroupUuid,
    members: [first, second],
    createdAt,
    messageCount,
    sentCounts: sentCounts as Record<string, number>,
    lastCommitted: { messageUuid: newestUuid, createdAt: newestAt },
    blockedBy: item.blocked_by instanceof Set ? [...(item.blocked_by as Set<string>)] : [],
  };
}
