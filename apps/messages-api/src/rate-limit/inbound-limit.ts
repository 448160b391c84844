import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiError } from '../http/api-error';
import { rateLimitConfig } from './rate-limit.config';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';

/**
 * The per-recipient inbound limit (RATE_LIMIT_INBOUND_*, default 20 messages/s with a burst of 40):
 * however many people write to one person, their messages into that person's conversations are
 * admitted at this rate, so one person's partition cannot be flooded by many senders each within
 * their own `sends` limit. Counted in the same store as the other limits (shared through Redis).
 */
@Injectable()
export class InboundLimit {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(rateLimitConfig.KEY) private readonly config: ConfigType<typeof rateLimitConfig>,
  ) {}

  /** Takes one message from the recipient's bucket; over the limit: 429 `recipient_rate_limited`, nothing stored. */
  async admit(recipientUuid: string): Promise<void> {
    const policy = this.config.policies.inbound;
    if (!policy) return;
    const decision = await this.store.consume(`${policy.name}:person:${recipientUuid}`, policy);
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new ApiError(429, 'recipient_rate_limited', `this person is receiving too many messages right now; retry in ${seconds} s`);
  }
}
