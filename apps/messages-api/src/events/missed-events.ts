import { type LiveDelivery, messageCreatedData } from '@app/live-events';
import type { PageKey, MessagingTable } from '@app/ddb';

/**
 * Everything a person may have missed since `since` (an ISO time), from DynamoDB: their
 * conversations with a last message after it (Query `GRP#{me}`, `sk > since`: the GRP sort key
 * starts with last_message_at), and for each, its messages after it, oldest first, then the
 * conversation's list item (with the person's unread count). Paged (`pageSize` items in memory per listing) and pulled by the
 * reader, so an absence of a month costs time, not memory. Only the person's own conversations
 * are ever read.
 *
 * A conversation whose summary moves on while this runs may come twice (the stream drops what it
 * already sent); one that moves cannot be skipped (a summary only moves to a later sort key).
 */
export async function* missedEvents(table: MessagingTable, person: string, since: string, pageSize: number): AsyncGenerator<LiveDelivery> {
  let groupsFrom: PageKey | null = null;
  do {
    const groups = await table.listGroupsActiveSince(person, since, pageSize, groupsFrom);
    for (const summary of groups.items) {
      let messagesFrom: PageKey | null = null;
      let newest = '';
      do {
        const page = await table.listMessagesSince(summary.messageGroupUuid, since, pageSize, messagesFrom);
        for (const message of page.items) {
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
      if (summary.lastMessageAt >= newest) {
        const readState = (await table.readStates(person, [summary.messageGroupUuid])).get(summary.messageGroupUuid);
        yield {
          person,
          event: 'message_group.updated',
          data: {
            uuid: summary.messageGroupUuid,
            display_name: summary.otherPerson.displayName,
            handle: summary.otherPerson.handle,
            message: summary.lastMessage,
            created_at: summary.lastMessageAt,
            unread_count: readState?.unreadCount ?? 0,
          },
        };
      }
    }
    groupsFrom = groups.next;
  } while (groupsFrom);
}
