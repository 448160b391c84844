import type { GroupSummary } from '../entities/group-summary.entity';
import type { Message } from '../entities/message.entity';
import type { MessagingTable } from '../messaging-table';
import { messageFromStreamImage } from '../stream-record';
import { nowIso } from '../time';
import { type DeadLetter, DeadLetterReason, permanentFailureReason } from './dead-letter';
import type { DeadLetterStore } from './dead-letter-store';

export type ReplayOutcome =
  /**
   * `message` and the summaries it `moved`, for the caller to announce (the worker's live events);
   * `change`: the record was an edit or delete of the message (docs/design.md §12), not the message's arrival.
   */
  | {
      sequenceNumber: string;
      result: 'applied';
      summaries: 'moved' | 'unchanged';
      message: Message;
      moved: GroupSummary[];
      change: boolean;
    }
  | { sequenceNumber: string; result: 'still_failing'; reasonCode: DeadLetterReason; reason: string };

/**
 * Tries a dead letter's record again through pattern E: a new message's as a summary move, an edit's
 * or delete's (a MODIFY carrying a revision) as that change. Safe to repeat: the summary move is
 * monotonic and a change idempotent, so a record applied twice (or after a newer message) changes nothing. Applied: the
 * dead letter is removed. Still impossible: it stays, with the new reason. A retryable failure
 * (DynamoDB throttling or down) is thrown and the dead letter is left as it was. Publishes nothing:
 * the stream-worker's replay command announces an applied message as the worker would have.
 */
export async function replayDeadLetter(table: MessagingTable, store: DeadLetterStore, letter: DeadLetter): Promise<ReplayOutcome> {
  let message: Message | null;
  try {
    message = messageFromStreamImage(letter.newImage);
  } catch (error) {
    return stillFailing(store, letter, DeadLetterReason.MalformedRecord, (error as Error).message);
  }
  if (!message) return stillFailing(store, letter, DeadLetterReason.MalformedRecord, 'the record holds no MSG image');
  const change = letter.eventName === 'MODIFY' && message.revision !== undefined;
  let move: Awaited<ReturnType<MessagingTable['updateGroupSummary']>>;
  try {
    if (change) {
      const changed = await table.applyMessageChange(message);
      move = { update: changed.length > 0 ? 'moved' : 'unchanged', moved: changed };
    } else {
      move = await table.updateGroupSummary(message);
    }
  } catch (error) {
    const reasonCode = permanentFailureReason(error);
    if (!reasonCode) throw error;
    return stillFailing(store, letter, reasonCode, (error as Error).message);
  }
  await store.remove(letter.sequenceNumber);
  return { sequenceNumber: letter.sequenceNumber, result: 'applied', summaries: move.update, message, moved: move.moved, change };
}

async function stillFailing(
  store: DeadLetterStore,
  letter: DeadLetter,
  reasonCode: DeadLetterReason,
  reason: string,
): Promise<ReplayOutcome> {
  await store.recordFailedReplay(letter.sequenceNumber, reasonCode, reason, nowIso());
  return { sequenceNumber: letter.sequenceNumber, result: 'still_failing', reasonCode, reason };
}
