import { redisOptionsFromUrl } from './redis-rate-limit.store';

describe('redisOptionsFromUrl', () => {
  it('keeps user, password (decoded), database and TLS of a rediss:// URL', () => {
    expect(redisOptionsFromUrl('rediss://limiter:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'limiter',
      password: 'p@ss',
      db: 2,
      tls: { servername: 'cache.internal' },
    });
  });

  it('reads a plain redis:// URL with a password only, and defaults the port', () => {
    expect(redisOptionsFromUrl('redis://:secret@127.0.0.1')).toEqual({ host: '127.0.0.1', port: 6379, password: 'secret' });
  });
});
