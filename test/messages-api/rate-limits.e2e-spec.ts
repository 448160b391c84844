import { randomUUID } from 'node:crypto';
import { type MessagingStack, useMessagingStack } from '../helpers/messaging-stack';

/**
 * Small buckets that barely refill (one unit per 100 s), so every assertion is about counts, not
 * timing: a burst of N is allowed, request N+1 is refused.
 */
const SMALL_LIMITS = {
  RATE_LIMIT_SENDS_PER_SECOND: '0.01',
  RATE_LIMIT_SENDS_BURST: '3',
  RATE_LIMIT_READS_PER_SECOND: '0.01',
  RATE_LIMIT_READS_BURST: '4',
  RATE_LIMIT_ANONYMOUS_PER_SECOND: '0.01',
  RATE_LIMIT_ANONYMOUS_BURST: '2',
};

type Response = Awaited<ReturnType<MessagingStack['request']>>;

function expectRateLimited(response: Response, policy: string, quota: number) {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({ error: 'rate_limited', message: expect.any(String) });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(response.headers.get('ratelimit-policy')).toBe(`"${policy}";q=${quota};w=${quota * 100}`);
  expect(response.headers.get('ratelimit')).toMatch(new RegExp(`^"${policy}";r=0;t=\\d+$`));
}

describe('messages-api rate limits (in-process store)', () => {
  const { stack, tokens } = useMessagingStack({ env: SMALL_LIMITS });
  let group: string;

  const send = (token: string, message: string) => stack.request('/api/messages', { token, body: { message, handle: 'londo' } });

  it('lets a person send a burst of 3, refuses the 4th with 429 and the limit headers, and stores nothing for it', async () => {
    const allowed = [await send(tokens.andrewbrown, 'one'), await send(tokens.andrewbrown, 'two'), await send(tokens.andrewbrown, 'three')];
    const refused = await send(tokens.andrewbrown, 'four');

    expect(allowed.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(allowed.map((r) => r.headers.get('ratelimit'))).toEqual([
      expect.stringMatching(/^"sends";r=2;t=\d+$/),
      expect.stringMatching(/^"sends";r=1;t=\d+$/),
      expect.stringMatching(/^"sends";r=0;t=\d+$/),
    ]);
    expectRateLimited(refused, 'sends', 3);
    group = allowed[0].body.message_group_uuid;
    const thread = await stack.request(`/api/messages/${group}?limit=100`, { token: tokens.andrewbrown });
    expect(thread.body.map((m: { message: string }) => m.message)).toEqual(['one', 'two', 'three']);
  });

  it('counts per person: another person still sends, and reads have their own bucket', async () => {
    expect((await send(tokens.bayko, 'mine')).status).toBe(200);
    expect((await stack.request('/api/message_groups', { token: tokens.andrewbrown })).status).toBe(200);
  });

  it('limits reads per person (burst 4) across the listing routes', async () => {
    const reads = [];
    for (let i = 0; i < 5; i++)
      reads.push(await stack.request(i % 2 ? `/api/messages/${group}` : '/api/message_groups', { token: tokens.londo }));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 429]);
    expectRateLimited(reads[4], 'reads', 4);
    expect((await stack.request('/api/message_groups', { token: tokens.bayko })).status).toBe(200);
  });

  it('limits anonymous /short per client address, while a signed-in person counts as themselves', async () => {
    const anonymous = [];
    for (let i = 0; i < 3; i++) anonymous.push(await stack.request('/api/users/@londo/short'));
    const signedIn = await stack.request('/api/users/@londo/short', { token: tokens.bayko });

    expect(anonymous.map((r) => r.status)).toEqual([200, 200, 429]);
    expectRateLimited(anonymous[2], 'anonymous', 2);
    expect(signedIn.status).toBe(200);
  });

  it('documents the 429 of every limited route in the OpenAPI description', async () => {
    const { body: openApi } = await stack.request('/api/docs-json');
    const limited = [
      openApi.paths['/api/messages'].post,
      openApi.paths['/api/message_groups'].get,
      openApi.paths['/api/messages/{message_group_uuid}'].get,
      openApi.paths['/api/users/@{handle}/short'].get,
      openApi.paths['/api/message_groups/{message_group_uuid}'].get,
      openApi.paths['/api/message_groups/{message_group_uuid}/read'].post,
      openApi.paths['/api/unread'].get,
    ];
    limited.forEach((operation) =>
      expect(Object.keys(operation.responses['429'].headers)).toEqual(['Retry-After', 'RateLimit-Policy', 'RateLimit']),
    );
  });

  it('does not limit health probes', async () => {
    const probes = await Promise.all(Array.from({ length: 10 }, () => stack.request('/health')));
    expect(probes.map((r) => r.status)).toEqual(Array(10).fill(200));
  });
});

describe('messages-api rate limits shared through Redis', () => {
  const { stack } = useMessagingStack({
    env: {
      ...SMALL_LIMITS,
      RATE_LIMIT_STORE: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      // A fresh key space per run, so runs (and parallel test files) never share buckets.
      RATE_LIMIT_REDIS_PREFIX: `test:${randomUUID()}:`,
    },
  });

  it('counts one person’s sends across two messages-api instances', async () => {
    const other = await stack.startApi();
    const token = await stack.token('andrewbrown');
    const send = (instance: Pick<MessagingStack, 'request'>, message: string) =>
      instance.request('/api/messages', { token, body: { message, handle: 'bayko' } });

    const statuses = [(await send(stack, 'a')).status, (await send(other, 'b')).status, (await send(stack, 'c')).status];
    const refusedHere = await send(other, 'd');
    const refusedThere = await send(stack, 'e');

    expect(statuses).toEqual([200, 200, 200]);
    expectRateLimited(refusedHere, 'sends', 3);
    expectRateLimited(refusedThere, 'sends', 3);
  });
});

describe('the per-recipient inbound limit', () => {
  // Senders unlimited; each person may receive a burst of 3 that barely refills.
  const { stack } = useMessagingStack({ env: { RATE_LIMIT_INBOUND_PER_SECOND: '0.01', RATE_LIMIT_INBOUND_BURST: '3' } });

  it('counts what one person receives from all senders, refuses the 4th (by handle or into a conversation), stores nothing for it', async () => {
    const [andrew, londo, bayko] = await Promise.all([stack.token('andrewbrown'), stack.token('londo'), stack.token('bayko')]);
    const toBayko = (token: string, message: string) => stack.request('/api/messages', { token, body: { message, handle: 'bayko' } });
    const first = await toBayko(andrew, 'a1');
    const statuses = [first.status, (await toBayko(andrew, 'a2')).status, (await toBayko(londo, 'l1')).status];
    const byHandle = await toBayko(londo, 'l2');
    const intoConversation = await stack.request('/api/messages', {
      token: andrew,
      body: { message: 'a3', message_group_uuid: first.body.message_group_uuid },
    });

    expect(statuses).toEqual([200, 200, 200]);
    for (const refused of [byHandle, intoConversation]) {
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'recipient_rate_limited', message: expect.any(String) });
    }
    const thread = await stack.request(`/api/messages/${first.body.message_group_uuid}`, { token: bayko });
    expect(thread.body.map((m: { message: string }) => m.message)).toEqual(['a1', 'a2']);
    // Another recipient is not affected: bayko writes to andrew.
    expect((await stack.request('/api/messages', { token: bayko, body: { message: 'hi', handle: 'andrewbrown' } })).status).toBe(200);
  });
});
