import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ddbConfig, DeadLetterStore, defaultDeadLetterTableName, type Message, messageGroupUuidFor, toMessageItem } from '@app/ddb';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import { ScriptedStream, useConsumerSuite } from '../helpers/in-process-consumer';
import { createGroups } from '../helpers/message-load';
import { aPerson } from '../helpers/people';
import { waitFor } from '../helpers/wait-for';

const run = promisify(execFile);

/** `npm run dead-letters -- <args>` (the stream-worker's ops command) against this run's DynamoDB Local and the test's table. */
async function deadLettersCli(tableName: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'apps/stream-worker/cli/dead-letters.ts', ...args], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, DDB_TABLE_NAME: tableName, DDB_ENDPOINT: ddbConfig().endpoint },
  }).catch((error: { stdout?: string; code?: number }) => {
    // exit code 2: some replayed dead letters still cannot apply (the output says which)
    if (error.code === 2 && error.stdout !== undefined) return { stdout: error.stdout };
    throw error;
  });
  return stdout;
}

/**
 * Records that can never apply (docs/design.md §10) go to the durable dead-letter store and the shard moves
 * on; `npm run dead-letters -- replay` applies one once its data is fixed.
 */
describe('dead letters', () => {
  const suite = useConsumerSuite({ logLevels: false, alsoDrop: (db) => [defaultDeadLetterTableName(db.tableName)] });

  it('sets aside a malformed, an orphan and a non-member record without blocking the shard; replay applies the fixed one', async () => {
    const [group] = await createGroups(suite.db, 1);
    const [alice, bob] = [aPerson(), aPerson()];
    const message = (overrides: Partial<Message>): Message => ({
      messageUuid: randomUUID(),
      messageGroupUuid: group.messageGroupUuid,
      message: 'x',
      createdAt: new Date().toISOString(),
      sender: group.members[0],
      ...overrides,
    });
    // Its group does not exist (yet): alice and bob never started their conversation.
    const orphan = message({
      messageGroupUuid: messageGroupUuidFor(alice.uuid, bob.uuid),
      sender: alice,
      message: 'before the group existed',
    });
    // Newer than the good message, so pattern E tries it (an older one would be superseded untried).
    const stranger = message({ sender: aPerson(), message: 'from a stranger', createdAt: new Date(Date.now() + 60_000).toISOString() });
    const stream = new ScriptedStream(['shardId-1']);
    const malformedSequence = stream.appendRecord('shardId-1', {
      eventName: 'INSERT',
      newImage: marshall({ pk: 'MSG#x', sk: 'y', entity: 'MSG' }),
    });
    const orphanSequence = stream.append('shardId-1', orphan);
    const strangerSequence = stream.append('shardId-1', stranger);
    const good = await suite.db.table.putMessage({
      messageGroupUuid: group.messageGroupUuid,
      sender: group.members[1],
      message: 'after the poison',
    });
    const goodSequence = stream.append('shardId-1', good);

    const store = new DeadLetterStore(suite.db.client, suite.db.doc, defaultDeadLetterTableName(suite.db.tableName));
    const metrics = new StreamMetrics();
    const processor = new UpdateGroupSummariesService(suite.db.table, { concurrency: 8 }, metrics, {
      published: () => undefined,
      changed: () => undefined,
    } as unknown as GroupEventsPublisher);
    const started = suite.start({ workerId: 'worker', stream, metrics, processor, deadLetters: store });
    await waitFor(async () => started.consumer.status().readers === 1);

    // The shard was not blocked: the good record after the three applied, and the checkpoint passed them all.
    await waitFor(async () => (await started.leaseTable.list())[0]?.checkpoint === goodSequence, { timeoutMs: 20_000 });
    expect((await suite.db.table.listMessageGroups(group.members[0].uuid)).items[0].lastMessage).toBe('after the poison');
    const letters = await store.list();
    expect(letters.map(({ sequenceNumber, shardId, reasonCode }) => ({ sequenceNumber, shardId, reasonCode }))).toEqual([
      { sequenceNumber: malformedSequence, shardId: 'shardId-1', reasonCode: 'malformed_record' },
      { sequenceNumber: orphanSequence, shardId: 'shardId-1', reasonCode: 'orphan_message' },
      { sequenceNumber: strangerSequence, shardId: 'shardId-1', reasonCode: 'non_member_sender' },
    ]);
    expect(letters[1].newImage).toEqual(marshall(toMessageItem(orphan)));
    expect(await deadLettersCli(suite.db.tableName, 'list')).toContain(`${orphanSequence}  orphan_message`);

    // The operator fixes the data (the conversation now exists, begun earlier) and replays that record.
    await suite.db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'hello', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(await deadLettersCli(suite.db.tableName, 'replay', orphanSequence)).toContain(
      `${orphanSequence}  applied (summaries moved); removed`,
    );
    expect((await suite.db.table.listMessageGroups(bob.uuid)).items.map((summary) => summary.lastMessage)).toEqual([
      'before the group existed',
    ]);
    expect((await store.list()).map((letter) => letter.sequenceNumber)).toEqual([malformedSequence, strangerSequence]);

    // Replaying everything again is safe: the two that still cannot apply stay, saying why.
    const output = await deadLettersCli(suite.db.tableName, 'replay', '--all');
    expect(output).toContain('0 of 2 replayed dead letter(s) applied');
    const remaining = await store.list();
    expect(remaining.map(({ reasonCode, replayAttempts }) => ({ reasonCode, replayAttempts }))).toEqual([
      { reasonCode: 'malformed_record', replayAttempts: 1 },
      { reasonCode: 'non_member_sender', replayAttempts: 1 },
    ]);
  });
});
