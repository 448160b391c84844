import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DDB_OPTIONS, type DdbOptions, DeadLetterStore, defaultLeaseTableName, DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT } from '@app/ddb';
import { MetricsModule } from '../metrics/metrics.module';
import { StreamMetrics } from '../metrics/stream-metrics';
import { recordProcessingConfig, type RecordProcessingOptions } from '../record-processing/record-processing.config';
import { RecordProcessingModule } from '../record-processing/record-processing.module';
import { SHARD_RECORD_PROCESSOR, type ShardRecordProcessor } from '../record-processing/shard-record-processor.port';
import { DynamoDbStreamSource } from './dynamodb-stream-source';
import { LeaseRenewer } from './lease-renewer';
import { LeaseTable } from './lease-table';
import { LeaseTaker } from './lease-taker';
import { shardReaderFactory } from './shard-reader';
import { ShardStalls } from './shard-stalls';
import { ShardSyncer } from './shard-syncer';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { SHARD_READER_FACTORY } from './stream-consumer.constants';
import { ConsumerHealthIndicator } from './stream-consumer.health';
import { StreamConsumer } from './stream-consumer.service';
import { STREAM_SOURCE, type StreamSource } from './stream-source.port';

const STREAMS_CLIENT = Symbol('DYNAMODB_STREAMS_CLIENT');

/** The KCL roles log as the scheduler they work for. */
const rolesLogger = new Logger(StreamConsumer.name);

/**
 * The poller: the table's stream, the lease table and the consumer that feeds the record processor (pattern E).
 * The scheduler's KCL roles (renewer, taker, syncer, stalls, the shard reader factory) are providers of
 * their own, injected into it. Needs a global DdbModule (the messaging table's clients and options).
 */
@Module({
  imports: [
    ConfigModule.forFeature(streamConsumerConfig),
    ConfigModule.forFeature(recordProcessingConfig),
    RecordProcessingModule,
    MetricsModule,
    TerminusModule,
  ],
  providers: [
    {
      provide: STREAMS_CLIENT,
      inject: [DDB_OPTIONS],
      // Same endpoint, region and credentials as the table's client (DynamoDB Local serves both APIs).
      useFactory: (options: DdbOptions) =>
        new DynamoDBStreamsClient({
          region: options.region,
          endpoint: options.endpoint,
          credentials: options.credentials,
          maxAttempts: 3,
          requestHandler: { connectionTimeout: Math.min(options.requestTimeoutMs, 1000), requestTimeout: options.requestTimeoutMs },
        }),
    },
    {
      provide: STREAM_SOURCE,
      inject: [DYNAMODB_CLIENT, STREAMS_CLIENT, DDB_OPTIONS],
      useFactory: (tables: DynamoDBClient, streams: DynamoDBStreamsClient, options: DdbOptions) =>
        new DynamoDbStreamSource(tables, streams, options.tableName),
    },
    {
      provide: LeaseTable,
      inject: [DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT, DDB_OPTIONS, streamConsumerConfig.KEY],
      useFactory: (client: DynamoDBClient, doc: DynamoDBDocumentClient, ddb: DdbOptions, consumer: StreamConsumerOptions) =>
        new LeaseTable(client, doc, consumer.leaseTableName ?? defaultLeaseTableName(ddb.tableName)),
    },
    {
      provide: LeaseRenewer,
      inject: [LeaseTable, streamConsumerConfig.KEY],
      useFactory: (leases: LeaseTable, options: StreamConsumerOptions) =>
        new LeaseRenewer(leases, options.workerId, options.leaseDurationMs, rolesLogger),
    },
    {
      provide: LeaseTaker,
      inject: [LeaseTable, StreamMetrics, streamConsumerConfig.KEY],
      useFactory: (leases: LeaseTable, metrics: StreamMetrics, options: StreamConsumerOptions) =>
        new LeaseTaker(leases, options.workerId, options.leaseDurationMs, metrics, rolesLogger),
    },
    {
      provide: ShardSyncer,
      inject: [STREAM_SOURCE, LeaseTable, streamConsumerConfig.KEY],
      useFactory: (source: StreamSource, leases: LeaseTable, options: StreamConsumerOptions) =>
        new ShardSyncer(source, leases, options, rolesLogger),
    },
    {
      provide: ShardStalls,
      inject: [StreamMetrics, streamConsumerConfig.KEY],
      useFactory: (metrics: StreamMetrics, options: StreamConsumerOptions) => new ShardStalls(metrics, options.stallReportAfterMs),
    },
    {
      provide: SHARD_READER_FACTORY,
      inject: [
        STREAM_SOURCE,
        SHARD_RECORD_PROCESSOR,
        DeadLetterStore,
        ShardStalls,
        LeaseRenewer,
        StreamMetrics,
        streamConsumerConfig.KEY,
        recordProcessingConfig.KEY,
      ],
      useFactory: (
        source: StreamSource,
        processor: ShardRecordProcessor,
        deadLetters: DeadLetterStore,
        stalls: ShardStalls,
        renewer: LeaseRenewer,
        metrics: StreamMetrics,
        options: StreamConsumerOptions,
        recordProcessing: RecordProcessingOptions,
      ) =>
        shardReaderFactory({
          source,
          processor,
          deadLetters,
          stalls,
          checkpoint: (shardId, checkpoint) => renewer.checkpoint(shardId, checkpoint),
          isHeld: (shardId) => renewer.isHeld(shardId),
          metrics,
          logger: rolesLogger,
          settings: { ...options, recordRetry: recordProcessing.retry },
        }),
    },
    StreamConsumer,
    ConsumerHealthIndicator,
  ],
  exports: [StreamConsumer, ConsumerHealthIndicator],
})
export class StreamConsumerModule implements OnApplicationShutdown {
  constructor(@Inject(STREAMS_CLIENT) private readonly streams: DynamoDBStreamsClient) {}

  onApplicationShutdown(): void {
    this.streams.destroy();
  }
}
