import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { groupSummaryKeys, type Message, messageKeys, type Person } from '@app/ddb';
import type { TestTable } from './ddb';
import { aPerson } from './people';
import { testSignal } from './test-scope';

export interface LoadGroup {
  messageGroupUuid: string;
  members: [Person, Person];
}

/** `count` groups of two people each (nobody is in two groups, so each person must end with exactly one GRP item). */
export async function createGroups(db: TestTable, count: number): Promise<LoadGroup[]> {
  return inBatches(
    Array.from({ length: count }, (_, i) => i),
    10,
    async (i) => {
      const members: [Person, Person] = [aPerson(), aPerson()];
      const { message } = await db.table.createMessageGroup({
        sender: members[0],
        recipient: members[1],
        message: `hello ${i}`,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      return { messageGroupUuid: message.messageGroupUuid, members };
    },
  );
}

/** `total` messages spread round-robin over the groups, sent concurrently (`concurrency` at a time), by either member. */
export async function sendMessages(db: TestTable, groups: LoadGroup[], total: number, concurrency = 20): Promise<Message[]> {
  return inBatches(
    Array.from({ length: total }, (_, i) => i),
    concurrency,
    (i) => {
      const group = groups[i % groups.length];
      return db.table.putMessage({
        messageGroupUuid: group.messageGroupUuid,
        sender: group.members[i % 2],
        message: `message ${i}`,
      });
    },
  );
}

/**
 * What is wrong with the group summaries now, as readable lines (empty when all is right): every
 * member has exactly one GRP item, and it shows the group's newest message.
 */
export async function summaryProblems(db: TestTable, groups: LoadGroup[]): Promise<string[]> {
  const problems = await inBatches(groups, 10, async (group) => {
    const newest = await query(db, messageKeys.partition(group.messageGroupUuid), 1);
    const lines: string[] = [];
    for (const member of group.members) {
      const summaries = await query(db, groupSummaryKeys.partition(member.uuid));
      if (summaries.length !== 1) lines.push(`${member.handle} has ${summaries.length} GRP items`);
      const shown = summaries[0];
      if (shown && (shown.last_message_at !== newest[0].created_at || shown.message !== newest[0].message)) {
        lines.push(
          `${member.handle} shows "${shown.message}" @${shown.last_message_at}, newest is "${newest[0].message}" @${newest[0].created_at}`,
        );
      }
    }
    return lines;
  });
  return problems.flat();
}

/** Every item of a lease table. */
export async function leaseItems(db: TestTable, leaseTableName: string): Promise<Array<Record<string, unknown>>> {
  const output = await db.doc.send(new ScanCommand({ TableName: leaseTableName, ConsistentRead: true }));
  return output.Items ?? [];
}

async function query(db: TestTable, pk: string, limit?: number) {
  const output = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: limit,
    }),
  );
  return output.Items ?? [];
}

/** Runs `work` over the items, `concurrency` at a time; stops taking new items when the test ends. */
async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const signal = testSignal();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        signal.throwIfAborted();
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}
