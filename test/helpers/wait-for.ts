import { waitUntil } from '@app/dev-infra';
import { testSignal } from './test-scope';

/**
 * Polls `probe` until it returns something truthy, then returns that (dev-infra's waitUntil with
 * the tests' defaults). Used where a test waits for an asynchronous effect (a stream record, a
 * moved summary): a condition, never a fixed sleep. It stops when the running test ends (testSignal).
 */
export function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 15_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  return waitUntil(probe, { timeoutMs, intervalMs, signal: testSignal() });
}
