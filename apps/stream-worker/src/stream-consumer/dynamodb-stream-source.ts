import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { describeTable, translateAwsError } from '@app/ddb';
import { fromSdkRecord } from '../record-processing/change-record';
import {
  ExpiredIteratorError,
  type RecordsPage,
  type Shard,
  ShardNotFoundError,
  type StartPosition,
  type StreamSource,
  StreamNotFoundError,
  StreamThrottledError,
  TrimmedDataError,
} from './stream-source.port';

/** The table's stream through the DynamoDB Streams API, with its errors translated to named ones. */
export class DynamoDbStreamSource implements StreamSource {
  constructor(
    private readonly tables: DynamoDBClient,
    private readonly streams: DynamoDBStreamsClient,
    private readonly tableName: string,
  ) {}

  async latestStreamArn(): Promise<string> {
    const table = await describeTable(this.tables, this.tableName);
    if (!table.LatestStreamArn || table.StreamSpecification?.StreamEnabled === false) {
      throw new StreamNotFoundError(`table ${this.tableName} has no enabled stream`);
    }
    return table.LatestStreamArn;
  }

  async listShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription: page } = await call(() =>
        this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId })),
      );
      for (const shard of page?.Shards ?? []) {
        if (!shard.ShardId) continue;
        shards.push({
          shardId: shard.ShardId,
          parentShardId: shard.ParentShardId || undefined,
          closed: Boolean(shard.SequenceNumberRange?.EndingSequenceNumber),
        });
      }
      exclusiveStartShardId = page?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return shards;
  }

  async shardIterator(streamArn: string, shardId: string, position: StartPosition): Promise<string> {
    const output = await call(() =>
      this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: position.type,
          SequenceNumber: position.type === 'AFTER_SEQUENCE_NUMBER' ? position.sequenceNumber : undefined,
        }),
      ),
    );
    if (!output.ShardIterator) throw new ShardNotFoundError(`no iterator for shard ${shardId}`);
    return output.ShardIterator;
  }

  async getRecords(iterator: string, limit: number): Promise<RecordsPage> {
    const output = await call(() => this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit })));
    return { records: (output.Records ?? []).map(fromSdkRecord), nextIterator: output.NextShardIterator ?? null };
  }
}

async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw translateStreamError(error);
  }
}

/** DynamoDB Streams' own exceptions by name; the rest as libs/ddb translates any SDK error. */
export function translateStreamError(error: unknown): unknown {
  const name = (error as { name?: string })?.name;
  const message = (error as Error)?.message ?? String(error);
  switch (name) {
    case 'ExpiredIteratorException':
      return new ExpiredIteratorError(message, { cause: error });
    case 'TrimmedDataAccessException':
      return new TrimmedDataError(message, { cause: error });
    case 'ResourceNotFoundException':
      return new ShardNotFoundError(message, { cause: error });
    case 'LimitExceededException':
    case 'ThrottlingException':
    case 'ProvisionedThroughputExceededException':
      return new StreamThrottledError(message, { cause: error });
    default:
      return translateAwsError(error);
  }
}
