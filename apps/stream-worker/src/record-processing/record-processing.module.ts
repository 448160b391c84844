import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import {
  DDB_OPTIONS,
  type DdbOptions,
  DeadLetterStore,
  defaultDeadLetterTableName,
  DYNAMODB_CLIENT,
  DYNAMODB_DOCUMENT_CLIENT,
} from '@app/ddb';
import { GroupSummariesModule } from '../group-summaries/group-summaries.module';
import { UpdateGroupSummariesService } from '../group-summaries/update-group-summaries.service';
import { recordProcessingConfig, type RecordProcessingOptions } from './record-processing.config';
import { SHARD_RECORD_PROCESSOR } from './shard-record-processor.port';

/**
 * What both entry points need to handle records: the processor (pattern E, bound to the port
 * here, the one place that knows which handler runs) and the dead-letter store. Needs a global DdbModule.
 */
@Module({
  imports: [ConfigModule.forFeature(recordProcessingConfig), GroupSummariesModule],
  providers: [
    { provide: SHARD_RECORD_PROCESSOR, useExisting: UpdateGroupSummariesService },
    {
      provide: DeadLetterStore,
      inject: [DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT, DDB_OPTIONS, recordProcessingConfig.KEY],
      useFactory: (client: DynamoDBClient, doc: DynamoDBDocumentClient, ddb: DdbOptions, options: RecordProcessingOptions) =>
        new DeadLetterStore(client, doc, options.deadLetterTableName ?? defaultDeadLetterTableName(ddb.tableName)),
    },
  ],
  exports: [SHARD_RECORD_PROCESSOR, DeadLetterStore],
})
export class RecordProcessingModule {}
