import { type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, paginateScan, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionFailedError, createLeaseTable, translated } from '@app/ddb';
import { Checkpoint, type Lease } from './lease';

/**
 * The lease table (KCL model): every write that changes ownership or proves liveness is
 * conditional, so at most one worker owns a shard at a time and a stale owner learns it lost.
 *
 * - take:       owner := me, counter + 1, if the counter is still what I saw (nobody renewed or took it meanwhile)
 * - renew:      counter + 1, if I am still the owner at the counter I last wrote
 * - checkpoint: checkpoint := n, if I am still the owner (it does not touch the counter, so it never races a renewal)
 * - release:    owner removed, counter + 1, if I am still the owner
 * Each returns null/false when its condition failed: the lease is someone else's now.
 */
export class LeaseTable {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /** Creates the table when it is missing (the KCL does the same); `npm run ddb -- schema-load` also does. */
  async ensureExists(): Promise<'created' | 'exists'> {
    return createLeaseTable(this.client, this.tableName);
  }

  /** Every lease (strongly consistent: ownership decisions must not act on a stale read). */
  async list(): Promise<Lease[]> {
    return translated(async () => {
      const leases: Lease[] = [];
      for await (const page of paginateScan({ client: this.doc }, { TableName: this.tableName, ConsistentRead: true })) {
        leases.push(...(page.Items ?? []).map(toLease));
      }
      return leases;
    });
  }

  /** Writes a new shard's lease; false when another worker created it first. */
  async create(lease: Lease): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new PutCommand({ TableName: this.tableName, Item: { ...lease }, ConditionExpression: 'attribute_not_exists(leaseKey)' }),
      ),
    );
  }

  /** Takes a lease seen at `seen.leaseCounter`; the lease as it now stands, or null if someone else moved first. */
  async take(seen: Lease, workerId: string): Promise<Lease | null> {
    try {
      const output = await translated(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { leaseKey: seen.leaseKey },
            UpdateExpression: 'SET leaseOwner = :me, leaseCounter = :next',
            ConditionExpression: 'attribute_exists(leaseKey) AND leaseCounter = :seen AND #checkpoint <> :ended',
            ExpressionAttributeNames: { '#checkpoint': 'checkpoint' },
            ExpressionAttributeValues: {
              ':me': workerId,
              ':next': seen.leaseCounter + 1,
              ':seen': seen.leaseCounter,
              ':ended': Checkpoint.ShardEnd,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return toLease(output.Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionFailedError) return null;
      throw error;
    }
  }

  /** Proves this worker is alive; the new counter, or null when the lease is no longer this worker's. */
  async renew(held: Lease, workerId: string): Promise<number | null> {
    const next = held.leaseCounter + 1;
    const renewed = await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { leaseKey: held.leaseKey },
          UpdateExpression: 'SET leaseCounter = :next',
          ConditionExpression: 'leaseOwner = :me AND leaseCounter = :counter',
          ExpressionAttributeValues: { ':me': workerId, ':counter': held.leaseCounter, ':next': next },
        }),
      ),
    );
    return renewed ? next : null;
  }

  /** Records how far the shard is handled; false when the lease is no longer this worker's. */
  async checkpoint(leaseKey: string, workerId: string, checkpoint: string): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { leaseKey },
          UpdateExpression: 'SET #checkpoint = :checkpoint',
          ExpressionAttributeNames: { '#checkpoint': 'checkpoint' },
          ConditionExpression: 'leaseOwner = :me',
          ExpressionAttributeValues: { ':me': workerId, ':checkpoint': checkpoint },
        }),
      ),
    );
  }

  /** Gives a lease up (graceful shutdown, ended shard) so another worker takes it without waiting for expiry. */
  async release(held: Lease, workerId: string): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { leaseKey: held.leaseKey },
          UpdateExpression: 'REMOVE leaseOwner SET leaseCounter = leaseCounter + :one',
          ConditionExpression: 'leaseOwner = :me',
          ExpressionAttributeValues: { ':me': workerId, ':one': 1 },
        }),
      ),
    );
  }

  /** Removes the lease of an ended shard that the stream has trimmed away. */
  async delete(lease: Lease): Promise<boolean> {
    return conditional(() =>
      this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { leaseKey: lease.leaseKey },
          ConditionExpression: '#checkpoint = :ended',
          ExpressionAttributeNames: { '#checkpoint': 'checkpoint' },
          ExpressionAttributeValues: { ':ended': Checkpoint.ShardEnd },
        }),
      ),
    );
  }
}

async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await translated(write);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError) return false;
    throw error;
  }
}

function toLease(item: Record<string, unknown>): Lease {
  return {
    leaseKey: String(item.leaseKey),
    streamArn: String(item.streamArn),
    leaseOwner: typeof item.leaseOwner === 'string' ? item.leaseOwner : undefined,
    leaseCounter: Number(item.leaseCounter ?? 0),
    checkpoint: String(item.checkpoint ?? Checkpoint.TrimHorizon),
    parentShardId: typeof item.parentShardId === 'string' ? item.parentShardId : undefined,
  };
}
