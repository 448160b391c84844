import { z } from 'zod';
import { parseEnv } from './env';
import { redisOptionsFromUrl, redisUrlVariable } from './redis-url';

describe('redisOptionsFromUrl', () => {
  it('reads host and port, with 6379 by default', () => {
    expect(redisOptionsFromUrl('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380 });
    expect(redisOptionsFromUrl('redis://cache')).toEqual({ host: 'cache', port: 6379 });
  });

  it('keeps user, password, TLS and database of a managed Redis URL', () => {
    expect(redisOptionsFromUrl('rediss://app:s3cr%40t%2Fx@cache.example.com:6380/2')).toEqual({
      host: 'cache.example.com',
      port: 6380,
      username: 'app',
      password: 's3cr@t/x',
      tls: { servername: 'cache.example.com' },
      db: 2,
    });
  });

  it('takes a password without a user name (legacy AUTH) and an IPv6 host', () => {
    expect(redisOptionsFromUrl('redis://:only-password@[::1]:6379')).toEqual({ host: '::1', port: 6379, password: 'only-password' });
  });

  it.each([
    ['another scheme', 'http://cache:6379', /not a redis/],
    ['a path that is not a database number', 'redis://cache/zero', /database number/],
    ['no URL at all', 'cache:6379', /redis/],
  ])('refuses %s', (_, url, message) => {
    expect(() => redisOptionsFromUrl(url)).toThrow(message);
  });

  it('names the variable when the URL is bad', () => {
    const schema = z.object({ REDIS_URL: redisUrlVariable('redis://127.0.0.1:6379') });
    expect(parseEnv('test', schema, {})).toEqual({ REDIS_URL: { host: '127.0.0.1', port: 6379 } });
    expect(() => parseEnv('test', schema, { REDIS_URL: 'redis://cache/zero' })).toThrow(
      /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/,
    );
  });
});
