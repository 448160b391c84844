import { hostname } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { REQUEST_ID_OPTIONS } from '@app/common';
import { defaultDeadLetterTableName, defaultLeaseTableName, MessagingTable } from '@app/ddb';
import { deleteTable } from '@app/dev-infra';
import { STREAM_SOURCE } from '../../apps/stream-worker/src/stream-consumer/stream-source.port';
import { StreamWorkerModule } from '../../apps/stream-worker/src/stream-worker.module';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { ScriptedStream } from '../helpers/in-process-consumer';
import { createGroups } from '../helpers/message-load';
import { throttledClient } from '../helpers/throttled-table';
import { waitFor } from '../helpers/wait-for';

const TOKEN = 'test-status-token-0123456789';

/**
 * The worker's own HTTP surface while a shard is stalled on a throttled record: /ready turns 503, and
 * tells an anonymous caller nothing but that (docs/design.md §10); the status token unlocks the details.
 */
/**
 * The test's own limit, above the sum of its waits (20 + 15 + 15 + 15 s and the start) — about
 * 80 s at most on a loaded 2-core machine.
 */
const TEST_TIMEOUT_MS = 100_000;

describe('stream-worker /ready during a stall', () => {
  let db: TestTable;
  let app: INestApplication;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(async () => {
    await app?.close();
    process.env = savedEnv;
    await deleteTable(db.client, defaultLeaseTableName(db.tableName));
    await deleteTable(db.client, defaultDeadLetterTableName(db.tableName));
    await db.drop();
  });

  it(
    'is not ready while a shard is stalled, shows no worker, host, pid, ARN or error text anonymously, and recovers',
    async () => {
      const [group] = await createGroups(db, 1);
      const throttled = throttledClient(db.doc, group.messageGroupUuid);
      const stream = new ScriptedStream(['shardId-stalled']);
      Object.assign(process.env, {
        DDB_TABLE_NAME: db.tableName,
        STREAM_WORKER_ID: 'worker-with-a-secret-name',
        STREAM_LEASE_DURATION_MS: '3000',
        STREAM_STALL_REPORT_AFTER_MS: '300',
        WORKER_STATUS_TOKEN: TOKEN,
      });
      const moduleRef = await Test.createTestingModule({ imports: [StreamWorkerModule] })
        .overrideProvider(STREAM_SOURCE)
        .useValue(stream)
        .overrideProvider(MessagingTable)
        .useValue(new MessagingTable(throttled.doc, db.tableName))
        .compile();
      // The app's own platform: Fastify, as main.ts creates it.
      app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(REQUEST_ID_OPTIONS), { logger: false });
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const ready = async (token?: string) => {
        const response = await fetch(`${base}/ready`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        return { status: response.status, text: await response.text() };
      };
      await waitFor(async () => (await ready()).status === 200, { timeoutMs: 20_000 });

      throttled.throttleFor(60_000);
      const stuck = await db.table.putMessage({ messageGroupUuid: group.messageGroupUuid, sender: group.members[0], message: 'throttled' });
      stream.append('shardId-stalled', stuck);

      const anonymous = await waitFor(async () => {
        const answer = await ready();
        return answer.status === 503 && answer;
      });
      expect(JSON.parse(anonymous.text)).toEqual({ status: 'not_ready', stalled: true });
      for (const secret of ['worker-with-a-secret-name', hostname(), String(process.pid), 'arn:', 'shardId-stalled', 'throughput']) {
        expect(anonymous.text).not.toContain(secret);
      }
      expect((await ready('wrong-token-0123456789')).text).toBe(anonymous.text);

      // With the token: which shard, for how long, and why.
      const detailed = JSON.parse((await ready(TOKEN)).text);
      expect(detailed.details.streamConsumer).toMatchObject({
        workerId: 'worker-with-a-secret-name',
        stalled: [expect.objectContaining({ shardId: 'shardId-stalled', reason: expect.stringContaining('throughput') })],
      });
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      const metrics = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(metrics).toContain('stream_worker_shard_stalled{shard="shardId-stalled"} 1');

      // The throttling ends: the record applies and the worker is ready again.
      throttled.throttleFor(0);
      await waitFor(async () => (await ready()).status === 200, { timeoutMs: 15_000 });
      expect((await db.table.listMessageGroups(group.members[1].uuid)).items[0].lastMessage).toBe('throttled');
    },
    TEST_TIMEOUT_MS,
  );
});
