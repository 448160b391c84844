import { fromMessageItem, type Message, messageKeys } from '../entities/message.entity';
import { type Page, type PageRequest, queryNewestFirst } from './query-page';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/**
 * Pattern A: one page of a group's messages. Pages go from the newest backwards (the cursor
 * leads to older messages); within a page messages read oldest→newest, as a chat shows them.
 * Membership is the caller's to check (see getMessageGroup).
 */
export async function listMessages(table: TableContext, messageGroupUuid: string, request: PageRequest = {}): Promise<Page<Message>> {
  assertUuid(messageGroupUuid, 'messageGroupUuid');
  const page = await queryNewestFirst(table, messageKeys.partition(messageGroupUuid), messageKeys.sortPattern, request, fromMessageItem);
  return { items: page.items.reverse(), nextCursor: page.nextCursor };
}
