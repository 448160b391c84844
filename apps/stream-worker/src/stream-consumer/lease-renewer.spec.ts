import { type Lease } from './lease';
import { LeaseRenewer } from './lease-renewer';
import type { LeaseTable } from './lease-table';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
const lease = (leaseKey: string, leaseCounter = 1): Lease => ({
  leaseKey,
  streamArn: 'arn',
  leaseOwner: 'me',
  leaseCounter,
  checkpoint: 'TRIM_HORIZON',
});

describe('LeaseRenewer', () => {
  let now: number;
  let table: jest.Mocked<Pick<LeaseTable, 'renew' | 'checkpoint' | 'release'>>;
  let renewer: LeaseRenewer;

  beforeEach(() => {
    now = 1_000;
    table = {
      renew: jest.fn<Promise<number | null>, [Lease, string]>(async (held) => held.leaseCounter + 1),
      checkpoint: jest.fn<Promise<boolean>, [string, string, string]>(async () => true),
      release: jest.fn<Promise<boolean>, [Lease, string]>(async () => true),
    };
    renewer = new LeaseRenewer(table, 'me', 3_000, silent, () => now);
  });

  it('renews every lease it holds with its last counter, and keeps the new one', async () => {
    renewer.add(lease('a', 4), now);
    renewer.add(lease('b', 7), now);
    expect(await renewer.renewAll()).toEqual([]);
    expect(table.renew.mock.calls.map(([held, owner]) => [held.leaseKey, held.leaseCounter, owner])).toEqual([
      ['a', 4, 'me'],
      ['b', 7, 'me'],
    ]);
    await renewer.renewAll();
    expect(table.renew.mock.calls.slice(2).map(([held]) => held.leaseCounter)).toEqual([5, 8]);
  });

  it('reports the shards whose renewal was refused (another worker has them)', async () => {
    renewer.add(lease('a'), now);
    renewer.add(lease('b'), now);
    table.renew.mockImplementation(async (held) => (held.leaseKey === 'b' ? null : held.leaseCounter + 1));
    expect(await renewer.renewAll()).toEqual(['b']);
  });

  it('holds a lease only while its last successful renewal is younger than the lease duration', async () => {
    renewer.add(lease('a'), now);
    now += 2_999;
    expect(renewer.isHeld('a')).toBe(true);
    table.renew.mockRejectedValue(new Error('DynamoDB unreachable'));
    // A failed renewal is not a refusal: the shard is not reported lost, but the clock keeps running.
    expect(await renewer.renewAll()).toEqual([]);
    now += 1;
    expect(renewer.isHeld('a')).toBe(false);
    // A renewal that succeeds counts from when it was sent.
    table.renew.mockImplementation(async (held) => held.leaseCounter + 1);
    await renewer.renewAll();
    expect(renewer.isHeld('a')).toBe(true);
    expect(renewer.isHeld('unknown')).toBe(false);
  });

  it('writes a checkpoint as this worker and remembers it only once written', async () => {
    renewer.add(lease('a'), now);
    expect(await renewer.checkpoint('a', '000000000000000000042')).toBe(true);
    expect(table.checkpoint).toHaveBeenCalledWith('a', 'me', '000000000000000000042');
    expect(renewer.get('a')!.lease.checkpoint).toBe('000000000000000000042');
    table.checkpoint.mockResolvedValue(false);
    expect(await renewer.checkpoint('a', '000000000000000000043')).toBe(false);
    expect(renewer.get('a')!.lease.checkpoint).toBe('000000000000000000042');
  });

  it('releases every lease on shutdown, counting only the releases that went through, and holds none after', async () => {
    renewer.add(lease('a'), now);
    renewer.add(lease('b'), now);
    renewer.add(lease('c'), now);
    table.release.mockImplementation(async (held) => {
      if (held.leaseKey === 'c') throw new Error('timeout');
      return held.leaseKey === 'a';
    });
    expect(await renewer.releaseAll()).toBe(1);
    expect(table.release).toHaveBeenCalledTimes(3);
    expect(renewer.size).toBe(0);
  });

  it('stops renewing a removed lease', async () => {
    renewer.add(lease('a'), now);
    expect(renewer.remove('a')?.lease.leaseKey).toBe('a');
    expect(renewer.remove('a')).toBeUndefined();
    await renewer.renewAll();
    expect(table.renew).not.toHaveBeenCalled();
  });
});
