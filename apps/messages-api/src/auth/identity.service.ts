import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { LRUCache } from 'lru-cache';
import { type UserProfile, UsersClient } from '@app/users-client';
import { authConfig } from './auth.config';

/**
 * Cognito sub → person, through the users service, remembered briefly: most requests of a
 * session then cost no round trip. Only answers are cached, never failures.
 */
@Injectable()
export class IdentityService {
  private readonly cache?: LRUCache<string, UserProfile>;

  constructor(
    private readonly users: UsersClient,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
  ) {
    // A TTL of 0 turns the cache off (lru-cache would read 0 as "never expires").
    if (config.identityCacheTtlMs > 0) this.cache = new LRUCache({ max: 10_000, ttl: config.identityCacheTtlMs });
  }

  async resolve(sub: string): Promise<UserProfile> {
    const cached = this.cache?.get(sub);
    if (cached) return cached;
    const profile = await this.users.resolveCognitoSub(sub);
    this.cache?.set(sub, profile);
    return profile;
  }
}
