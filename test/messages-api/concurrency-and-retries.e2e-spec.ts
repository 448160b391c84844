import { randomUUID } from 'node:crypto';
import { type DdbFaultProxy, startDdbFaultProxy } from '../helpers/ddb-fault-proxy';
import { type MessagingStack, useMessagingStack } from '../helpers/messaging-stack';

describe('messages-api under concurrency and retries', () => {
  const { stack, tokens } = useMessagingStack();

  it('lands 30 concurrent sends into one group, each listed exactly once', async () => {
    const first = await stack.request('/api/messages', { token: tokens.andrewbrown, body: { message: 'start', handle: 'bayko' } });
    const group = first.body.message_group_uuid;

    const sends = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        stack.request('/api/messages', {
          token: i % 2 ? tokens.andrewbrown : tokens.bayko,
          body: { message: `burst ${i}`, message_group_uuid: group },
        }),
      ),
    );

    expect(sends.map((s) => s.status)).toEqual(Array(30).fill(200));
    const listed = await stack.request(`/api/messages/${group}?limit=100`, { token: tokens.andrewbrown });
    const texts = listed.body.map((m: { message: string }) => m.message);
    expect(texts).toHaveLength(31);
    expect(new Set(texts).size).toBe(31);
    expect(new Set(listed.body.map((m: { uuid: string }) => m.uuid))).toEqual(new Set([first.body.uuid, ...sends.map((s) => s.body.uuid)]));
  });

  it('makes one group when 20 first messages race between two people in both directions', async () => {
    const sends = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? stack.request('/api/messages', { token: tokens.bayko, body: { message: `hi ${i}`, handle: 'londo' } })
          : stack.request('/api/messages', { token: tokens.londo, body: { message: `hi ${i}`, handle: 'bayko' } }),
      ),
    );

    expect(sends.map((s) => s.status)).toEqual(Array(20).fill(200));
    expect(new Set(sends.map((s) => s.body.message_group_uuid)).size).toBe(1);
    const groupsOfLondo = await stack.request('/api/message_groups', { token: tokens.londo });
    expect(groupsOfLondo.body.filter((g: { handle: string }) => g.handle === 'bayko')).toHaveLength(1);
    const thread = await stack.request(`/api/messages/${sends[0].body.message_group_uuid}?limit=100`, { token: tokens.bayko });
    expect(thread.body).toHaveLength(20);
  });

  it('stores one message for two sends with the same Idempotency-Key, and returns the first response both times', async () => {
    const key = randomUUID();
    const send = () =>
      stack.request('/api/messages', {
        token: tokens.andrewbrown,
        body: { message: 'exactly once', handle: 'londo' },
        headers: { 'idempotency-key': key },
      });

    const first = await send();
    const retry = await send();
    const [raceA, raceB] = await Promise.all([send(), send()]);

    expect(first.status).toBe(200);
    expect([retry.body, raceA.body, raceB.body]).toEqual([first.body, first.body, first.body]);
    const thread = await stack.request(`/api/messages/${first.body.message_group_uuid}?limit=100`, { token: tokens.londo });
    expect(thread.body.filter((m: { message: string }) => m.message === 'exactly once')).toHaveLength(1);
  });

  describe('when DynamoDB cancels transactions for conflicts (as it does under contention)', () => {
    let proxy: DdbFaultProxy;
    let viaProxy: Pick<MessagingStack, 'request'>;
    let group: string;

    beforeAll(async () => {
      proxy = await startDdbFaultProxy(process.env.DDB_ENDPOINT!);
      viaProxy = await stack.startApi({ DDB_ENDPOINT: proxy.endpoint });
      group = (await stack.request('/api/messages', { token: tokens.bayko, body: { message: 'opening', handle: 'andrewbrown' } })).body
        .message_group_uuid;
    });
    afterAll(() => proxy?.stop());

    const send = (key: string, message: string) =>
      viaProxy.request('/api/messages', {
        token: tokens.bayko,
        body: { message, message_group_uuid: group },
        headers: { 'idempotency-key': key },
      });

    it('retries them: concurrent retries of one Idempotency-Key get the first response (or 409), one message is stored, never a 500', async () => {
      const key = randomUUID();
      proxy.conflictNextTransactions(4);

      const sends = await Promise.all(Array.from({ length: 5 }, () => send(key, 'retried')));

      expect(proxy.conflictsServed()).toBe(4);
      expect(sends.filter((s) => s.status !== 200 && s.status !== 409).map((s) => [s.status, s.body])).toEqual([]);
      const answered = sends.filter((s) => s.status === 200);
      expect(answered.length).toBeGreaterThan(0);
      expect(new Set(answered.map((s) => s.body.uuid)).size).toBe(1);
      sends.filter((s) => s.status === 409).forEach((s) => expect(s.body.error).toBe('idempotency_key_in_use'));
      const thread = await stack.request(`/api/messages/${group}?limit=100`, { token: tokens.bayko });
      expect(thread.body.filter((m: { message: string }) => m.message === 'retried')).toHaveLength(1);
    });

    it('answers 503 busy with Retry-After when the conflicts outlast the retries, and stores nothing', async () => {
      proxy.conflictNextTransactions(1000);
      const response = await send(randomUUID(), 'never lands');
      proxy.conflictNextTransactions(0);

      expect(response.status).toBe(503);
      expect(response.body.error).toBe('busy');
      expect(response.headers.get('retry-after')).toBeTruthy();
      const thread = await stack.request(`/api/messages/${group}?limit=100`, { token: tokens.bayko });
      expect(thread.body.filter((m: { message: string }) => m.message === 'never lands')).toHaveLength(0);
    });
  });

  it('refuses the same Idempotency-Key for a different message, and keys are per person', async () => {
    const key = randomUUID();
    const first = await stack.request('/api/messages', {
      token: tokens.andrewbrown,
      body: { message: 'one', handle: 'bayko' },
      headers: { 'idempotency-key': key },
    });
    const other = await stack.request('/api/messages', {
      token: tokens.andrewbrown,
      body: { message: 'two', handle: 'bayko' },
      headers: { 'idempotency-key': key },
    });
    const someoneElse = await stack.request('/api/messages', {
      token: tokens.bayko,
      body: { message: 'two', handle: 'andrewbrown' },
      headers: { 'idempotency-key': key },
    });

    expect(first.status).toBe(200);
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');
    expect(someoneElse.status).toBe(200);
    expect(someoneElse.body.uuid).not.toBe(first.body.uuid);
  });
});
