import { LRUCache } from 'lru-cache';
import { gcra, type RateDecision, type RateLimitPolicy } from './gcra';
import type { RateLimitStore } from './rate-limit.store';

/** Buckets in this process (one instance, or tests). Bounded, and each key expires once its bucket is full again. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly tats = new LRUCache<string, number>({ max: 100_000, ttlAutopurge: false });

  constructor(private readonly now: () => number = Date.now) {}

  async consume(key: string, policy: RateLimitPolicy): Promise<RateDecision> {
    const now = this.now();
    const { decision, tat } = gcra(this.tats.get(key), now, policy);
    if (decision.allowed) this.tats.set(key, tat, { ttl: Math.max(1, Math.ceil(tat - now)) });
    return decision;
  }
}
