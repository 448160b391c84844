import { UsersClient } from '@app/users-client';
import { useMessagingStack } from '../helpers/messaging-stack';
import { waitFor } from '../helpers/wait-for';

describe('messages-api when the users service goes away and comes back', () => {
  // No identity cache, so every request needs the users service.
  const { stack } = useMessagingStack({ env: { AUTH_IDENTITY_CACHE_TTL_MS: '0', USERS_TIMEOUT_MS: '1000' } });

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
    // Anonymous callers learn which dependency is down, not why (no hosts, ports or error text).
    expect(down[2].body).toEqual({ status: 'unavailable', dependencies: { dynamodb: 'up', users: 'down' } });
    expect(down[0].headers.get('retry-after')).toBe('1');
    expect(elapsed).toBeLessThan(5000);

    await stack.startUsers();
    const back = await stack.request('/api/messages', { token, body: { message: 'back again', handle: 'bayko' } });
    expect(back.status).toBe(200);
    // Readiness is cached for a moment, so it turns green shortly after, not necessarily at once.
    const ready = await waitFor(async () => {
      const response = await stack.request('/ready');
      return response.status === 200 && response;
    });
    expect(ready.body).toEqual({ status: 'ok', dependencies: { dynamodb: 'up', users: 'up' } });
  });

  it('answers a burst of anonymous /ready and /health calls without a users round trip each', async () => {
    const health = jest.spyOn(stack.api.get(UsersClient), 'health');
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => stack.request(i % 2 ? '/ready' : '/health')));
      expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
      expect(responses[0].body).toEqual({ status: 'ok' });
      expect(health.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      health.mockRestore();
    }
  });
});
