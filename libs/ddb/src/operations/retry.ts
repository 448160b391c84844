import { setTimeout as delay } from 'node:timers/promises';

/** Full-jitter exponential backoff (AWS architecture blog): spreads racing writers apart. */
export function backoffDelayMs(attempt: number, baseMs = 10, capMs = 500): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export async function backoff(attempt: number): Promise<void> {
  await delay(backoffDelayMs(attempt));
}

/** How many times an optimistic write is tried before its conflict is reported to the caller. */
export const MAX_WRITE_ATTEMPTS = 10;
