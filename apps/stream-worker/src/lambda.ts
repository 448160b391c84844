import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { Logger } from 'nestjs-pino';
import { type ChangeRecord, fromLambdaRecord } from './group-summaries/change-record';
import { UpdateGroupSummariesService } from './group-summaries/update-group-summaries.service';
import { StreamWorkerLambdaModule } from './lambda.module';

let context: Promise<INestApplicationContext> | null = null;

/** The Nest context, created on the first invocation and reused by every later one in this container. */
function applicationContext(): Promise<INestApplicationContext> {
  context ??= NestFactory.createApplicationContext(StreamWorkerLambdaModule, { bufferLogs: true, abortOnError: false })
    .then((app) => {
      app.useLogger(app.get(Logger));
      return app;
    })
    .catch((error: unknown) => {
      context = null; // a cold start that failed (bad config, say) is tried again next time
      throw error;
    });
  return context;
}

/**
 * Pattern E on an AWS Lambda event source mapping for the table's stream (configure it with
 * `FunctionResponseTypes: ["ReportBatchItemFailures"]`). Every record of the batch is handled by the
 * poller's own service; only records that failed are reported, by sequence number, so Lambda
 * retries from the first of them (replays are harmless: pattern E is idempotent and monotonic).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const service = (await applicationContext()).get(UpdateGroupSummariesService);
  const records: ChangeRecord[] = [];
  const batchItemFailures: DynamoDBBatchItemFailure[] = [];
  for (const record of event.Records ?? []) {
    try {
      records.push(fromLambdaRecord(record));
    } catch {
      // Unreadable (an unknown event name): report it; without a sequence number the whole batch must fail.
      const sequenceNumber = record.dynamodb?.SequenceNumber;
      if (!sequenceNumber) throw new Error('stream record without a sequence number');
      batchItemFailures.push({ itemIdentifier: sequenceNumber });
    }
  }
  const result = await service.handleBatch(records);
  batchItemFailures.push(...result.failed.map((failure) => ({ itemIdentifier: failure.sequenceNumber })));
  return { batchItemFailures };
}

/** Closes the context (its DynamoDB clients); for tests and runtimes that announce shutdown. */
export async function closeLambdaContext(): Promise<void> {
  const current = context;
  context = null;
  if (current) await (await current).close();
}
