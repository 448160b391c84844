import { type MessagingStack, startMessagingStack } from '../helpers/messaging-stack';

describe('messages-api when the users service goes away and comes back', () => {
  let stack: MessagingStack;

  beforeAll(async () => {
    // No identity cache, so every request needs the users service.
    stack = await startMessagingStack({ AUTH_IDENTITY_CACHE_TTL_MS: '0', USERS_TIMEOUT_MS: '1000' });
  });
  afterAll(() => stack?.stop());

  it('answers 503 with a reason within the timeout, then recovers without a restart', async () => {
    const token = await stack.token('andrewbrown');
    expect((await stack.request('/api/message_groups', { token })).status).toBe(200);

    await stack.stopUsers();
    const started = Date.now();
    const down = await Promise.all([
      stack.request('/api/message_groups', { token }),
      stack.request('/api/messages', { token, body: { message: 'anyone?', handle: 'bayko' } }),
      stack.request('/ready'),
    ]);
    const elapsed = Date.now() - started;

    expect(down.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(down[0].body).toEqual({ error: 'users_unavailable', message: expect.any(String) });
    expect(down[0].headers.get('retry-after')).toBe('1');
    expect(elapsed).toBeLessThan(5000);

    await stack.startUsers();
    const back = await stack.request('/api/messages', { token, body: { message: 'back again', handle: 'bayko' } });
    expect(back.status).toBe(200);
    expect((await stack.request('/ready')).status).toBe(200);
  });
});
