import { setTimeout as delay } from 'node:timers/promises';

export interface WaitUntilOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Pause between probes. */
  intervalMs?: number;
  /** What is awaited, for the timeout's message; a function is asked at timeout (e.g. for the last answer seen). */
  what?: string | (() => string);
  /** Checked before each probe: false fails at once (the process being waited on exited, say). */
  alive?: () => boolean;
  /** Ends the wait at once when aborted (a test that ended, say), with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns something truthy, then returns that; a probe that throws ends the
 * wait with its error, and so does an aborted `signal` (so no wait outlives what started it). The one poll loop of the tooling: launchers, benchmarks and tests wait for a
 * condition this way, never for a fixed time.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs, intervalMs = 100, what = 'condition', alive, signal }: WaitUntilOptions,
): Promise<T> {
  const describe = () => (typeof what === 'function' ? what() : what);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (alive && !alive()) throw new Error(`${describe()}: the process exited`);
    const value = await probe();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`${describe()} not met within ${timeoutMs} ms`);
    await delay(intervalMs, undefined, { signal });
  }
}
