import { Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeadLetterStore } from '@app/ddb';
import { StreamMetrics } from '../metrics/stream-metrics';
import { Checkpoint, type Lease } from './lease';
import type { HeldLease, LeaseRenewer } from './lease-renewer';
import type { LeaseTable } from './lease-table';
import type { LeaseTaker, TakeRound } from './lease-taker';
import type { ShardReadEnd, ShardReaderFactory } from './shard-reader';
import type { ShardStalls } from './shard-stalls';
import type { ShardSyncer } from './shard-syncer';
import type { StreamConsumerOptions } from './stream-consumer.config';
import { StreamConsumer } from './stream-consumer.service';

const ARN = 'arn:stream';
const lease = (leaseKey: string, fields: Partial<Lease> = {}): Lease => ({
  leaseKey,
  streamArn: ARN,
  leaseOwner: 'me',
  leaseCounter: 1,
  checkpoint: Checkpoint.TrimHorizon,
  ...fields,
});

/** Polls until `condition` holds (a few seconds at most: the fakes answer at once). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    if (condition()) return;
    await delay(5);
  }
  throw new Error(`${what}: not within 2.5 s`);
}

/** A shard reader the test ends: it runs until the test settles it or the scheduler aborts it ('stopped'). */
interface FakeReader {
  shardId: string;
  checkpoint: string;
  signal?: AbortSignal;
  /** Ignores an abort (a batch in hand) until the test ends it. */
  slow?: boolean;
  end(result: ShardReadEnd): void;
  fail(error: Error): void;
}

describe('StreamConsumer (the scheduler)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  let held: Map<string, HeldLease>;
  let round: Omit<TakeRound, 'leases'> & { leases: Lease[] };
  let leaseTable: jest.Mocked<Pick<LeaseTable, 'ensureExists' | 'release'>> & { tableName: string };
  let deadLetters: jest.Mocked<Pick<DeadLetterStore, 'ensureExists'>> & { tableName: string };
  let renewer: jest.Mocked<Pick<LeaseRenewer, 'shardIds' | 'get' | 'add' | 'remove' | 'isHeld' | 'renewAll' | 'releaseAll'>> & {
    size: number;
  };
  let taker: jest.Mocked<Pick<LeaseTaker, 'takeLeases'>>;
  let syncer: jest.Mocked<Pick<ShardSyncer, 'syncIfDue' | 'requestSync'>> & {
    streamArn: string | null;
    shardIdsInStream: ReadonlySet<string>;
  };
  let stalls: jest.Mocked<Pick<ShardStalls, 'forget' | 'stalled'>>;
  let readers: FakeReader[];
  let metrics: StreamMetrics;
  let consumer: StreamConsumer;

  beforeEach(() => {
    held = new Map();
    round = { leases: [], taken: [], lost: [] };
    leaseTable = {
      tableName: 'leases',
      ensureExists: jest.fn(async () => 'exists' as const),
      release: jest.fn<Promise<boolean>, [Lease, string]>(async () => true),
    };
    deadLetters = { tableName: 'dead-letters', ensureExists: jest.fn(async () => 'exists' as const) };
    // The renewer's bookkeeping, in memory; its DynamoDB writes are the mocks.
    renewer = {
      get size() {
        return held.size;
      },
      shardIds: jest.fn(() => [...held.keys()]),
      get: jest.fn((shardId: string) => held.get(shardId)),
      add: jest.fn((taken: Lease, takenAt: number) => {
        const entry = { lease: taken, renewedAt: takenAt };
        held.set(taken.leaseKey, entry);
        return entry;
      }),
      remove: jest.fn((shardId: string) => {
        const entry = held.get(shardId);
        held.delete(shardId);
        return entry;
      }),
      isHeld: jest.fn((shardId: string) => held.has(shardId)),
      renewAll: jest.fn(async () => []),
      releaseAll: jest.fn(async () => {
        const count = held.size;
        held.clear();
        return count;
      }),
    };
    taker = {
      takeLeases: jest.fn<Promise<TakeRound>, [string | null, ReadonlySet<string>]>(async () => {
        const taken = round.taken;
        round = { ...round, taken: [], lost: [] };
        return { leases: new Map(round.leases.map((each) => [each.leaseKey, each])), taken, lost: [] };
      }),
    };
    syncer = { streamArn: ARN, shardIdsInStream: new Set(), syncIfDue: jest.fn(async () => undefined), requestSync: jest.fn() };
    stalls = { forget: jest.fn(), stalled: jest.fn(() => []) };
    readers = [];
    const newReader: ShardReaderFactory = (_streamArn, shardId, checkpoint) => {
      const reader = { shardId, checkpoint } as FakeReader;
      readers.push(reader);
      return {
        run: (signal: AbortSignal) =>
          new Promise<ShardReadEnd>((resolve, reject) => {
            reader.signal = signal;
            reader.end = resolve;
            reader.fail = reject;
            signal.addEventListener('abort', () => reader.slow || resolve('stopped'), { once: true });
          }),
      };
    };
    metrics = new StreamMetrics();
    const options = { workerId: 'me', leaseDurationMs: 3_000, renewIntervalMs: 5 } as StreamConsumerOptions;
    consumer = new StreamConsumer(
      leaseTable as unknown as LeaseTable,
      deadLetters as unknown as DeadLetterStore,
      renewer as unknown as LeaseRenewer,
      taker as unknown as LeaseTaker,
      syncer as unknown as ShardSyncer,
      stalls as unknown as ShardStalls,
      newReader,
      metrics,
      options,
    );
  });
  afterEach(() => consumer.stop());

  /** Gives the scheduler `lease` in its next take round. */
  function offer(offered: Lease): void {
    round = {
      leases: [...round.leases.filter((each) => each.leaseKey !== offered.leaseKey), offered],
      taken: [{ lease: offered, takenAt: 1 }],
      lost: [],
    };
  }
  const rounds = () => taker.takeLeases.mock.calls.length;
  const gauge = async (name: 'leasesHeld' | 'leasesLost') => (await metrics[name].get()).values[0]?.value ?? 0;

  it('creates its tables once, then each round renews, syncs and takes, and reads every shard it takes from its checkpoint, once', async () => {
    offer(lease('a', { checkpoint: '000000000000000000042' }));
    consumer.onApplicationBootstrap();
    await until(() => rounds() >= 3, 'three rounds');
    expect(leaseTable.ensureExists).toHaveBeenCalledTimes(1);
    expect(deadLetters.ensureExists).toHaveBeenCalledTimes(1);
    expect(renewer.renewAll.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(syncer.syncIfDue.mock.calls.length).toBeGreaterThanOrEqual(3);
    expect(taker.takeLeases).toHaveBeenCalledWith(ARN, new Set());
    expect(taker.takeLeases).toHaveBeenLastCalledWith(ARN, new Set(['a']));
    expect(readers.map(({ shardId, checkpoint }) => [shardId, checkpoint])).toEqual([['a', '000000000000000000042']]);
    expect(await gauge('leasesHeld')).toBe(1);
    expect(consumer.status()).toMatchObject({
      running: true,
      workerId: 'me',
      streamArn: ARN,
      leasesHeld: 1,
      shards: ['a'],
      readers: 1,
      lastError: null,
    });
  });

  it('does not read a child shard until its parent has ended', async () => {
    round.leases = [lease('parent', { leaseOwner: 'other', checkpoint: '000000000000000000001' })];
    offer(lease('child', { parentShardId: 'parent' }));
    consumer.onApplicationBootstrap();
    await until(() => rounds() >= 3, 'three rounds');
    expect(readers).toEqual([]);
    round.leases = [
      lease('parent', { leaseOwner: undefined, checkpoint: Checkpoint.ShardEnd }),
      lease('child', { parentShardId: 'parent' }),
    ];
    await until(() => readers.length === 1, 'the child read');
    expect(readers[0].shardId).toBe('child');
  });

  it('stops reading a shard whose renewal was refused, gives it up and counts it lost; a new reader starts only once the old one has finished', async () => {
    offer(lease('a'));
    consumer.onApplicationBootstrap();
    await until(() => readers.length === 1, 'the first reader');
    // The old reader is slow to wind down: it ignores the abort until the test ends it.
    const [first] = readers;
    first.slow = true;
    renewer.renewAll.mockResolvedValueOnce(['a']);
    await until(() => first.signal!.aborted, 'the reader aborted');
    expect(held.has('a')).toBe(false);
    expect(stalls.forget).toHaveBeenCalledWith('a');
    expect(await gauge('leasesLost')).toBe(1);
    // Taken back at once, but not read twice at the same time.
    offer(lease('a', { leaseCounter: 3 }));
    await until(() => held.has('a') && rounds() >= 6, 'taken back');
    expect(readers).toHaveLength(1);
    first.end('stopped');
    await until(() => readers.length === 2, 'the second reader');
  });

  it('releases the lease of a shard read to its end and asks for a sync (its children are due)', async () => {
    offer(lease('a'));
    consumer.onApplicationBootstrap();
    await until(() => readers.length === 1, 'the reader');
    readers[0].end('shard-ended');
    await until(() => leaseTable.release.mock.calls.length === 1, 'the release');
    expect(leaseTable.release).toHaveBeenCalledWith(lease('a'), 'me');
    expect(syncer.requestSync).toHaveBeenCalled();
    expect(held.has('a')).toBe(false);
    expect(stalls.forget).toHaveBeenCalledWith('a');
  });

  it('restarts a reader that failed, from the checkpoint the lease holds', async () => {
    offer(lease('a', { checkpoint: '000000000000000000007' }));
    consumer.onApplicationBootstrap();
    await until(() => readers.length === 1, 'the reader');
    readers[0].fail(new Error('boom'));
    await until(() => readers.length === 2, 'the restarted reader');
    expect(readers[1].checkpoint).toBe('000000000000000000007');
  });

  it('reads a shard whose checkpoint could not be written again from the last checkpoint written, keeping its lease', async () => {
    offer(lease('a', { checkpoint: '000000000000000000007' }));
    consumer.onApplicationBootstrap();
    await until(() => readers.length === 1, 'the reader');
    readers[0].end('checkpoint-failed');
    await until(() => readers.length === 2, 'the restarted reader');
    expect(readers[1].checkpoint).toBe('000000000000000000007');
    expect(held.has('a')).toBe(true);
    expect(await gauge('leasesLost')).toBe(0);
  });

  it('reports a failing round in its status and keeps going', async () => {
    syncer.syncIfDue.mockRejectedValueOnce(new Error('ListShards throttled'));
    consumer.onApplicationBootstrap();
    await until(() => consumer.status().lastError === 'ListShards throttled', 'the error reported');
    expect(consumer.status().lastLoopAgeMs).toBeNull();
    await until(() => consumer.status().lastError === null, 'recovered');
    expect(consumer.status().lastLoopAgeMs).not.toBeNull();
  });

  it('on stop, waits for its readers to finish (a batch in hand), then releases every lease', async () => {
    offer(lease('a'));
    consumer.onApplicationBootstrap();
    await until(() => readers.length === 1, 'the reader');
    readers[0].slow = true;
    const stopped = consumer.stop();
    await until(() => readers[0].signal!.aborted, 'the reader told to stop');
    await delay(30);
    expect(renewer.releaseAll).not.toHaveBeenCalled();
    readers[0].end('stopped');
    await stopped;
    expect(renewer.releaseAll).toHaveBeenCalledTimes(1);
    expect(consumer.status().running).toBe(false);
    expect(await gauge('leasesHeld')).toBe(0);
  });
});
