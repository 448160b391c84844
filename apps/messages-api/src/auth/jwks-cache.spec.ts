import { KidNotFoundInJwksError } from 'aws-jwt-verify/error';
import { RefreshingJwksCache } from './jwks-cache';

const URI = 'https://issuer.example/.well-known/jwks.json';
const key = (kid: string) => ({ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: 'AQAB', e: 'AQAB' });
const token = (kid: string) => ({ header: { kid } });

/** A JWKS endpoint whose keys the test rotates, counting fetches; `down` makes it unreachable. */
function issuer(...kids: string[]) {
  const state = { kids, fetches: 0, down: false };
  const fetcher = {
    fetch: async () => {
      state.fetches += 1;
      if (state.down) throw new Error('ECONNREFUSED');
      return new TextEncoder().encode(JSON.stringify({ keys: state.kids.map(key) })).buffer as ArrayBuffer;
    },
  };
  return { state, fetcher };
}

describe('RefreshingJwksCache', () => {
  let now: number;
  const cacheFor = (fetcher: { fetch: () => Promise<ArrayBuffer> }) =>
    new RefreshingJwksCache({ fetcher, maxAgeMs: 600_000, minRefetchIntervalMs: 60_000, now: () => now });

  beforeEach(() => (now = 1_000_000));

  it('fetches once and serves known keys from the cache', async () => {
    const { state, fetcher } = issuer('a');
    const cache = cacheFor(fetcher);
    await Promise.all([cache.getJwk(URI, token('a')), cache.getJwk(URI, token('a'))]);
    await cache.getJwk(URI, token('a'));
    expect(state.fetches).toBe(1);
  });

  it('picks up a rotated-in key without a restart, refetching at most once a minute for unknown kids', async () => {
    const { state, fetcher } = issuer('a');
    const cache = cacheFor(fetcher);
    await cache.getJwk(URI, token('a'));

    now += 1_000;
    await expect(cache.getJwk(URI, token('forged'))).rejects.toBeInstanceOf(KidNotFoundInJwksError);
    await expect(cache.getJwk(URI, token('forged-again'))).rejects.toBeInstanceOf(KidNotFoundInJwksError);
    expect(state.fetches).toBe(1);

    state.kids = ['a', 'b'];
    now += 60_000;
    await expect(cache.getJwk(URI, token('b'))).resolves.toMatchObject({ kid: 'b' });
    expect(state.fetches).toBe(2);
  });

  it('stops trusting a key the issuer removed once the cached set is older than its max age', async () => {
    const { state, fetcher } = issuer('old', 'new');
    const cache = cacheFor(fetcher);
    await cache.getJwk(URI, token('old'));

    state.kids = ['new'];
    now += 599_000;
    await expect(cache.getJwk(URI, token('old'))).resolves.toMatchObject({ kid: 'old' });
    now += 2_000;
    await expect(cache.getJwk(URI, token('old'))).rejects.toBeInstanceOf(KidNotFoundInJwksError);
    await expect(cache.getJwk(URI, token('new'))).resolves.toMatchObject({ kid: 'new' });
  });

  it('keeps the keys it holds while the issuer is unreachable, and fails without any', async () => {
    const held = issuer('a');
    const cache = cacheFor(held.fetcher);
    await cache.getJwk(URI, token('a'));
    held.state.down = true;
    now += 700_000;
    await expect(cache.getJwk(URI, token('a'))).resolves.toMatchObject({ kid: 'a' });

    const none = issuer('a');
    none.state.down = true;
    await expect(cacheFor(none.fetcher).getJwk(URI, token('a'))).rejects.toThrow('ECONNREFUSED');
  });
});
