import {
  type DeadLetter,
  type DeadLetterReason,
  type DeadLetterStore,
  type MessagingTable,
  nowIso,
  type ProfileCopy,
  profileFromStreamImage,
  replayDeadLetter,
  type ReplayOutcome,
} from '@app/ddb';
import type { GroupEventsPublisher } from '../events/group-events.publisher';
import type { ProfileFanoutService } from '../profiles/profile-fanout.service';
import type { ChangeRecord } from './change-record';
import type { RecordOutcome } from './shard-record-processor.port';

/** What one replayed dead letter came to (the store's outcome, without the message it carried). */
export type ReplayResult =
  { sequenceNumber: string; result: 'applied'; summaries: 'moved' | 'unchanged' } | Extract<ReplayOutcome, { result: 'still_failing' }>;

export interface DeadLetterReplayDeps {
  table: MessagingTable;
  store: DeadLetterStore;
  events: Pick<GroupEventsPublisher, 'publishAndWait' | 'changedAndWait'>;
  /** The worker's profile fan-out, for a set-aside PROFILE record (docs/design.md §12). */
  profiles: Pick<ProfileFanoutService, 'apply'>;
}

/**
 * Replays dead letters in order through pattern E (libs/ddb's replayDeadLetter) and announces each
 * one that applies as the worker announces an applied message (docs/design.md §8): `message.created` to
 * both members (`message.updated` / `message.deleted` for an edit or delete) and `message_group.updated`
 * for the summaries it moved, so open event streams hear of a message that was set aside. A profile
 * change's record goes through the worker's own fan-out instead. Waits for each push (a one-shot
 * command exits after).
 */
export async function replayDeadLetters(deps: DeadLetterReplayDeps, letters: DeadLetter[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  for (const letter of letters) {
    const profile = profileOf(letter);
    if (profile) {
      results.push(await replayProfile(deps, letter, profile));
      continue;
    }
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

/** The profile copy a dead letter's image holds, or null (another entity, or an image that does not parse: pattern E's replay says why). */
function profileOf(letter: DeadLetter): ProfileCopy | null {
  try {
    return profileFromStreamImage(letter.newImage);
  } catch {
    return null;
  }
}

/**
 * A profile change's record, applied again as the worker applies it (safe to repeat: every copy only
 * moves forward). Applied: removed. Still impossible: kept, with the new reason. A retryable failure
 * is thrown and the dead letter is left as it was.
 */
async function replayProfile(deps: DeadLetterReplayDeps, letter: DeadLetter, profile: ProfileCopy): Promise<ReplayResult> {
  const record: ChangeRecord = {
    sequenceNumber: letter.sequenceNumber,
    eventName: letter.eventName as ChangeRecord['eventName'],
    newImage: letter.newImage as ChangeRecord['newImage'],
  };
  const outcomes = new Map<string, RecordOutcome>();
  await deps.profiles.apply([{ record, profile }], outcomes);
  const outcome = outcomes.get(letter.sequenceNumber);
  if (outcome?.kind === 'applied') {
    await deps.store.remove(letter.sequenceNumber);
    return { sequenceNumber: letter.sequenceNumber, result: 'applied', summaries: 'moved' };
  }
  if (outcome?.kind === 'permanent') {
    const reasonCode = outcome.reasonCode as DeadLetterReason;
    await deps.store.recordFailedReplay(letter.sequenceNumber, reasonCode, outcome.reason, nowIso());
    return { sequenceNumber: letter.sequenceNumber, result: 'still_failing', reasonCode, reason: outcome.reason };
  }
  throw new Error(`profile record ${letter.sequenceNumber} could not be applied now: ${outcome?.reason ?? 'no outcome'}; try again later`);
}
