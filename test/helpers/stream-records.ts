import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { ddbConfig, describeTable } from '@app/ddb';
import type { TestTable } from './ddb';

/** Sequence numbers of every record on the table's stream, read directly (all shards, in order). */
export async function streamSequenceNumbers(db: TestTable): Promise<string[]> {
  const options = ddbConfig();
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
  try {
    const { LatestStreamArn } = await describeTable(db.client, db.tableName);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: LatestStreamArn }));
    const sequenceNumbers: string[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: LatestStreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const records = page.Records ?? [];
        sequenceNumbers.push(...records.map((record) => record.dynamodb!.SequenceNumber!));
        iterator = records.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    return sequenceNumbers;
  } finally {
    streams.destroy();
  }
}
