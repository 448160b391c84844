import { pause, retryDelayMs } from '@app/common';

/** Optimistic writes that lost a race wait a little (jittered) before reading again. */
const WRITE_BACKOFF = { baseMs: 10, capMs: 500 };

/** Waits before the next try of an optimistic write, so racing writers spread apart. */
export async function backoff(attempt: number): Promise<void> {
  await pause(retryDelayMs(attempt, WRITE_BACKOFF));
}

/** How many times an optimistic write is tried before its conflict is reported to the caller. */
export const MAX_WRITE_ATTEMPTS = 10;
