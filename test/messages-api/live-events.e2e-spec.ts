import { useMessagingStack } from '../helpers/messaging-stack';
import { openSse, type SseStream } from '../helpers/sse-client';
import { waitFor } from '../helpers/wait-for';

/**
 * docs/design.md §8 over HTTP against the real stack (Cognito emulator, users service, DynamoDB Local,
 * messages-api): one instance, no broker, so every push here comes from the send path.
 */
describe('live events (GET /api/events)', () => {
  const { stack, tokens } = useMessagingStack({ env: { LIVE_HEARTBEAT_MS: '200', LIVE_RETRY_MS: '1500' } });
  const streams: SseStream[] = [];
  const open = async (token: string, lastEventId?: string, query = '') => {
    const stream = await openSse(`${stack.baseUrl}/api/events${query}`, { token, lastEventId });
    streams.push(stream);
    return stream;
  };

  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));

  const send = async (token: string, body: Record<string, string>) => {
    const response = await stack.request('/api/messages', { token, body });
    expect(response.status).toBe(200);
    return response.body as {
      message_group_uuid: string;
      uuid: string;
      display_name: string;
      handle: string;
      message: string;
      created_at: string;
    };
  };

  it('brings the recipient and the sender’s other device message.created with the response’s fields, and an outsider nothing of it', async () => {
    const [recipient, senderDevice, outsider] = await Promise.all([open(tokens.bayko), open(tokens.andrewbrown), open(tokens.londo)]);
    expect(recipient.status).toBe(200);
    expect(recipient.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(recipient.retryMs).toBe(1500);

    const sent = await send(tokens.andrewbrown, { handle: 'bayko', message: 'live hello' });
    const received = await recipient.next((event) => event.event === 'message.created' && event.data.uuid === sent.uuid);
    expect(received.data).toEqual(sent);
    expect(received.id).not.toBe('');
    await senderDevice.next((event) => event.event === 'message.created' && event.data.uuid === sent.uuid);

    // The recipient's conversation list moves too: an item as *they* see it (the other person is the sender).
    const listItem = await recipient.next(
      (event) => event.event === 'message_group.updated' && event.data.uuid === sent.message_group_uuid,
    );
    expect(listItem.data).toEqual({
      uuid: sent.message_group_uuid,
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'live hello',
      created_at: sent.created_at,
      unread_count: 1,
    });
    const sendersItem = await senderDevice.next(
      (event) => event.event === 'message_group.updated' && event.data.uuid === sent.message_group_uuid,
    );
    expect(sendersItem.data).toMatchObject({ handle: 'bayko', unread_count: 0 });

    // A later message londo is part of reaches londo after anything of the first one would have.
    const toLondo = await send(tokens.andrewbrown, { handle: 'londo', message: 'for londo' });
    await outsider.next((event) => event.event === 'message.created' && event.data.uuid === toLondo.uuid);
    const leaked = outsider.events.filter(
      (event) => JSON.stringify(event.data).includes(sent.message_group_uuid) || event.data.uuid === sent.uuid,
    );
    expect(leaked).toEqual([]);
  });

  it('tells both members when one reads (message_group.read)', async () => {
    const [reader, sender] = await Promise.all([open(tokens.bayko), open(tokens.andrewbrown)]);
    const sent = await send(tokens.andrewbrown, { handle: 'bayko', message: 'read me' });
    await reader.next((event) => event.data.uuid === sent.uuid);
    const marked = await stack.request(`/api/message_groups/${sent.message_group_uuid}/read`, { token: tokens.bayko, body: {} });
    expect(marked.status).toBe(200);
    const expected = { message_group_uuid: sent.message_group_uuid, handle: 'bayko', read_up_to: sent.created_at };
    expect((await sender.next((event) => event.event === 'message_group.read' && event.data.read_up_to === sent.created_at)).data).toEqual(
      expected,
    );
    await reader.next((event) => event.event === 'message_group.read' && event.data.read_up_to === sent.created_at);
  });

  it('opens with a ticket once; a second use is 401', async () => {
    const issued = await stack.request('/api/events/tickets', { method: 'POST', token: tokens.bayko });
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expires_at) - Date.now()).toBeLessThanOrEqual(61_000);
    const url = `${stack.baseUrl}/api/events?ticket=${issued.body.ticket}`;

    const first = await openSse(url);
    streams.push(first);
    expect(first.status).toBe(200);
    const sent = await send(tokens.andrewbrown, { handle: 'bayko', message: 'via ticket' });
    await first.next((event) => event.data.uuid === sent.uuid);

    const second = await openSse(url);
    expect(second.status).toBe(401);
    expect(second.body.error).toBe('ticket_invalid');
    expect((await openSse(`${stack.baseUrl}/api/events?ticket=${'x'.repeat(43)}`)).status).toBe(401);
    expect((await stack.request('/api/events/tickets', { method: 'POST' })).status).toBe(401);
  });

  it('resumes with Last-Event-ID: the 12 messages missed meanwhile, in order, then live', async () => {
    const first = await open(tokens.bayko);
    const before = await send(tokens.andrewbrown, { handle: 'bayko', message: 'before the gap' });
    await first.next((event) => event.data.uuid === before.uuid);
    const resumeFrom = first.lastEventId;
    first.close();

    const missed = [];
    for (let i = 1; i <= 12; i++)
      missed.push(await send(tokens.andrewbrown, { message_group_uuid: before.message_group_uuid, message: `missed ${i}` }));
    const resumed = await open(tokens.bayko, resumeFrom);
    expect(resumed.status).toBe(200);
    const replayed = await resumed.collect(
      (event) =>
        event.event === 'message.created' &&
        event.data.message_group_uuid === before.message_group_uuid &&
        event.data.message.startsWith('missed'),
      12,
    );
    expect(replayed.map((event) => event.data)).toEqual(missed);

    const after = await send(tokens.andrewbrown, { message_group_uuid: before.message_group_uuid, message: 'live again' });
    await resumed.next((event) => event.data.uuid === after.uuid);
    const uuids = resumed.events.filter((event) => event.event === 'message.created').map((event) => event.data.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
  });

  it('refuses a malformed Last-Event-ID (header or query) with 422 last_event_id_invalid', async () => {
    const byHeader = await openSse(`${stack.baseUrl}/api/events`, { token: tokens.bayko, lastEventId: 'not-an-id' });
    expect([byHeader.status, byHeader.body.error]).toEqual([422, 'last_event_id_invalid']);
    const byQuery = await openSse(`${stack.baseUrl}/api/events?last_event_id=12345`, { token: tokens.bayko });
    expect([byQuery.status, byQuery.body.error]).toEqual([422, 'last_event_id_invalid']);
  });

  it('allows 10 open streams per person; the 11th is 429 too_many_streams, and closing one frees a place', async () => {
    const ten = [];
    for (let i = 0; i < 10; i++) ten.push(await open(tokens.londo));
    expect(ten.map((stream) => stream.status)).toEqual(Array(10).fill(200));
    const eleventh = await open(tokens.londo);
    expect([eleventh.status, eleventh.body.error]).toEqual([429, 'too_many_streams']);
    ten[0].close();
    await waitFor(async () => (await open(tokens.londo)).status === 200);
  });

  it('keeps an idle stream alive with comment heartbeats', async () => {
    const idle = await open(tokens.bayko);
    await waitFor(async () => idle.comments >= 3);
  });

  it('ends open streams when an instance shuts down, instead of holding its shutdown', async () => {
    const other = await stack.startApi();
    const stream = await openSse(`${other.baseUrl}/api/events`, { token: tokens.bayko });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await other.api.close();
    await waitFor(async () => stream.ended, { timeoutMs: 5000 });
  });

  it('documents both routes in the OpenAPI document', async () => {
    const { body } = await stack.request('/api/docs-json');
    expect(body.paths['/api/events'].get.responses).toHaveProperty('200');
    expect(body.paths['/api/events'].get.responses).toHaveProperty('429');
    expect(body.paths['/api/events/tickets'].post.responses).toHaveProperty('201');
  });
});
