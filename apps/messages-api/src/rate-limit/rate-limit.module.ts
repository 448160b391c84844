import { Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { InboundLimit } from './inbound-limit';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { rateLimitConfig } from './rate-limit.config';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_STORE } from './rate-limit.store';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/**
 * RateLimitGuard, the recipients' InboundLimit and their store (RATE_LIMIT_STORE=memory|redis, also used by the typing throttle); the
 * app module makes the guard global, after AuthGuard.
 */
@Module({
  imports: [ConfigModule.forFeature(rateLimitConfig)],
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [rateLimitConfig.KEY],
      useFactory: (config: ConfigType<typeof rateLimitConfig>) =>
        config.store === 'redis' ? new RedisRateLimitStore(config.redis, config.redisPrefix) : new MemoryRateLimitStore(),
    },
    RateLimitGuard,
    InboundLimit,
  ],
  exports: [RateLimitGuard, InboundLimit, RATE_LIMIT_STORE],
})
export class RateLimitModule {}
