import { z } from 'zod';
import { ISO_TIMESTAMP } from '../time';
import { EntityType, type Item, type ItemKey, parseItem } from './entity';
import type { Person } from './person';

/** One member's view of a group (pattern B): the other person and the group's last message. */
export interface GroupSummary {
  ownerUuid: string;
  messageGroupUuid: string;
  otherPerson: Person;
  lastMessage: string;
  lastMessageAt: string;
}

const PREFIX = 'GRP#';

/** Key shapes of GRP items: one partition per owner, sorted by last-message time (unique by group uuid). */
export const groupSummaryKeys = {
  partition: (ownerUuid: string): string => `${PREFIX}${ownerUuid}`,
  sort: (lastMessageAt: string, messageGroupUuid: string): string => `${lastMessageAt}#${messageGroupUuid}`,
  of: (summary: Pick<GroupSummary, 'ownerUuid' | 'lastMessageAt' | 'messageGroupUuid'>): ItemKey => ({
    pk: groupSummaryKeys.partition(summary.ownerUuid),
    sk: groupSummaryKeys.sort(summary.lastMessageAt, summary.messageGroupUuid),
  }),
  /** Sort keys this library writes for GRP items; used to refuse forged cursors. */
  sortPattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f-]{36}$/,
};

const groupSummaryItemSchema = z.object({
  entity: z.literal(EntityType.GroupSummary),
  pk: z.string().startsWith(PREFIX),
  sk: z.string(),
  owner_user_uuid: z.uuid(),
  message_group_uuid: z.uuid(),
  message: z.string(),
  last_message_at: z.string().regex(ISO_TIMESTAMP),
  user_uuid: z.uuid(),
  user_display_name: z.string(),
  user_handle: z.string(),
});

export function toGroupSummaryItem(summary: GroupSummary): Item {
  return {
    ...groupSummaryKeys.of(summary),
    entity: EntityType.GroupSummary,
    owner_user_uuid: summary.ownerUuid,
    message_group_uuid: summary.messageGroupUuid,
    message: summary.lastMessage,
    last_message_at: summary.lastMessageAt,
    user_uuid: summary.otherPerson.uuid,
    user_display_name: summary.otherPerson.displayName,
    user_handle: summary.otherPerson.handle,
  };
}

export function fromGroupSummaryItem(item: Item): GroupSummary {
  const parsed = parseItem(groupSummaryItemSchema, item, EntityType.GroupSummary);
  return {
    ownerUuid: parsed.owner_user_uuid,
    messageGroupUuid: parsed.message_group_uuid,
    lastMessage: parsed.message,
    lastMessageAt: parsed.last_message_at,
    otherPerson: { uuid: parsed.user_uuid, displayName: parsed.user_display_name, handle: parsed.user_handle },
  };
}
