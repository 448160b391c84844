import { v5 as uuidV5 } from 'uuid';
import { z } from 'zod';
import { InvalidArgumentError } from '../errors';
import { ISO_TIMESTAMP } from '../time';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import { messageKeys } from './message.entity';
import type { Person } from './person';

/**
 * The group itself: its two members and which message its summaries point at. It is the one item
 * read strongly consistently for membership, and the optimistic lock for moving summaries (pattern E).
 */
export interface MessageGroup {
  messageGroupUuid: string;
  members: [Person, Person];
  lastMessageUuid: string;
  lastMessageAt: string;
  createdAt: string;
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
  };
}
