import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { type UserProfile, UserNotFoundError, UsersClient } from '@app/users-client';
import { authConfig } from './auth.config';

/**
 * Cognito sub → person, through the users service, remembered briefly: most requests of a
 * session then cost no round trip. "Not registered" is remembered too (more briefly), so a valid
 * token of someone without a Cruddur user cannot turn each request into a call. Outages are
 * never cached.
 */
@Injectable()
export class IdentityService {
  private readonly known?: LRUCache<string, UserProfile>;
  private readonly unregistered?: LRUCache<string, true>;

  constructor(
    private readonly users: UsersClient,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
  ) {
    // A TTL of 0 turns a cache off (lru-cache would read 0 as "never expires").
    if (config.identityCacheTtlMs > 0) this.known = new LRUCache({ max: 10_000, ttl: config.identityCacheTtlMs });
    if (config.unregisteredCacheTtlMs > 0) this.unregistered = new LRUCache({ max: 10_000, ttl: config.unregisteredCacheTtlMs });
  }

  /** The person of this Cognito sub; UserNotFoundError when there is none. */
  async resolve(sub: string): Promise<UserProfile> {
    const cached = this.known?.get(sub);
    if (cached) return cached;
    if (this.unregistered?.has(sub)) throw new UserNotFoundError(`cognito_user_id ${sub} (remembered)`);
    try {
      const profile = await this.users.resolveCognitoSub(sub);
      this.known?.set(sub, profile);
      return profile;
    } catch (error) {
      if (error instanceof UserNotFoundError) this.unregistered?.set(sub, true);
      throw error;
    }
  }
}
