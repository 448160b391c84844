import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `probe` until it returns something truthy, then returns that. Used where a test waits for
 * an asynchronous effect (a stream record, a moved summary): a condition, never a fixed sleep.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(intervalMs);
  }
}
