import { KidNotFoundInJwksError, JwtWithoutValidKidError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { findJwkInJwks, type Jwks, type JwksCache, type JwkWithKid, SimpleJwksCache } from 'aws-jwt-verify/jwk';

export interface RefreshingJwksCacheOptions {
  fetcher: Fetcher;
  /** Keys older than this are fetched again before use, so a key the issuer removed stops being trusted. */
  maxAgeMs: number;
  /** At most one fetch per this interval for a `kid` the cached set lacks (rotation without a flood of fetches). */
  minRefetchIntervalMs: number;
  now?: () => number;
}

interface CachedJwks {
  jwks: Jwks;
  fetchedAt: number;
  /** Last fetch attempt, successful or not: spaces out refetches. */
  attemptedAt: number;
}

/**
 * aws-jwt-verify's SimpleJwksCache keeps a key set forever and refetches on every unknown `kid`
 * once its penalty box lets it (the box only closes after a miss, never after a failed fetch).
 * This cache adds what it lacks: keys expire after `maxAgeMs`; an unknown `kid` refetches at most
 * once per `minRefetchIntervalMs`; and if a refresh fails, the keys held keep working (the
 * issuer being unreachable must not log everyone out) until a refresh succeeds.
 */
export class RefreshingJwksCache implements JwksCache {
  private readonly cached = new Map<string, CachedJwks>();
  /** Fetching, parsing and single-flight of concurrent fetches; its own cache is not consulted. */
  private readonly loader: SimpleJwksCache;
  private readonly now: () => number;

  constructor(private readonly options: RefreshingJwksCacheOptions) {
    this.loader = new SimpleJwksCache({ fetcher: options.fetcher });
    this.now = options.now ?? Date.now;
  }

  async getJwk(jwksUri: string, decomposedJwt: { header: { kid?: unknown } }): Promise<JwkWithKid> {
    const kid = decomposedJwt.header.kid;
    if (typeof kid !== 'string') throw new JwtWithoutValidKidError('JWT header does not have valid kid claim');
    const entry = this.cached.get(jwksUri);
    const held = entry && findJwkInJwks(entry.jwks, kid);
    const now = this.now();
    if (entry && held && now - entry.fetchedAt < this.options.maxAgeMs) return held;
    if (entry && now - entry.attemptedAt < this.options.minRefetchIntervalMs) {
      if (held) return held;
      throw new KidNotFoundInJwksError(`JWK for kid "${kid}" not found in the JWKS (refetched recently)`);
    }
    let jwks: Jwks;
    try {
      jwks = await this.getJwks(jwksUri);
    } catch (error) {
      if (held) return held;
      throw error;
    }
    const jwk = findJwkInJwks(jwks, kid);
    if (!jwk) throw new KidNotFoundInJwksError(`JWK for kid "${kid}" not found in the JWKS`);
    return jwk;
  }

  getCachedJwk(jwksUri: string, decomposedJwt: { header: { kid?: unknown } }): JwkWithKid {
    const kid = decomposedJwt.header.kid;
    if (typeof kid !== 'string') throw new JwtWithoutValidKidError('JWT header does not have valid kid claim');
    const jwk = this.cached.get(jwksUri) && findJwkInJwks(this.cached.get(jwksUri)!.jwks, kid);
    if (!jwk) throw new KidNotFoundInJwksError(`JWK for kid "${kid}" not found in the cached JWKS`);
    return jwk;
  }

  addJwks(jwksUri: string, jwks: Jwks): void {
    const now = this.now();
    this.cached.set(jwksUri, { jwks, fetchedAt: now, attemptedAt: now });
  }

  async getJwks(jwksUri: string): Promise<Jwks> {
    const entry = this.cached.get(jwksUri);
    if (entry) entry.attemptedAt = this.now();
    const jwks = await this.loader.getJwks(jwksUri);
    this.addJwks(jwksUri, jwks);
    return jwks;
  }
}
