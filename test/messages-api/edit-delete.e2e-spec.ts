import { randomUUID } from 'node:crypto';
import { defaultLeaseTableName } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import { useMessagingStack } from '../helpers/messaging-stack';
import { openSse, type SseStream } from '../helpers/sse-client';
import { killAllWorkers, startWorker } from '../helpers/stream-worker';
import { type ListItem, listItem as listItemOf, settledItem as settledListItem } from '../helpers/list-items';
import { waitFor } from '../helpers/wait-for';

/**
 * docs/design.md §12, edit and delete over HTTP against the real stack, with a stream-worker on the
 * table's stream as in production (it writes the change feeds and the summaries): the owner can,
 * everyone else gets 404; the list never shows a deleted text nor falls back to an older message;
 * unread counts drop exactly when an unread message is deleted; live streams and a resume hear it.
 */
describe('edit and delete (PATCH / DELETE /api/message_groups/:g/messages/:m)', () => {
  const { stack, tokens, conversation } = useMessagingStack({
    opening: { from: 'andrewbrown', to: 'bayko', message: 'hello bayko' },
    // Small edit and delete buckets that barely refill; only londo's requests come near them.
    env: {
      RATE_LIMIT_EDITS_PER_SECOND: '0.01',
      RATE_LIMIT_EDITS_BURST: '40',
      RATE_LIMIT_DELETES_PER_SECOND: '0.01',
      RATE_LIMIT_DELETES_BURST: '40',
    },
    async beforeStop(running) {
      await killAllWorkers();
      await deleteTable(running.db.client, defaultLeaseTableName(running.db.tableName));
    },
  });
  beforeAll(() => startWorker(stack.db.tableName, 'edit-delete'));
  const streams: SseStream[] = [];
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));

  const group = () => conversation.uuid;
  const send = async (token: string, message: string, groupUuid = group()) => {
    const response = await stack.request('/api/messages', { token, body: { message, message_group_uuid: groupUuid } });
    expect(response.status).toBe(200);
    return response.body as { uuid: string; created_at: string; message: string };
  };
  const edit = (token: string | undefined, messageUuid: string, body: unknown, groupUuid = group()) =>
    stack.request(`/api/message_groups/${groupUuid}/messages/${messageUuid}`, { token, method: 'PATCH', body });
  const remove = (token: string | undefined, messageUuid: string, groupUuid = group()) =>
    stack.request(`/api/message_groups/${groupUuid}/messages/${messageUuid}`, { token, method: 'DELETE' });
  const history = async (token: string, groupUuid = group()) => {
    const response = await stack.request(`/api/messages/${groupUuid}`, { token });
    expect(response.status).toBe(200);
    return response.body as Array<{ uuid: string; message: string; edited_at?: string; deleted?: true }>;
  };
  const listItem = (token: string, groupUuid = group()): Promise<ListItem> => listItemOf(stack, token, groupUuid);
  const settledItem = (token: string, expected: Partial<ListItem>, groupUuid = group()): Promise<ListItem> =>
    settledListItem(stack, token, expected, groupUuid);
  const open = async (token: string, lastEventId?: string) => {
    const stream = await openSse(`${stack.baseUrl}/api/events`, { token, lastEventId });
    expect(stream.status).toBe(200);
    streams.push(stream);
    return stream;
  };
  const unread = async (token: string) => (await stack.request('/api/unread', { token })).body.unread_count as number;

  it('lets the sender edit: the new text and edited_at everywhere it is read, both members’ devices told at once', async () => {
    const [andrews, baykos] = await Promise.all([open(tokens.andrewbrown), open(tokens.bayko)]);
    const sent = await send(tokens.andrewbrown, 'teh typo');
    await settledItem(tokens.bayko, { message: 'teh typo' });

    const edited = await edit(tokens.andrewbrown, sent.uuid, { message: '  the typo  ' });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({
      message_group_uuid: group(),
      uuid: sent.uuid,
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'the typo',
      created_at: sent.created_at,
      edited_at: expect.any(String),
      revision: 1,
    });
    expect(edited.body.edited_at >= sent.created_at).toBe(true);
    for (const stream of [andrews, baykos]) {
      const heard = await stream.next((event) => event.event === 'message.updated' && event.data.uuid === sent.uuid);
      expect(heard.data).toMatchObject({ message: 'the typo', edited_at: edited.body.edited_at, revision: 1 });
    }
    for (const token of [tokens.andrewbrown, tokens.bayko]) {
      expect((await history(token)).find((message) => message.uuid === sent.uuid)).toEqual({
        uuid: sent.uuid,
        display_name: 'Andrew Brown',
        handle: 'andrewbrown',
        message: 'the typo',
        created_at: sent.created_at,
        edited_at: edited.body.edited_at,
      });
    }
    // It was the last message: both lists show the new text (an edit changes no count).
    const before = (await listItem(tokens.bayko)).unread_count;
    await settledItem(tokens.bayko, { message: 'the typo', edited_at: edited.body.edited_at, unread_count: before });
    await settledItem(tokens.andrewbrown, { message: 'the typo', edited_at: edited.body.edited_at });
  });

  it('deletes softly: a tombstone in the history, the list shows the deletion (never an older text), and again is still 204', async () => {
    const older = await send(tokens.andrewbrown, 'an older message');
    const last = await send(tokens.andrewbrown, 'regrettable');
    await settledItem(tokens.bayko, { message: 'regrettable' });
    const baykos = await open(tokens.bayko);

    const deleted = await remove(tokens.andrewbrown, last.uuid);
    expect(deleted.status).toBe(204);
    const heard = await baykos.next((event) => event.event === 'message.deleted' && event.data.uuid === last.uuid);
    expect(heard.data).toMatchObject({ message: '', deleted: true, deleted_at: expect.any(String), revision: 1 });
    for (const token of [tokens.andrewbrown, tokens.bayko]) {
      const messages = await history(token);
      expect(messages.find((message) => message.uuid === last.uuid)).toMatchObject({ message: '', deleted: true });
      expect(messages.find((message) => message.uuid === older.uuid)).toMatchObject({ message: 'an older message' });
      expect(messages.find((message) => message.uuid === older.uuid)?.deleted).toBeUndefined();
      const item = await settledItem(token, { deleted: true, message: '' });
      expect(item.created_at).toBe(last.created_at);
    }
    expect((await remove(tokens.andrewbrown, last.uuid)).status).toBe(204);
    const editDeleted = await edit(tokens.andrewbrown, last.uuid, { message: 'undo' });
    expect(editDeleted.status).toBe(409);
    expect(editDeleted.body.error).toBe('message_deleted');

    // A new message replaces the tombstone as the last message.
    await send(tokens.bayko, 'moving on');
    const item = await settledItem(tokens.andrewbrown, { message: 'moving on' });
    expect(item.deleted).toBeUndefined();
  });

  it('lowers the recipient’s unread count by exactly one for an unread message deleted, and not for a read one', async () => {
    expect((await stack.request(`/api/message_groups/${group()}/read`, { token: tokens.bayko, method: 'POST', body: {} })).status).toBe(
      200,
    );
    const read = await send(tokens.andrewbrown, 'you will have read this');
    await settledItem(tokens.bayko, { message: read.message, unread_count: 1 });
    expect((await stack.request(`/api/message_groups/${group()}/read`, { token: tokens.bayko, method: 'POST', body: {} })).status).toBe(
      200,
    );
    const unreadOnes = [];
    for (let i = 1; i <= 3; i++) unreadOnes.push(await send(tokens.andrewbrown, `unread ${i}`));
    await settledItem(tokens.bayko, { message: 'unread 3', unread_count: 3 });
    const totalBefore = await unread(tokens.bayko);

    expect((await remove(tokens.andrewbrown, unreadOnes[1].uuid)).status).toBe(204);
    await settledItem(tokens.bayko, { message: 'unread 3', unread_count: 2 });
    expect(await unread(tokens.bayko)).toBe(totalBefore - 1);
    // Deleting it again, and deleting a message bayko has read, change no count.
    expect((await remove(tokens.andrewbrown, unreadOnes[1].uuid)).status).toBe(204);
    expect((await remove(tokens.andrewbrown, read.uuid)).status).toBe(204);
    // Edits change no count either; the last message's deletion is counted too.
    expect((await edit(tokens.andrewbrown, unreadOnes[0].uuid, { message: 'unread 1, edited' })).status).toBe(200);
    expect((await remove(tokens.andrewbrown, unreadOnes[2].uuid)).status).toBe(204);
    await settledItem(tokens.bayko, { deleted: true, unread_count: 1 });
    expect(await unread(tokens.bayko)).toBe(totalBefore - 2);
    // The sender's own count never moved: it only counts bayko's messages.
    expect((await listItem(tokens.andrewbrown)).unread_count).toBe(0);
    // Reading it all clears the rest.
    const cleared = await stack.request(`/api/message_groups/${group()}/read`, { token: tokens.bayko, method: 'POST', body: {} });
    expect(cleared.body.unread_count).toBe(0);
  });

  it('answers 404 to everyone but the sender (the other member, a stranger, another conversation), and validates', async () => {
    const sent = await send(tokens.andrewbrown, 'mine alone');
    for (const [token, groupUuid] of [
      [tokens.bayko, group()],
      [tokens.londo, group()],
      [tokens.andrewbrown, randomUUID()],
    ]) {
      for (const response of [
        await edit(token, sent.uuid, { message: 'hijacked' }, groupUuid),
        await remove(token, sent.uuid, groupUuid),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.error).toBe('message_not_found');
      }
    }
    expect((await edit(tokens.andrewbrown, randomUUID(), { message: 'nothing there' })).status).toBe(404);
    expect((await history(tokens.bayko)).find((message) => message.uuid === sent.uuid)?.message).toBe('mine alone');

    const badMessageUuid = await edit(tokens.andrewbrown, 'not-a-uuid', { message: 'x' });
    expect(badMessageUuid.status).toBe(422);
    expect(badMessageUuid.body.errors[0].code).toBe('message_uuid_invalid');
    expect((await remove(tokens.andrewbrown, sent.uuid, 'not-a-uuid')).body.errors[0].code).toBe('message_group_uuid_invalid');
    for (const [body, code] of [
      [{}, 'message_blank'],
      [{ message: '   ' }, 'message_blank'],
      [{ message: 7 }, 'message_not_string'],
      [{ message: 'x'.repeat(1025) }, 'message_exceed_max_chars_1024'],
    ] as const) {
      const refused = await edit(tokens.andrewbrown, sent.uuid, body);
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].code).toBe(code);
    }
    expect((await edit(undefined, sent.uuid, { message: 'x' })).status).toBe(401);
    expect((await remove(undefined, sent.uuid)).status).toBe(401);
  });

  it('refuses a blocked person’s edits into the blocker’s conversation (403 blocked) but lets them delete', async () => {
    const sent = await send(tokens.andrewbrown, 'said before the block');
    expect((await stack.request('/api/blocks', { token: tokens.bayko, body: { handle: 'andrewbrown' } })).status).toBe(200);
    try {
      const refused = await edit(tokens.andrewbrown, sent.uuid, { message: 'said after the block' });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('blocked');
      expect((await remove(tokens.andrewbrown, sent.uuid)).status).toBe(204);
    } finally {
      await stack.request('/api/blocks/@andrewbrown', { token: tokens.bayko, method: 'DELETE' });
    }
  });

  it('brings a device that was away every edit and delete of an old message on its resume, once each', async () => {
    const old = await send(tokens.andrewbrown, 'an old message');
    const alsoOld = await send(tokens.andrewbrown, 'another old one');
    const newest = await send(tokens.andrewbrown, 'the newest');
    await settledItem(tokens.bayko, { message: newest.message });
    // Bayko's phone is connected, gets to the newest message, and goes offline.
    const phone = await open(tokens.bayko);
    await waitFor(async () => phone.lastEventId || undefined);
    const position = phone.lastEventId;
    phone.close();

    const edited = await edit(tokens.andrewbrown, old.uuid, { message: 'an old message, edited' });
    expect(edited.status).toBe(200);
    expect((await remove(tokens.andrewbrown, alsoOld.uuid)).status).toBe(204);
    // Both changes are in bayko's change feed once the stream-worker has written them.
    await waitFor(async () => {
      const baykoUuid = (await stack.request('/api/users/@bayko/short', { token: tokens.andrewbrown })).body.uuid as string;
      const feed = await stack.db.table.listChangesSince(baykoUuid, edited.body.created_at, 100);
      return feed.items.filter((change) => change.messageUuid === old.uuid || change.messageUuid === alsoOld.uuid).length >= 2 || undefined;
    });

    const resumed = await open(tokens.bayko, position);
    const update = await resumed.next((event) => event.event === 'message.updated' && event.data.uuid === old.uuid);
    expect(update.data).toMatchObject({ message: 'an old message, edited', revision: 1 });
    const deletion = await resumed.next((event) => event.event === 'message.deleted' && event.data.uuid === alsoOld.uuid);
    expect(deletion.data).toMatchObject({ message: '', deleted: true });
    // Something after both, then count: each change came once.
    const sentinel = await send(tokens.andrewbrown, 'after the resume');
    await resumed.next((event) => event.event === 'message.created' && event.data.uuid === sentinel.uuid);
    expect(resumed.events.filter((event) => event.data?.uuid === old.uuid && event.event === 'message.updated')).toHaveLength(1);
    expect(resumed.events.filter((event) => event.data?.uuid === alsoOld.uuid && event.event === 'message.deleted')).toHaveLength(1);
  });

  it('has buckets of their own for edits and deletes: over them 429 rate_limited', async () => {
    const londosGroup = (await stack.request('/api/messages', { token: tokens.londo, body: { message: 'hi bayko', handle: 'bayko' } })).body
      .message_group_uuid as string;
    const mine = await send(tokens.londo, 'to be edited', londosGroup);
    let refusedEdit;
    for (let i = 0; i < 45 && !refusedEdit; i++) {
      const response = await edit(tokens.londo, mine.uuid, { message: `edit ${i}` }, londosGroup);
      if (response.status === 429) refusedEdit = response;
      else expect(response.status).toBe(200);
    }
    expect(refusedEdit?.body.error).toBe('rate_limited');
    expect(refusedEdit?.headers.get('ratelimit-policy')).toBe('"edits";q=40;w=4000');
    // Deleting is counted apart, and sending too.
    expect((await remove(tokens.londo, mine.uuid, londosGroup)).status).toBe(204);
    expect((await send(tokens.londo, 'still sends', londosGroup)).message).toBe('still sends');
  });
});
