import {
  DdbUnavailableError,
  InvalidArgumentError,
  MessageGroupNotFoundError,
  ThrottledError,
  TransactionConflictError,
  type DeadLetter,
} from '@app/ddb';
import type { ChangeRecord } from './change-record';
import { classifyFailure, settleRecords } from './failure-policy';
import type { RecordOutcome } from './shard-record-processor.port';

const record = (n: number): ChangeRecord => ({ sequenceNumber: String(n), eventName: 'INSERT' });

describe('classifyFailure', () => {
  it.each([
    ['throttling', new ThrottledError('slow down')],
    ['an outage', new DdbUnavailableError('ECONNREFUSED')],
    ['a transaction conflict', new TransactionConflictError('contention')],
    ['anything not known to be permanent', new Error('surprise')],
  ])('holds on %s (retryable)', (_name, error) => {
    expect(classifyFailure('7', error)).toEqual({ kind: 'retryable', sequenceNumber: '7', reason: error.message });
  });

  it.each([
    ['an orphan message', new MessageGroupNotFoundError('missing group'), 'orphan_message'],
    ['a non-member sender', new InvalidArgumentError('sent by a non-member'), 'non_member_sender'],
  ])('dead-letters %s (permanent)', (_name, error, reasonCode) => {
    expect(classifyFailure('7', error)).toEqual({ kind: 'permanent', sequenceNumber: '7', reasonCode, reason: error.message });
  });
});

describe('settleRecords', () => {
  const backoff = { baseMs: 1, capMs: 1 };

  it('retries only the records still waiting, and dead-letters the permanent ones once', async () => {
    const verdicts: Array<Record<string, RecordOutcome['kind']>> = [
      { '1': 'applied', '2': 'retryable', '3': 'permanent', '4': 'retryable' },
      { '2': 'retryable', '4': 'applied' },
      { '2': 'applied' },
    ];
    const calls: string[][] = [];
    const letters: DeadLetter[] = [];
    const settlement = await settleRecords([1, 2, 3, 4].map(record), {
      processor: {
        processRecords: async (batch) => {
          const verdict = verdicts[calls.length];
          calls.push(batch.map((r) => r.sequenceNumber));
          return batch.map(
            (r) =>
              ({
                kind: verdict[r.sequenceNumber],
                sequenceNumber: r.sequenceNumber,
                reason: 'x',
                reasonCode: 'orphan_message',
              }) as RecordOutcome,
          );
        },
      },
      deadLetters: { put: async (letter) => void letters.push(letter) },
      source: 'shard-1',
      backoff,
      keepTrying: () => true,
    });
    expect(calls).toEqual([['1', '2', '3', '4'], ['2', '4'], ['2']]);
    expect(letters).toEqual([
      expect.objectContaining({ sequenceNumber: '3', shardId: 'shard-1', reasonCode: 'orphan_message', replayAttempts: 0 }),
    ]);
    expect(settlement).toEqual({ unsettled: [], deadLettered: 1 });
  });

  it('gives back what still waits, in stream order, once told to stop trying', async () => {
    let tries = 0;
    const settlement = await settleRecords([1, 2, 3].map(record), {
      processor: {
        processRecords: async (batch) =>
          batch.map(
            (r) =>
              ({
                kind: r.sequenceNumber === '1' ? 'applied' : 'retryable',
                sequenceNumber: r.sequenceNumber,
                reason: 'down',
              }) as RecordOutcome,
          ),
      },
      deadLetters: { put: async () => undefined },
      source: 's',
      backoff,
      keepTrying: () => ++tries < 3,
    });
    expect(settlement.unsettled.map((entry) => entry.record.sequenceNumber)).toEqual(['2', '3']);
  });
});
