import { Controller, type ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { ApiError } from '../http/api-error';
import type { RateDecision, RateLimitPolicy } from './gcra';
import type { rateLimitConfig } from './rate-limit.config';
import { RateLimit } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import type { RateLimitStore } from './rate-limit.store';

@Controller()
class Routes {
  @RateLimit({ person: 'sends' }) @Get() send() {}
  @RateLimit({ person: 'reads', anonymous: 'anonymous' }) @Get() short() {}
  @Get() unlimited() {}
}

const SENDS: RateLimitPolicy = { name: 'sends', perSecond: 5, burst: 20 };
const READS: RateLimitPolicy = { name: 'reads', perSecond: 20, burst: 60 };
const ANONYMOUS: RateLimitPolicy = { name: 'anonymous', perSecond: 10, burst: 30 };
const SUB = '5f8c1e0a-6b7d-4c3e-9a21-0f1e2d3c4b5a';

const allowed = (remaining: number, resetMs: number): RateDecision => ({ allowed: true, remaining, retryAfterMs: 0, resetMs });
const refused = (retryAfterMs: number, resetMs: number): RateDecision => ({ allowed: false, remaining: 0, retryAfterMs, resetMs });

describe('RateLimitGuard', () => {
  let store: jest.Mocked<RateLimitStore>;
  let policies: Record<string, RateLimitPolicy | undefined>;

  beforeEach(() => {
    store = { consume: jest.fn().mockResolvedValue(allowed(19, 200)) };
    policies = { sends: SENDS, reads: READS, anonymous: ANONYMOUS };
  });

  /** Runs a fresh guard on a route for a caller (a token's sub, or an address): passed or the error, and the headers set. */
  async function run(method: keyof Routes, caller: { sub?: string; ip?: string }) {
    const config = { policies } as unknown as ConfigType<typeof rateLimitConfig>;
    const guard = new RateLimitGuard(new Reflector(), store, config);
    const headers: Record<string, string> = {};
    const request = { ip: caller.ip, principal: caller.sub ? { sub: caller.sub } : undefined };
    const context = {
      getHandler: () => Routes.prototype[method],
      getClass: () => Routes,
      switchToHttp: () => ({
        getRequest: () => request,
        getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }),
      }),
    } as unknown as ExecutionContext;
    try {
      return { passed: await guard.canActivate(context), headers };
    } catch (error) {
      return { error: error as ApiError, headers };
    }
  }

  it('lets a route without @RateLimit through uncounted, with no headers', async () => {
    expect(await run('unlimited', { sub: SUB })).toEqual({ passed: true, headers: {} });
    expect(store.consume).not.toHaveBeenCalled();
  });

  it('counts a signed-in caller per person under the route’s limit, and says how much is left', async () => {
    const { passed, headers } = await run('send', { sub: SUB, ip: '10.0.0.1' });
    expect(passed).toBe(true);
    expect(store.consume).toHaveBeenCalledWith(`sends:person:${SUB}`, SENDS);
    expect(headers).toEqual({ 'RateLimit-Policy': '"sends";q=20;w=4', RateLimit: '"sends";r=19;t=1' });
  });

  it('counts a caller without a token per address on a route that allows them', async () => {
    const { passed, headers } = await run('short', { ip: '10.0.0.1' });
    expect(passed).toBe(true);
    expect(store.consume).toHaveBeenCalledWith('anonymous:address:10.0.0.1', ANONYMOUS);
    expect(headers['RateLimit-Policy']).toBe('"anonymous";q=30;w=3');
  });

  it('counts a signed-in caller on such a route as the person, not the address', async () => {
    await run('short', { sub: SUB, ip: '10.0.0.1' });
    expect(store.consume).toHaveBeenCalledWith(`reads:person:${SUB}`, READS);
  });

  it.each([
    ['an IPv6 address, by its /64 (one host holds a whole /64)', '2001:db8:1:2:3:4:5:6', 'anonymous:address:2001:db8:1:2::/64'],
    ['an IPv4-mapped IPv6 address, as the IPv4 address', '::ffff:10.0.0.1', 'anonymous:address:10.0.0.1'],
    ['a request without an address, in one shared bucket', undefined, 'anonymous:address:unknown'],
  ])('buckets %s', async (_, ip, key) => {
    await run('short', { ip });
    expect(store.consume).toHaveBeenCalledWith(key, ANONYMOUS);
  });

  it('does not count a caller without a token on a route limited per person only (AuthGuard has refused or admitted them)', async () => {
    expect(await run('send', { ip: '10.0.0.1' })).toEqual({ passed: true, headers: {} });
    expect(store.consume).not.toHaveBeenCalled();
  });

  it('lets everyone through uncounted when the route’s limit is turned off (0 in the config)', async () => {
    policies.sends = undefined;
    expect(await run('send', { sub: SUB })).toEqual({ passed: true, headers: {} });
    expect(store.consume).not.toHaveBeenCalled();
  });

  it.each([
    [200, '1'],
    [1000, '1'],
    [2500, '3'],
  ])('refuses a caller over the limit with 429 rate_limited; %i ms to wait is Retry-After %s', async (retryAfterMs, retryAfter) => {
    store.consume.mockResolvedValue(refused(retryAfterMs, 3800));
    const { error, headers } = await run('send', { sub: SUB });
    expect(error!.getStatus()).toBe(429);
    expect(error!.getResponse()).toEqual({ error: 'rate_limited', message: expect.stringContaining('sends') });
    expect(headers).toEqual({ 'RateLimit-Policy': '"sends";q=20;w=4', RateLimit: '"sends";r=0;t=4', 'Retry-After': retryAfter });
  });

  it('keeps counting per person: a refusal of one person is no answer for another', async () => {
    store.consume.mockImplementation(async (key) => (key.endsWith(SUB) ? refused(500, 1000) : allowed(0, 4000)));
    expect((await run('send', { sub: SUB })).error?.getStatus()).toBe(429);
    expect((await run('send', { sub: '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d' })).passed).toBe(true);
  });
});
