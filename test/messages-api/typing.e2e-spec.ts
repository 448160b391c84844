import { randomUUID } from 'node:crypto';
import { useMessagingStack } from '../helpers/messaging-stack';
import { openSse, type SseStream } from '../helpers/sse-client';
import { waitFor } from '../helpers/wait-for';

/** docs/design.md §12, typing: POST …/typing over HTTP against the real stack, heard on a real event stream. */
describe('typing (POST /api/message_groups/:id/typing)', () => {
  const { stack, tokens, conversation } = useMessagingStack({
    // A small typing bucket that barely refills, so its 429 is about counts, not timing.
    env: { RATE_LIMIT_TYPING_PER_SECOND: '0.01', RATE_LIMIT_TYPING_BURST: '4' },
    opening: { from: 'andrewbrown', to: 'bayko', message: 'hi' },
  });
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

  const typing = (token: string, groupUuid = group) => stack.request(`/api/message_groups/${groupUuid}/typing`, { token, method: 'POST' });
  const open = async (token: string) => {
    const stream = await openSse(`${stack.baseUrl}/api/events`, { token });
    streams.push(stream);
    return stream;
  };

  it('tells the other member’s devices, once per 3 s, without a resume position; not the typist’s own', async () => {
    const [baykos, andrews] = await Promise.all([open(bayko), open(andrew)]);
    // A fresh stream starts with its position (an `id:` line); typing must not move it.
    const positionBefore = await waitFor(async () => baykos.lastEventId);

    expect((await typing(andrew)).status).toBe(204);
    const heard = await baykos.next((event) => event.event === 'typing');
    expect(heard.data).toEqual({ message_group_uuid: group, handle: 'andrewbrown', display_name: 'Andrew Brown' });
    // It took no resume position: the stream's Last-Event-ID is what it was.
    expect(heard.id).toBe(positionBefore);

    // Typing again at once is accepted and says nothing; a message sent after it arrives after it.
    expect((await typing(andrew)).status).toBe(204);
    const sent = await stack.request('/api/messages', { token: andrew, body: { message: 'typed', message_group_uuid: group } });
    await baykos.next((event) => event.event === 'message.created' && event.data.uuid === sent.body.uuid);
    expect(baykos.events.filter((event) => event.event === 'typing')).toHaveLength(1);
    await andrews.next((event) => event.event === 'message.created' && event.data.uuid === sent.body.uuid);
    expect(andrews.events.filter((event) => event.event === 'typing')).toEqual([]);
  });

  it('answers 404 to a non-member and for no such conversation, 422 for a bad uuid, 401 without a token', async () => {
    expect((await typing(londo)).status).toBe(404);
    expect((await typing(bayko, randomUUID())).status).toBe(404);
    const bad = await typing(bayko, 'not-a-uuid');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('message_group_uuid_invalid');
    expect((await stack.request(`/api/message_groups/${group}/typing`, { method: 'POST' })).status).toBe(401);
  });

  it('has a bucket of its own: over it 429 rate_limited with the typing policy', async () => {
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof typing>> | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      const response = await typing(bayko);
      if (response.status === 429) refused = response;
      else statuses.push(response.status);
    }
    expect(statuses.every((status) => status === 204)).toBe(true);
    expect(refused?.body.error).toBe('rate_limited');
    expect(refused?.headers.get('ratelimit-policy')).toBe('"typing";q=4;w=400');
    // Sending is not counted against typing.
    expect(
      (await stack.request('/api/messages', { token: bayko, body: { message: 'still sends', message_group_uuid: group } })).status,
    ).toBe(200);
  });
});
