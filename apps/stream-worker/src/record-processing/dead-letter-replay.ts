import { type DeadLetter, type DeadLetterStore, type MessagingTable, replayDeadLetter, type ReplayOutcome } from '@app/ddb';
import type { GroupEventsPublisher } from '../events/group-events.publisher';

/** What one replayed dead letter came to (the store's outcome, without the message it carried). */
export type ReplayResult =
  { sequenceNumber: string; result: 'applied'; summaries: 'moved' | 'unchanged' } | Extract<ReplayOutcome, { result: 'still_failing' }>;

export interface DeadLetterReplayDeps {
  table: MessagingTable;
  store: DeadLetterStore;
  events: Pick<GroupEventsPublisher, 'publishAndWait' | 'changedAndWait'>;
}

/**
 * Replays dead letters in order through pattern E (libs/ddb's replayDeadLetter) and announces each
 * one that applies as the worker announces an applied message (docs/design.md §8): `message.created` to
 * both members (`message.updated` / `message.deleted` for an edit or delete) and `message_group.updated`
 * for the summaries it moved, so open event streams hear of a message that was set aside. Waits for each push (a one-shot command exits after).
 */
export async function replayDeadLetters(deps: DeadLetterReplayDeps, letters: DeadLetter[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for (const letter of letters) {
    const outcome = await replayDeadLetter(deps.table, deps.store, letter);
    if (outcome.result === 'applied') {
      if (outcome.change) await deps.events.changedAndWait(outcome.message, outcome.moved);
      else await deps.events.publishAndWait([outcome.message], outcome.moved);
      results.push({ sequenceNumber: outcome.sequenceNumber, result: 'applied', summaries: outcome.summaries });
    } else {
      results.push(outcome);
    }
  }
  return results;
}
