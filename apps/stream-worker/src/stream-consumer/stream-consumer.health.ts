import { Inject, Injectable } from '@nestjs/common';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { type ConsumerStatus, StreamConsumer } from './stream-consumer.service';

/**
 * Healthy when the consumer is running, its loop (lease table, stream, leases) succeeded recently,
 * and no shard is stalled on a record that keeps failing retryably (docs/design.md §10). Holding no lease
 * is fine: with more workers than shards, some workers stand by.
 */
@Injectable()
export class ConsumerHealthIndicator {
  constructor(
    private readonly consumer: StreamConsumer,
    @Inject(streamConsumerConfig.KEY) private readonly options: StreamConsumerOptions,
  ) {}

  check(): { healthy: boolean; status: ConsumerStatus } {
    const status = this.consumer.status();
    const fresh = status.lastLoopAgeMs !== null && status.lastLoopAgeMs < 3 * this.options.renewIntervalMs + 1000;
    return { healthy: status.running && fresh && status.stalled.length === 0, status };
  }
}
