import { pause, retryDelayMs } from '@app/common';

/** Optimistic writes that lost a race wait a little (jittered) before reading again. */
const WRITE_BACKOFF = { baseMs: 10, capMs: 500 };

/** Waits before the next try of an optimistic write, so racing writers spread apart. */
export async function backoff(attempt: number): Promise<void> {
  await pause(retryDelayMs(attempt, WRITE_BACKOFF));
}

/** How many times an optimistic write is tried before its conflict is reported to the caller. */
export const MAX_WRITE_ATTEMPTS = 10;

/**
 * Message writes into one group commit one at a time (each is conditioned on the group's
 * `message_count`), so a burst of N concurrent sends into one conversation needs about N rounds:
 * more tries than other optimistic writes and shorter waits (a loser only has to read the group
 * again), still bounded: a conversation busier than that answers 503 `busy`. 30 tries wait at
 * most about 3.5 s in total.
 */
export const MAX_SEQUENCE_ATTEMPTS = 30;
const SEQUENCE_BACKOFF = { baseMs: 5, capMs: 150 };

/** Waits before a message write (or a mark-read) tries the group's next position again. */
export async function sequenceBackoff(attempt: number): Promise<void> {
  await pause(retryDelayMs(attempt, SEQUENCE_BACKOFF));
}
