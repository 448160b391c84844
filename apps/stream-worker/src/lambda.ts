import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { Logger } from 'nestjs-pino';
import { DeadLetterStore, type StreamImage } from '@app/ddb';
import { StreamWorkerLambdaModule } from './lambda.module';
import { type ChangeRecord, fromLambdaRecord } from './record-processing/change-record';
import { type DeadLetterSink, deadLetterOf, malformed, settleRecords } from './record-processing/failure-policy';
import { recordProcessingConfig, type RecordProcessingOptions } from './record-processing/record-processing.config';
import { SHARD_RECORD_PROCESSOR, type ShardRecordProcessor } from './record-processing/shard-record-processor.port';

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

/** What one invocation works with: the same processor, dead-letter store and policy settings as the poller. */
export interface StreamEventDeps {
  processor: ShardRecordProcessor;
  deadLetters: DeadLetterSink;
  options: Pick<RecordProcessingOptions, 'retry' | 'lambdaRetryBudgetMs'>;
}

/**
 * Pattern E on an AWS Lambda event source mapping for the table's stream. Configure the mapping
 * with `FunctionResponseTypes: ["ReportBatchItemFailures"]` and no retry limit or record age limit
 * (MaximumRetryAttempts -1, MaximumRecordAgeInSeconds -1): a retryable failure must hold the shard
 * until it clears, not be dropped to an on-failure destination.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const app = await applicationContext();
  return handleStreamEvent(event, {
    processor: app.get<ShardRecordProcessor>(SHARD_RECORD_PROCESSOR),
    deadLetters: app.get(DeadLetterStore),
    options: app.get<RecordProcessingOptions>(recordProcessingConfig.KEY),
  });
}

/**
 * The failure policy of the poller, under Lambda's rules (docs/design.md §10): a record that can never
 * apply is dead-lettered and counts as handled; a record that fails retryably is retried within
 * this invocation's budget and, if it still fails, reported. Lambda checkpoints at the lowest
 * sequence number reported and retries every record from it, so reporting the first record still
 * waiting (in stream order) is exact: later ones are retried with it (replays are harmless, the
 * summary move is monotonic; a dead letter written twice keeps its first entry).
 */
export async function handleStreamEvent(event: DynamoDBStreamEvent, deps: StreamEventDeps): Promise<DynamoDBBatchResponse> {
  const source = event.Records?.[0]?.eventSourceARN ?? 'lambda';
  const order: string[] = [];
  const records: ChangeRecord[] = [];
  const waiting = new Set<string>();
  for (const record of event.Records ?? []) {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    // A record that cannot even be named cannot be reported or dead-lettered: the batch fails whole.
    if (!sequenceNumber) throw new Error('stream record without a sequence number');
    order.push(sequenceNumber);
    try {
      records.push(fromLambdaRecord(record));
    } catch (error) {
      // An unknown event name: it can never apply.
      const unreadable = {
        sequenceNumber,
        eventName: String(record.eventName),
        newImage: record.dynamodb?.NewImage as StreamImage | undefined,
      };
      const put = deps.deadLetters.put(deadLetterOf(unreadable, malformed(sequenceNumber, (error as Error).message), source, new Date()));
      await put.catch(() => waiting.add(sequenceNumber));
    }
  }
  const deadline = Date.now() + deps.options.lambdaRetryBudgetMs;
  const settlement = await settleRecords(records, {
    processor: deps.processor,
    deadLetters: deps.deadLetters,
    source,
    backoff: deps.options.retry,
    keepTrying: () => Date.now() < deadline,
  });
  for (const { record } of settlement.unsettled) waiting.add(record.sequenceNumber);
  const first = order.find((sequenceNumber) => waiting.has(sequenceNumber));
  const batchItemFailures: DynamoDBBatchItemFailure[] = first ? [{ itemIdentifier: first }] : [];
  return { batchItemFailures };
}

/** Closes the context (its DynamoDB clients); for tests and runtimes that announce shutdown. */
export async function closeLambdaContext(): Promise<void> {
  const current = context;
  context = null;
  if (current) await (await current).close();
}
