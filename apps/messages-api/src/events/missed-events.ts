import { conversationListItem, type LiveDelivery, messageChangedDeliveries, messageCreatedData } from '@app/live-events';
import type { Message, PageKey, MessagingTable } from '@app/ddb';

/**
 * Everything a person may have missed since `since` (an ISO time), from DynamoDB: their
 * conversations with a last message after it (Query of the activity index of `GRP#{me}`,
 * `activity > since`: the activity starts with last_message_at), and for each, its messages after
 * it, oldest first, then the conversation's list item (with the person's unread count); then every
 * edit and delete made after it, of any message however old, from the person's change feed (one
 * Query of `FEED#{me}`, docs/design.md §12). Paged (`pageSize` items in memory per listing) and pulled by the
 * reader, so an absence of a month costs time, not memory. Only the person's own conversations
 * are ever read.
 *
 * A conversation whose summary moves on while this runs may come twice (the stream drops what it
 * already sent); one that moves cannot be skipped (a summary only moves to a later activity).
 *
 * `currentSenders` shows each message's sender as they are now (docs/design.md §12, profile changes).
 */
export async function* missedEvents(
  table: MessagingTable,
  person: string,
  since: string,
  pageSize: number,
  currentSenders: (messages: Message[]) => Promise<Message[]> = async (messages) => messages,
): AsyncGenerator<LiveDelivery> {
  let groupsFrom: PageKey | null = null;
  do {
    const groups = await table.listGroupsActiveSince(person, since, pageSize, groupsFrom);
    for (const summary of groups.items) {
      let messagesFrom: PageKey | null = null;
      let newest = '';
      do {
        const page = await table.listMessagesSince(summary.messageGroupUuid, since, pageSize, messagesFrom);
        for (const message of await currentSenders(page.items)) {
          newest = message.createdAt;
          yield {
            person,
            event: 'message.created',
            data: messageCreatedData(message),
          };
        }
        messagesFrom = page.next;
      } while (messagesFrom);
      // The list item as stored; if newer messages came meanwhile, their own update follows live.
      // It holds the person's unread count (the summary carries the read marker): no other read.
      if (summary.lastMessageAt >= newest) yield { person, event: 'message_group.updated', data: conversationListItem(summary) };
    }
    groupsFrom = groups.next;
  } while (groupsFrom);
  let changesFrom: PageKey | null = null;
  do {
    const changes = await table.listChangesSince(person, since, pageSize, changesFrom);
    for (const change of await currentSenders(changes.items)) yield* messageChangedDeliveries(change, [person]);
    changesFrom = changes.next;
  } while (changesFrom);
}
