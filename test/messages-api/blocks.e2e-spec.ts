import { openSse, type SseStream } from '../helpers/sse-client';
import { useMessagingStack } from '../helpers/messaging-stack';

/** docs/design.md §12, blocks, over HTTP against the real stack. */
describe('blocks (POST /api/blocks, DELETE /api/blocks/@:handle, GET /api/blocks)', () => {
  const { stack, tokens, conversation } = useMessagingStack({ opening: { from: 'andrewbrown', to: 'bayko', message: 'before the block' } });
  const streams: SseStream[] = [];
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  let andrew: string;
  let bayko: string;
  let londo: string;
  let group: string;
  beforeAll(() => {
    ({ andrewbrown: andrew, bayko, londo } = tokens);
    group = conversation.uuid;
  });

  const send = (token: string, body: object) => stack.request('/api/messages', { token, body });

  it('refuses a blocked person’s sends (in a shared conversation and in a new one) with 403 blocked, stores nothing, keeps history readable, and unblocking restores sending', async () => {
    const blocked = await stack.request('/api/blocks', { token: bayko, body: { handle: 'andrewbrown' } });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toEqual({ handle: 'andrewbrown', display_name: 'Andrew Brown', blocked_at: expect.any(String) });
    // Blocking again changes nothing; londo is blocked before any conversation with bayko exists.
    expect((await stack.request('/api/blocks', { token: bayko, body: { handle: '@AndrewBrown' } })).status).toBe(200);
    expect((await stack.request('/api/blocks', { token: bayko, body: { handle: 'londo' } })).status).toBe(200);
    expect((await stack.request('/api/blocks', { token: bayko })).body.map((block: { handle: string }) => block.handle).sort()).toEqual([
      'andrewbrown',
      'londo',
    ]);

    for (const refused of [
      await send(andrew, { message: 'into the conversation', message_group_uuid: group }),
      await send(andrew, { message: 'by handle', handle: 'bayko' }),
      await send(londo, { message: 'a new conversation', handle: 'bayko' }),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: 'blocked', message: expect.any(String) });
    }
    // The blocker can still write, and both still read the history.
    expect((await send(bayko, { message: 'from the blocker', message_group_uuid: group })).status).toBe(200);
    for (const token of [andrew, bayko]) {
      const history = await stack.request(`/api/messages/${group}`, { token });
      expect(history.body.map((message: { message: string }) => message.message)).toEqual(['before the block', 'from the blocker']);
    }
    expect((await stack.request('/api/message_groups', { token: londo })).body).toEqual([]);

    expect((await stack.request('/api/blocks/@andrewbrown', { token: bayko, method: 'DELETE' })).status).toBe(204);
    expect((await send(andrew, { message: 'after the unblock', message_group_uuid: group })).status).toBe(200);
    expect((await stack.request('/api/blocks', { token: bayko })).body.map((block: { handle: string }) => block.handle)).toEqual(['londo']);
    expect((await stack.request('/api/blocks/@londo', { token: bayko, method: 'DELETE' })).status).toBe(204);
    expect((await send(londo, { message: 'now allowed', handle: 'bayko' })).status).toBe(200);
  });

  it('sends the blocker none of the blocked person’s typing or read events', async () => {
    await stack.request('/api/blocks', { token: bayko, body: { handle: 'andrewbrown' } });
    const baykos = await openSse(`${stack.baseUrl}/api/events`, { token: bayko });
    streams.push(baykos);
    expect((await stack.request(`/api/message_groups/${group}/typing`, { token: andrew, method: 'POST' })).status).toBe(204);
    expect((await stack.request(`/api/message_groups/${group}/read`, { token: andrew, method: 'POST', body: {} })).status).toBe(200);
    // Something bayko does hear, after those: his own message's event.
    const own = await send(bayko, { message: 'still mine', message_group_uuid: group });
    await baykos.next((event) => event.event === 'message.created' && event.data.uuid === own.body.uuid);
    expect(
      baykos.events.filter(
        (event) => event.event === 'typing' || (event.event === 'message_group.read' && event.data.handle === 'andrewbrown'),
      ),
    ).toEqual([]);
    await stack.request('/api/blocks/@andrewbrown', { token: bayko, method: 'DELETE' });
  });

  it('validates: 422 for a missing or invalid handle and for blocking oneself, 404 for an unknown one, 401 without a token', async () => {
    const missing = await stack.request('/api/blocks', { token: bayko, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].code).toBe('handle_blank');
    expect((await stack.request('/api/blocks', { token: bayko, body: { handle: 'no spaces' } })).body.errors[0].code).toBe(
      'handle_invalid',
    );
    expect((await stack.request('/api/blocks', { token: bayko, body: { handle: 'bayko' } })).body.error).toBe('block_self');
    const unknown = await stack.request('/api/blocks', { token: bayko, body: { handle: 'nobody_here' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('handle_not_found');
    expect((await stack.request('/api/blocks/@nobody_here', { token: bayko, method: 'DELETE' })).status).toBe(404);
    expect((await stack.request('/api/blocks', { body: { handle: 'londo' } })).status).toBe(401);
  });
});
