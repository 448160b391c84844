import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffSettings {
  baseMs: number;
  capMs: number;
}

/**
 * Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a
 * random wait below `min(cap, base·2^attempt)`, so workers that failed together do not retry together.
 */
export function retryDelayMs(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  return random() * Math.min(settings.capMs, settings.baseMs * 2 ** attempt);
}

/**
 * The pause before polling a shard that returned nothing `idlePolls` times in a row: doubles from
 * `baseMs` up to `capMs`, with "equal jitter" (half fixed, half random) so an idle shard is neither
 * hammered nor left alone for long when a message arrives.
 */
export function idlePollDelayMs(idlePolls: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** idlePolls);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/** Waits `ms`, or less if `signal` aborts; resolves false when it was aborted. Never rejects. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
