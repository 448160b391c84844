import type { MessagingStack } from './messaging-stack';
import { waitFor } from './wait-for';

/** One GET /api/message_groups item, as a person's conversation list shows it. */
export interface ListItem {
  uuid: string;
  handle: string;
  message: string;
  created_at: string;
  unread_count: number;
  edited_at?: string;
  deleted?: true;
}

/** A conversation's item in `token`'s person's list (undefined when it is not there). */
export async function listItem(stack: Pick<MessagingStack, 'request'>, token: string, groupUuid: string): Promise<ListItem> {
  const list = await stack.request('/api/message_groups', { token });
  expect(list.status).toBe(200);
  return (list.body as ListItem[]).find((item) => item.uuid === groupUuid)!;
}

/**
 * The item once the stream-worker has brought it to `expected` (a condition awaited, as a client
 * would see it settle); fails showing the last item seen.
 */
export async function settledItem(
  stack: Pick<MessagingStack, 'request'>,
  token: string,
  expected: Partial<ListItem>,
  groupUuid: string,
): Promise<ListItem> {
  let last: ListItem | undefined;
  await waitFor(async () => {
    last = await listItem(stack, token, groupUuid);
    return Object.entries(expected).every(([key, value]) => last?.[key as keyof ListItem] === value);
  }).catch(() => undefined);
  expect(last).toMatchObject(expected);
  return last!;
}
