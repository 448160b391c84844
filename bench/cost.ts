/**
 * The cost phase of `npm run bench`: DynamoDB capacity per operation, priced by AWS's published
 * rules (docs/design.md §3) by @app/ddb's CapacityMeter, because DynamoDB Local's own
 * ConsumedCapacity under-reports transactions.
 *
 * In this process, on a DynamoDB Local of its own: messages-api (the real Nest app, its HTTP routes,
 * cognito-local and the users service, as test/helpers/messaging-stack.ts runs them) with its
 * DynamoDB client metered as "app", and the stream-worker's record processor (pattern E) applied to
 * the table's real stream records with its own metered client as "worker". Each operation runs
 * alone; its own requests and the worker's handling of the records it caused are counted under it.
 * Nothing here knows the item shapes: the meter prices whatever the code writes and reads, and the
 * indexes as the table definition declares them.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import {
  CapacityMeter,
  type CapacityTally,
  createDynamoDbClients,
  ddbConfig,
  describeTable,
  DYNAMODB_CLIENT,
  MessagingTable,
  messagingTableDefinition,
  type PricedItem,
} from '@app/ddb';
import { SEED_PEOPLE, type SeedHandle, startDynamoDbLocal } from '@app/dev-infra';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type ChangeRecord,
  fromSdkRecord,
  type GroupEventsPublisher,
  ProfileFanoutService,
  StreamMetrics,
  UpdateGroupSummariesService,
} from '../apps/stream-worker/src';
import { startMessagingStack } from '../test/helpers/messaging-stack';
import { BUDGETS } from './budgets';

/** Capacity of one operation, averaged over its samples. */
export interface Units {
  rcu: number;
  wcu: number;
  /** Of which on indexes. */
  indexRcu: number;
  indexWcu: number;
}

export interface CostRow {
  operation: string;
  samples: number;
  app: Units;
  worker: Units;
  total: Units;
  budget: { wcu?: number; rcu?: number };
  /** The figures this row is compared with (issue 19's measurement, the original week-5 design). */
  before?: string;
  original?: string;
  /** null: reported, not judged. */
  pass: boolean | null;
}

export interface CostReport {
  rows: CostRow[];
  /** What one send into an existing conversation wrote, item by item (the last sample). */
  sendItems: string[];
  burst: { sends: number; p50Ms: number; p99Ms: number; slowestMs: number; errors: number; budgetP99Ms: number; pass: boolean };
  monthly: {
    prices: typeof PRICES;
    assumptions: string[];
    perPersonDay: { wcu: number; rcu: number };
    bytesPerMessage: number;
    estimates: MonthlyEstimate[];
  };
  /** Requests to tables the meter does not price (none expected). */
  unpriced: number;
}

interface MonthlyEstimate {
  dailyActivePeople: number;
  writes: number;
  reads: number;
  storageAfterAYear: number;
  total: number;
}

/**
 * On-demand list prices, us-east-1 (aws.amazon.com/dynamodb/pricing/on-demand, after AWS halved
 * on-demand throughput prices in November 2024); Standard table class storage.
 */
export const PRICES = { perMillionWriteUnits: 0.625, perMillionReadUnits: 0.125, perGbMonth: 0.25 } as const;

/** What one daily active person does in a day, for the monthly estimate. */
const DAY = { sends: 50, firstMessages: 0.2, markReads: 25, listPages: 20, messagePages: 20, unread: 10 } as const;

const MESSAGE = 'A typical message of a hundred characters, about as long as most direct messages are, give or take!'.slice(0, 100);

const zero = (): Units => ({ rcu: 0, wcu: 0, indexRcu: 0, indexWcu: 0 });
const unitsOf = (tally: CapacityTally | undefined, samples: number): Units =>
  tally
    ? {
        rcu: (tally.tableRcu + tally.indexRcu) / samples,
        wcu: (tally.tableWcu + tally.indexWcu) / samples,
        indexRcu: tally.indexRcu / samples,
        indexWcu: tally.indexWcu / samples,
      }
    : zero();
const plus = (a: Units, b: Units): Units => ({
  rcu: a.rcu + b.rcu,
  wcu: a.wcu + b.wcu,
  indexRcu: a.indexRcu + b.indexRcu,
  indexWcu: a.indexWcu + b.indexWcu,
});

/** Every record the table's stream has gained since the last call (all shards). */
class StreamTail {
  private readonly iterators = new Map<string, string | undefined>();

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  async next(): Promise<ChangeRecord[]> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const records: ChangeRecord[] = [];
    for (const { ShardId } of StreamDescription?.Shards ?? []) {
      if (!this.iterators.has(ShardId!)) {
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
        );
        this.iterators.set(ShardId!, ShardIterator);
      }
      let iterator = this.iterators.get(ShardId!);
      while (iterator) {
        const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []).map(fromSdkRecord));
        this.iterators.set(ShardId!, page.NextShardIterator);
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return records;
  }
}

/** A key with its uuids and times replaced, so items of the same kind read alike. */
const keyShape = (key: Record<string, string>): string =>
  Object.entries(key)
    .map(
      ([name, value]) =>
        `${name}=${value
          .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '‹uuid›')
          .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '‹time›')}`,
    )
    .join(' ');

function describeItem(item: PricedItem): string {
  const index = Object.entries(item.indexWcu).map(([name, units]) => `+${units} ${name}`);
  const units = item.rcu > 0 ? `${item.rcu} RCU` : `${item.tableWcu} WCU${index.length > 0 ? ` (${index.join(', ')})` : ''}`;
  const bytes =
    item.kind === 'Query' || item.kind === 'Scan' || item.kind === 'Get'
      ? `${item.beforeBytes} B read`
      : `${item.beforeBytes} → ${item.afterBytes} B`;
  return `${item.who} ${item.command.replace(/Command$/, '')} ${item.kind}${item.indexName ? ` on ${item.indexName}` : ''} ${keyShape(item.key)}: ${bytes}, ${units}${item.failed ? ' (failed, billed)' : ''}`;
}

/** Measures every operation's capacity and the 20-way burst; see the file comment. */
export async function measureCost(): Promise<CostReport> {
  const savedEnv = { ...process.env };
  const dynamoDb = await startDynamoDbLocal();
  Object.assign(process.env, { DDB_ENDPOINT: dynamoDb.endpoint, AWS_REGION: 'us-east-1', LOG_LEVEL: 'error' });
  const stack = await startMessagingStack().catch(async (error: unknown) => {
    await dynamoDb.stop();
    throw error;
  });
  const { tableName } = stack.db;
  const options = { ...ddbConfig(), tableName };
  const reader = createDynamoDbClients(options);
  const worker = createDynamoDbClients(options);
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials });
  try {
    const meter = new CapacityMeter(reader.client, [messagingTableDefinition(tableName)]);
    meter.attach(stack.api.get<DynamoDBClient>(DYNAMODB_CLIENT), 'app');
    meter.attach(worker.client, 'worker');
    const workerTable = new MessagingTable(worker.doc, tableName);
    const workerMetrics = new StreamMetrics();
    const noEvents = {
      published: () => undefined,
      changed: () => undefined,
      summariesUpdated: () => undefined,
    } as unknown as GroupEventsPublisher;
    const processor = new UpdateGroupSummariesService(
      workerTable,
      { concurrency: 8 },
      workerMetrics,
      noEvents,
      new ProfileFanoutService(workerTable, { concurrency: 8 }, workerMetrics, noEvents),
    );
    const { LatestStreamArn } = await describeTable(stack.db.client, tableName);
    const tail = new StreamTail(streams, LatestStreamArn!);
    /** The worker's turn: every new stream record through pattern E (retryable outcomes tried again, as the poller would). */
    const applyStream = async () => {
      let records = await tail.next();
      for (let attempt = 0; records.length > 0 && attempt < 5; attempt++) {
        const outcomes = await processor.processRecords(records);
        const waiting = new Set(outcomes.filter((outcome) => outcome.kind === 'retryable').map((outcome) => outcome.sequenceNumber));
        records = records.filter((record) => waiting.has(record.sequenceNumber));
      }
    };

    const tokens = Object.fromEntries(
      await Promise.all((Object.keys(SEED_PEOPLE) as SeedHandle[]).map(async (handle) => [handle, await stack.token(handle)] as const)),
    ) as Record<SeedHandle, string>;
    const call = async (who: SeedHandle, path: string, body?: unknown) => {
      const response = await stack.request(path, { token: tokens[who], body });
      if (response.status !== 200 && response.status !== 201)
        throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as Record<string, string>;
    };
    const send = (who: SeedHandle, to: { handle?: SeedHandle; group?: string }, message = MESSAGE) =>
      call(who, '/api/messages', to.handle ? { message, handle: to.handle } : { message, message_group_uuid: to.group });

    const samples = new Map<string, number>();
    const lastItems = new Map<string, PricedItem[]>();
    /** One sample of `operation`: the app's requests, then the worker's handling of the records they caused. */
    const sample = async <T>(operation: string, work: () => Promise<T>): Promise<T> => {
      const from = meter.items().length;
      const result = await meter.measure(operation, async () => {
        const answer = await work();
        await meter.settled();
        await applyStream();
        return answer;
      });
      samples.set(operation, (samples.get(operation) ?? 0) + 1);
      lastItems.set(operation, meter.items().slice(from));
      return result;
    };
    /** Setup, unmetered (the worker keeps up with it all the same). */
    const setup = async <T>(work: () => Promise<T>): Promise<T> => {
      const result = await work();
      await applyStream();
      return result;
    };

    // The first message of each of the three seed pairs.
    const first = {
      ab: await sample('first', () => send('andrewbrown', { handle: 'bayko' })),
      la: await sample('first', () => send('londo', { handle: 'andrewbrown' })),
    };
    await sample('first', () => send('bayko', { handle: 'londo' }));
    const dm = first.ab.message_group_uuid;
    // Sends into an existing conversation, alternating senders.
    for (let i = 0; i < 20; i++) await sample('send', () => send(i % 2 === 0 ? 'andrewbrown' : 'bayko', { group: dm }));
    // Mark-read up to the newest, with a few unread.
    for (let i = 0; i < 3; i++) await setup(() => send('bayko', { group: dm }));
    await sample('markReadNewest', () => call('andrewbrown', `/api/message_groups/${dm}/read`, {}));
    // Mark-read of an old message by its uuid: the 2nd of 60 unread.
    const sent: string[] = [];
    for (let i = 0; i < 60; i++) sent.push((await setup(() => send('londo', { group: first.la.message_group_uuid }))).uuid);
    await sample('markReadByUuid', () =>
      call('andrewbrown', `/api/message_groups/${first.la.message_group_uuid}/read`, { message_uuid: sent[1] }),
    );
    // 20 more conversations for andrewbrown, each with a message he has not read (written as the app writes them).
    const setupTable = new MessagingTable(reader.doc, tableName);
    const { andrewbrown } = SEED_PEOPLE;
    for (let i = 0; i < 20; i++) {
      const sender = { uuid: randomUUID(), handle: `cost_${i}`, displayName: `Cost ${i}` };
      await setup(() =>
        setupTable.createMessageGroup({
          sender,
          recipient: { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName },
          message: MESSAGE,
        }),
      );
    }
    // Block and unblock the other member of a conversation; typing (announced: each sample in a conversation of its own).
    const withMethod = async (who: SeedHandle, method: string, path: string, body?: unknown) => {
      const response = await stack.request(path, { token: tokens[who], method, body });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    for (let i = 0; i < 3; i++) {
      await sample('block', () => withMethod('andrewbrown', 'POST', '/api/blocks', { handle: 'londo' }));
      await sample('unblock', () => withMethod('andrewbrown', 'DELETE', '/api/blocks/@londo'));
    }
    // Edits and deletes (docs/design.md §12) of andrewbrown's messages in the DM: older ones (bayko has
    // read them: he marked read above, or sent after them) and new ones bayko has not read yet, then the last one.
    const history = (
      (await stack.request(`/api/messages/${dm}?limit=100`, { token: tokens.andrewbrown })).body as Array<{ uuid: string; handle: string }>
    ).filter((message) => message.handle === 'andrewbrown');
    for (let i = 0; i < 3; i++) {
      await sample('editNonLast', () =>
        withMethod('andrewbrown', 'PATCH', `/api/message_groups/${dm}/messages/${history[i].uuid}`, {
          message: `${MESSAGE.slice(0, 90)} (edited)`,
        }),
      );
      await sample('deleteNonLastRead', () =>
        withMethod('andrewbrown', 'DELETE', `/api/message_groups/${dm}/messages/${history[3 + i].uuid}`),
      );
    }
    const unreadByBayko: string[] = [];
    for (let i = 0; i < 4; i++) unreadByBayko.push((await setup(() => send('andrewbrown', { group: dm }))).uuid);
    for (let i = 0; i < 3; i++) {
      await sample('deleteNonLastUnread', () =>
        withMethod('andrewbrown', 'DELETE', `/api/message_groups/${dm}/messages/${unreadByBayko[i]}`),
      );
    }
    await sample('editLast', () =>
      withMethod('andrewbrown', 'PATCH', `/api/message_groups/${dm}/messages/${unreadByBayko[3]}`, {
        message: `${MESSAGE.slice(0, 90)} (edited)`,
      }),
    );
    await sample('deleteLast', () => withMethod('andrewbrown', 'DELETE', `/api/message_groups/${dm}/messages/${unreadByBayko[3]}`));
    for (const group of [dm, first.la.message_group_uuid]) {
      await sample('typing', () => withMethod('andrewbrown', 'POST', `/api/message_groups/${group}/typing`));
    }
    // A profile change (docs/design.md §12): 1 WCU for the PROFILE copy, then 2 WCU per conversation of the
    // person (the other member's summary and its index copy), after one Query of their own summaries.
    let renameConversations = 0;
    for await (const page of setupTable.conversationPartners(andrewbrown.uuid)) renameConversations += page.length;
    for (let i = 0; i < 3; i++) {
      await sample('rename', () => withMethod('andrewbrown', 'PATCH', '/api/profile', { display_name: `Andrew Brown ${i + 1}` }));
    }
    await setup(() => withMethod('andrewbrown', 'PATCH', '/api/profile', { display_name: andrewbrown.displayName }));
    for (let i = 0; i < 5; i++) {
      await sample('listPage', () => call('andrewbrown', '/api/message_groups'));
      await sample('messagesPage', () => call('andrewbrown', `/api/messages/${dm}`));
      await sample('conversation', () => call('andrewbrown', `/api/message_groups/${dm}`));
      await sample('unread', () => call('andrewbrown', '/api/unread'));
    }

    // The burst, unmetered (the meter's own reads would slow it and blur its images).
    const latencies: number[] = [];
    let errors = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const started = performance.now();
        const response = await stack.request('/api/messages', {
          token: tokens[i % 2 === 0 ? 'andrewbrown' : 'bayko'],
          body: { message: MESSAGE, message_group_uuid: dm },
        });
        latencies.push(performance.now() - started);
        if (response.status !== 200 && response.status !== 201) errors += 1;
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)];
    const burst = {
      sends: latencies.length,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      slowestMs: latencies.at(-1)!,
      errors,
      budgetP99Ms: BUDGETS.capacity.burstP99Ms,
      pass: at(0.99) <= BUDGETS.capacity.burstP99Ms && errors === 0,
    };

    const budget = BUDGETS.capacity;
    const spec: Array<Omit<CostRow, 'samples' | 'app' | 'worker' | 'total' | 'pass'>> = [
      {
        operation: 'send',
        budget: { wcu: budget.sendWcu, rcu: budget.sendRcu },
        before: '29.9 WCU (9.9 index), 3 RCU',
        original: `~${budget.originalWcuPerMessage} WCU`,
      },
      { operation: 'first', budget: { wcu: budget.firstMessageWcu }, before: '23 WCU', original: `~${budget.originalWcuPerMessage} WCU` },
      { operation: 'markReadNewest', budget: { wcu: budget.markReadWcu }, before: '8 WCU' },
      { operation: 'markReadByUuid', budget: { wcu: budget.markReadWcu, rcu: budget.markReadByUuidRcu } },
      { operation: 'block', budget: { wcu: budget.blockWcu } },
      { operation: 'unblock', budget: { wcu: budget.unblockWcu } },
      { operation: 'typing', budget: { wcu: budget.typingWcu, rcu: budget.typingRcu } },
      { operation: 'editNonLast', budget: { wcu: budget.changeNonLastWcu, rcu: budget.editRcu } },
      { operation: 'deleteNonLastRead', budget: { wcu: budget.changeNonLastWcu, rcu: budget.deleteRcu } },
      { operation: 'deleteNonLastUnread', budget: { wcu: budget.deleteUnreadWcu, rcu: budget.deleteRcu } },
      { operation: 'editLast', budget: { wcu: budget.changeLastWcu, rcu: budget.editRcu } },
      { operation: 'deleteLast', budget: { wcu: budget.changeLastWcu, rcu: budget.deleteRcu } },
      {
        operation: 'rename',
        budget: {
          wcu: budget.renameWcu + budget.renameWcuPerConversation * renameConversations,
          rcu: Math.ceil(renameConversations / budget.renameConversationsPerRcu),
        },
      },
      { operation: 'listPage', budget: {} },
      { operation: 'messagesPage', budget: {} },
      { operation: 'conversation', budget: {} },
      { operation: 'unread', budget: {} },
    ];
    const totals = meter.totals();
    const rows = spec.map((row): CostRow => {
      const count = samples.get(row.operation) ?? 1;
      const app = unitsOf(totals.get(row.operation)?.get('app'), count);
      const workerUnits = unitsOf(totals.get(row.operation)?.get('worker'), count);
      const total = plus(app, workerUnits);
      const judged = row.budget.wcu !== undefined || row.budget.rcu !== undefined;
      const pass = judged ? total.wcu <= (row.budget.wcu ?? Infinity) && total.rcu <= (row.budget.rcu ?? Infinity) : null;
      return { ...row, samples: count, app, worker: workerUnits, total, pass };
    });

    const sendItems = lastItems.get('send') ?? [];
    // Storage a send adds: the net growth of every item it wrote (+100 bytes of per-item overhead for an
    // item created, −100 for one deleted), once more for each index the item is copied into.
    const writes = meter
      .items()
      .filter((item) => item.operation === 'send' && item.rcu === 0 && item.kind !== 'ConditionCheck' && !item.failed);
    const overhead = (bytes: number) => (bytes > 0 ? bytes + 100 : 0);
    const bytesPerMessage =
      writes.reduce(
        (sum, item) => sum + (overhead(item.afterBytes) - overhead(item.beforeBytes)) * (1 + Object.keys(item.indexWcu).length),
        0,
      ) / (samples.get('send') ?? 1);
    return {
      rows,
      sendItems: sendItems.map(describeItem),
      burst,
      monthly: monthlyEstimate(rows, bytesPerMessage),
      unpriced: meter.unpriced,
    };
  } finally {
    streams.destroy();
    reader.client.destroy();
    worker.client.destroy();
    await stack.stop();
    await dynamoDb.stop();
    process.env = savedEnv;
  }
}

function monthlyEstimate(rows: CostRow[], bytesPerMessage: number): CostReport['monthly'] {
  const row = (operation: string) => rows.find((r) => r.operation === operation)!.total;
  const day: Array<[number, Units]> = [
    [DAY.sends, row('send')],
    [DAY.firstMessages, row('first')],
    [DAY.markReads, row('markReadNewest')],
    [DAY.listPages, row('listPage')],
    [DAY.messagePages, row('messagesPage')],
    [DAY.unread, row('unread')],
  ];
  const perPersonDay = { wcu: day.reduce((sum, [n, u]) => sum + n * u.wcu, 0), rcu: day.reduce((sum, [n, u]) => sum + n * u.rcu, 0) };
  const estimates = [1_000, 1_000_000].map((people): MonthlyEstimate => {
    const writes = (perPersonDay.wcu * people * 30 * PRICES.perMillionWriteUnits) / 1e6;
    const reads = (perPersonDay.rcu * people * 30 * PRICES.perMillionReadUnits) / 1e6;
    const storageAfterAYear = ((DAY.sends * 365 * people * bytesPerMessage) / 2 ** 30) * PRICES.perGbMonth;
    return { dailyActivePeople: people, writes, reads, storageAfterAYear, total: writes + reads + storageAfterAYear };
  });
  return {
    prices: PRICES,
    assumptions: [
      `each daily active person, per day: ${DAY.sends} sends into existing conversations, ${DAY.firstMessages} new conversations, ` +
        `${DAY.markReads} mark-reads, ${DAY.listPages} conversation-list pages, ${DAY.messagePages} message pages, ${DAY.unread} /api/unread; 30 days a month`,
      `storage: a year of messages at ${bytesPerMessage.toFixed(0)} B each (what a send adds to the table and its indexes, +100 B per item), $${PRICES.perGbMonth}/GB-month; the first 25 GB free tier ignored`,
      'not counted: DynamoDB Streams reads (free to a Lambda trigger), the worker lease table, backups, data transfer',
    ],
    perPersonDay,
    bytesPerMessage,
    estimates,
  };
}

const LABELS: Record<string, string> = {
  send: 'send into an existing conversation (100 chars, senders alternating)',
  first: 'first message of a new conversation',
  markReadNewest: 'mark-read up to the newest',
  markReadByUuid: 'mark-read by message_uuid of an old message (2nd of 60)',
  block: 'block a person you share a conversation with',
  unblock: 'unblock them',
  typing: 'typing (announced; 0 when within 3 s of the last)',
  editNonLast: 'edit a message that is not the last one',
  deleteNonLastRead: 'delete a message (not the last) the other person has read',
  deleteNonLastUnread: 'delete a message (not the last) the other person has not read: their count drops',
  editLast: 'edit the last message (both summaries show the new text)',
  deleteLast: 'delete the last message (both summaries show the tombstone)',
  rename: "change one's display name, with 22 conversations (each other member's summary updated by the stream-worker)",
  listPage: 'GET /api/message_groups (20 conversations)',
  messagesPage: 'GET /api/messages/:id (20 messages)',
  conversation: 'GET /api/message_groups/:id',
  unread: 'GET /api/unread',
};

const n = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const money = (value: number) => `$${value < 100 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US')}`;

/** The report's section for the cost phase (markdown lines). */
export function costMarkdown(cost: CostReport): string[] {
  const verdict = (pass: boolean | null) => (pass === null ? '—' : pass ? 'pass' : '**fail**');
  const budgetText = (row: CostRow) =>
    [row.budget.wcu !== undefined ? `≤ ${row.budget.wcu} WCU` : '', row.budget.rcu !== undefined ? `≤ ${row.budget.rcu} RCU` : '']
      .filter(Boolean)
      .join(', ') || '—';
  const units = (u: Units) =>
    `${n(u.wcu)} WCU${u.indexWcu > 0 ? ` (${n(u.indexWcu)} index)` : ''}, ${n(u.rcu)} RCU${u.indexRcu > 0 ? ` (${n(u.indexRcu)} index)` : ''}`;
  const { monthly, burst } = cost;
  return [
    "DynamoDB capacity per operation, priced by AWS's rules (docs/design.md §3) from every item's before- and after-image " +
      "(app = messages-api over HTTP, worker = the stream-worker's pattern E over the table's stream records; averages over the samples):",
    '',
    '| operation | samples | app | worker | total | budget | | measured before (issue 19) | original week-5 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...cost.rows.map(
      (row) =>
        `| ${LABELS[row.operation] ?? row.operation} | ${row.samples} | ${units(row.app)} | ${units(row.worker)} | ${units(row.total)} | ` +
        `${budgetText(row)} | ${verdict(row.pass)} | ${row.before ?? '—'} | ${row.original ?? '—'} |`,
    ),
    '',
    `20 concurrent sends into one DM: p50 ${burst.p50Ms.toFixed(0)} ms, p99 ${burst.p99Ms.toFixed(0)} ms, slowest ${burst.slowestMs.toFixed(0)} ms, ` +
      `${burst.errors} failed (budget p99 ≤ ${burst.budgetP99Ms} ms: ${verdict(burst.pass)}).`,
    '',
    'What one send into an existing conversation wrote and read (the last sample):',
    '',
    ...cost.sendItems.map((item) => `- ${item}`),
    '',
    `Monthly cost on demand (us-east-1 list prices: $${monthly.prices.perMillionWriteUnits} per million write request units, ` +
      `$${monthly.prices.perMillionReadUnits} per million read request units, $${monthly.prices.perGbMonth}/GB-month); ` +
      `per person and day ${n(monthly.perPersonDay.wcu)} WCU and ${n(monthly.perPersonDay.rcu)} RCU:`,
    '',
    '| daily active people | writes | reads | storage after a year | total a month |',
    '|---|---|---|---|---|',
    ...monthly.estimates.map(
      (e) =>
        `| ${e.dailyActivePeople.toLocaleString('en-US')} | ${money(e.writes)} | ${money(e.reads)} | ${money(e.storageAfterAYear)} | ${money(e.total)} |`,
    ),
    '',
    ...monthly.assumptions.map((assumption) => `- ${assumption}`),
    ...(cost.unpriced > 0 ? ['', `(${cost.unpriced} request(s) to tables the meter does not know were not priced.)`] : []),
  ];
}
