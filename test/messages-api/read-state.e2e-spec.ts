import { randomUUID } from 'node:crypto';
import { defaultLeaseTableName } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import { useMessagingStack } from '../helpers/messaging-stack';
import { killAllWorkers, startWorker } from '../helpers/stream-worker';
import { type ListItem, listItem as listItemOf, settledItem as settledListItem } from '../helpers/list-items';

/**
 * docs/design.md §9 over HTTP: read markers, exact unread counts, "seen" receipts. A stream-worker runs
 * on the table's stream, as in production: it moves the recipient's summary (pattern E), so the
 * recipient's counts are checked once it has (a condition awaited, as a client would see them settle).
 */
describe('read state (messages-api)', () => {
  const { stack, tokens, conversation } = useMessagingStack({
    opening: { from: 'andrewbrown', to: 'bayko', message: 'hello bayko' },
    async beforeStop(running) {
      await killAllWorkers();
      await deleteTable(running.db.client, defaultLeaseTableName(running.db.tableName));
    },
  });
  beforeAll(() => startWorker(stack.db.tableName, 'read-state'));

  const send = async (
    token: string,
    message: string,
    to: { message_group_uuid: string } | { handle: string } = { message_group_uuid: conversation.uuid },
  ) => {
    const response = await stack.request('/api/messages', { token, body: { message, ...to } });
    expect(response.status).toBe(200);
    return response.body as { uuid: string; created_at: string; message_group_uuid: string };
  };
  const markRead = (token: string, body: object = {}, groupUuid = conversation.uuid) =>
    stack.request(`/api/message_groups/${groupUuid}/read`, { token, method: 'POST', body });
  const listItem = (token: string, groupUuid = conversation.uuid): Promise<ListItem> => listItemOf(stack, token, groupUuid);
  const settledItem = (token: string, expected: Partial<ListItem>, groupUuid = conversation.uuid): Promise<ListItem> =>
    settledListItem(stack, token, expected, groupUuid);

  it('counts, marks and answers markers exactly, forward only', async () => {
    // The first message is unread for bayko; marking read (up to the newest) clears it.
    await settledItem(tokens.bayko, { handle: 'andrewbrown', message: 'hello bayko', unread_count: 1 });
    const cleared = await markRead(tokens.bayko);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ message_group_uuid: conversation.uuid, unread_count: 0, read_up_to: expect.any(String) });
    expect((await listItem(tokens.bayko)).unread_count).toBe(0);

    const seven = [];
    for (let i = 1; i <= 7; i++) seven.push(await send(tokens.andrewbrown, `news ${i}`));
    await settledItem(tokens.bayko, { message: 'news 7', unread_count: 7 });

    const upToThird = await markRead(tokens.bayko, { message_uuid: seven[2].uuid });
    expect(upToThird.status).toBe(200);
    expect(upToThird.body).toEqual({ message_group_uuid: conversation.uuid, unread_count: 4, read_up_to: seven[2].created_at });

    // An older marker changes nothing, and says where the marker is.
    const older = await markRead(tokens.bayko, { message_uuid: seven[0].uuid });
    expect(older.status).toBe(200);
    expect(older.body).toEqual({ message_group_uuid: conversation.uuid, unread_count: 4, read_up_to: seven[2].created_at });
    expect((await listItem(tokens.bayko)).unread_count).toBe(4);

    // The other person's view: a list item plus how far bayko has read ("seen" up to the 3rd).
    const forAndrew = await stack.request(`/api/message_groups/${conversation.uuid}`, { token: tokens.andrewbrown });
    expect(forAndrew.status).toBe(200);
    expect(forAndrew.body).toEqual({
      ...(await settledItem(tokens.andrewbrown, { message: 'news 7' })),
      other_read_up_to: seven[2].created_at,
    });
    expect(forAndrew.body).toMatchObject({ uuid: conversation.uuid, handle: 'bayko', message: 'news 7', unread_count: 0 });
    const forBayko = await stack.request(`/api/message_groups/${conversation.uuid}`, { token: tokens.bayko });
    expect(forBayko.body).toMatchObject({ handle: 'andrewbrown', unread_count: 4, other_read_up_to: seven[6].created_at });
  });

  it('marks the sender read up to the message they send', async () => {
    expect((await settledItem(tokens.bayko, { message: 'news 7' })).unread_count).toBeGreaterThan(0);
    const reply = await send(tokens.bayko, 'caught up');
    // The sender's own list shows it at once (read-your-writes), read up to it.
    expect(await listItem(tokens.bayko)).toMatchObject({ message: 'caught up', unread_count: 0 });
    // Nothing to move: the marker already is at bayko's own message.
    expect((await markRead(tokens.bayko)).body).toEqual({
      message_group_uuid: conversation.uuid,
      unread_count: 0,
      read_up_to: reply.created_at,
    });
    await settledItem(tokens.andrewbrown, { message: 'caught up', unread_count: 1 });
    expect((await stack.request(`/api/message_groups/${conversation.uuid}`, { token: tokens.andrewbrown })).body).toMatchObject({
      unread_count: 1,
      other_read_up_to: reply.created_at,
    });
  });

  it('totals unread over all conversations', async () => {
    await markRead(tokens.andrewbrown);
    await markRead(tokens.bayko);
    await send(tokens.andrewbrown, 'one more');
    const fromLondo = await send(tokens.londo, 'hi bayko', { handle: 'bayko' });
    await send(tokens.londo, 'are you there?', { message_group_uuid: fromLondo.message_group_uuid });
    await settledItem(tokens.bayko, { message: 'one more' });
    await settledItem(tokens.bayko, { message: 'are you there?' }, fromLondo.message_group_uuid);

    expect((await stack.request('/api/unread', { token: tokens.bayko })).body).toEqual({ unread_count: 3, unread_conversations: 2 });
    expect((await stack.request('/api/unread', { token: tokens.andrewbrown })).body).toEqual({ unread_count: 0, unread_conversations: 0 });
    expect((await stack.request('/api/unread', { token: tokens.londo })).body).toEqual({ unread_count: 0, unread_conversations: 0 });

    await markRead(tokens.bayko, {}, fromLondo.message_group_uuid);
    expect((await stack.request('/api/unread', { token: tokens.bayko })).body).toEqual({ unread_count: 1, unread_conversations: 1 });
  });

  it('answers 404 to a non-member and for a conversation that does not exist', async () => {
    for (const groupUuid of [conversation.uuid, randomUUID()]) {
      const read = await markRead(tokens.londo, {}, groupUuid);
      expect(read.status).toBe(404);
      expect(read.body.error).toBe('message_group_not_found');
      const get = await stack.request(`/api/message_groups/${groupUuid}`, { token: tokens.londo });
      expect(get.status).toBe(404);
      expect(get.body.error).toBe('message_group_not_found');
    }
  });

  it('answers 422 message_uuid_unknown for a message that is not in the conversation, and validates input', async () => {
    const elsewhere = await send(tokens.londo, 'elsewhere', { handle: 'andrewbrown' });
    for (const messageUuid of [randomUUID(), elsewhere.uuid]) {
      const response = await markRead(tokens.andrewbrown, { message_uuid: messageUuid });
      expect(response.status).toBe(422);
      expect(response.body.error).toBe('message_uuid_unknown');
    }
    const invalid = await markRead(tokens.andrewbrown, { message_uuid: 'nope' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'message_uuid', code: 'message_uuid_invalid' })]);
    const badGroup = await stack.request('/api/message_groups/not-a-uuid', { token: tokens.andrewbrown });
    expect(badGroup.status).toBe(422);
    expect(badGroup.body.errors[0].code).toBe('message_group_uuid_invalid');
    expect((await stack.request(`/api/message_groups/${conversation.uuid}/read`, { method: 'POST' })).status).toBe(401);
  });

  it('accepts an empty POST (no body at all) as "up to the newest"', async () => {
    await send(tokens.bayko, 'for andrew');
    const response = await stack.request(`/api/message_groups/${conversation.uuid}/read`, { token: tokens.andrewbrown, method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.body.unread_count).toBe(0);
  });

  it('describes the new routes in the OpenAPI document', async () => {
    const { body: openApi } = await stack.request('/api/docs-json');
    expect(Object.keys(openApi.paths['/api/message_groups/{message_group_uuid}/read'].post.responses)).toEqual(
      expect.arrayContaining(['200', '404', '422', '429']),
    );
    expect(openApi.components.schemas.ConversationResponse.required).toEqual(expect.arrayContaining(['unread_count', 'other_read_up_to']));
    expect(openApi.components.schemas.UnreadResponse.required).toEqual(['unread_count', 'unread_conversations']);
    expect(openApi.paths['/api/message_groups'].get.responses['200'].content['application/json'].schema.items.$ref).toMatch(
      /ConversationItemResponse$/,
    );
  });
});
