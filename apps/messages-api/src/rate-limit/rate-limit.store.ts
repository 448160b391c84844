import type { RateDecision, RateLimitPolicy } from './gcra';

/** Injection token of the RateLimitStore. */
export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');

/** Where buckets live: takes one request from `key`'s bucket under `policy`, atomically. */
export interface RateLimitStore {
  consume(key: string, policy: RateLimitPolicy): Promise<RateDecision>;
}
