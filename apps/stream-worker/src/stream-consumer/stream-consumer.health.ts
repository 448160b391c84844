import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { StreamConsumer } from './stream-consumer.service';

/**
 * Ready when the consumer is running and its loop (lease table, stream, leases) succeeded recently.
 * Holding no lease is fine: with more workers than shards, some workers stand by.
 */
@Injectable()
export class ConsumerHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly consumer: StreamConsumer,
    @Inject(streamConsumerConfig.KEY) private readonly options: StreamConsumerOptions,
  ) {}

  isHealthy(key = 'streamConsumer') {
    const indicator = this.health.check(key);
    const status = this.consumer.status();
    const fresh = status.lastLoopAgeMs !== null && status.lastLoopAgeMs < 3 * this.options.renewIntervalMs + 1000;
    return status.running && fresh ? indicator.up({ ...status }) : indicator.down({ ...status });
  }
}
