import {
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { ddbConfig, describeTable } from '@app/ddb';
import type { TestTable } from './ddb';

export interface StreamRecordSeen {
  sequenceNumber: string;
  eventName?: string;
  newImage?: Record<string, AttributeValue>;
}

/**
 * Every record on the table's stream, read directly (all shards, each from TRIM_HORIZON to its
 * current end). `endpoint` defaults to the run's DynamoDB Local.
 */
export async function streamRecords(db: TestTable, endpoint = ddbConfig().endpoint): Promise<StreamRecordSeen[]> {
  const { region, credentials } = ddbConfig();
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  try {
    const { LatestStreamArn } = await describeTable(db.client, db.tableName);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: LatestStreamArn }));
    const seen: StreamRecordSeen[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: LatestStreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const records = page.Records ?? [];
        seen.push(
          ...records.map((record) => ({
            sequenceNumber: record.dynamodb!.SequenceNumber!,
            eventName: record.eventName,
            newImage: record.dynamodb?.NewImage,
          })),
        );
        iterator = records.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    return seen;
  } finally {
    streams.destroy();
  }
}

/** Sequence numbers of every record on the table's stream, in order. */
export async function streamSequenceNumbers(db: TestTable, endpoint?: string): Promise<string[]> {
  return (await streamRecords(db, endpoint)).map((record) => record.sequenceNumber);
}
