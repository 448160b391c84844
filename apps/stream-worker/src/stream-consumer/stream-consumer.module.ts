import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { DDB_OPTIONS, type DdbOptions, defaultLeaseTableName, DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT } from '@app/ddb';
import { MetricsModule } from '../metrics/metrics.module';
import { recordProcessingConfig } from '../record-processing/record-processing.config';
import { RecordProcessingModule } from '../record-processing/record-processing.module';
import { DynamoDbStreamSource } from './dynamodb-stream-source';
import { LeaseTable } from './lease-table';
import { streamConsumerConfig, type StreamConsumerOptions } from './stream-consumer.config';
import { ConsumerHealthIndicator } from './stream-consumer.health';
import { StreamConsumer } from './stream-consumer.service';
import { STREAM_SOURCE } from './stream-source.port';

const STREAMS_CLIENT = Symbol('DYNAMODB_STREAMS_CLIENT');

/**
 * The poller: the table's stream, the lease table and the consumer that feeds the record processor (pattern E).
 * Needs a global DdbModule (the messaging table's clients and options).
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
