import autocannon from 'autocannon';

export interface Load {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  /** The errors by kind: an HTTP status, `socket` or `timeout` (absent when there were none). */
  failures?: Record<string, number>;
}

/**
 * Drives one URL with autocannon at a fixed concurrency, for a number of requests (`amount`) or
 * of seconds, with a Bearer token, optionally POSTing a JSON body.
 */
export async function drive(
  url: string,
  token: string,
  run: { connections: number } & ({ amount: number } | { seconds: number }),
  body?: object,
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: run.connections,
    ...('amount' in run ? { amount: run.amount } : { duration: run.seconds }),
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return loadOf(result);
}

/** What an autocannon run measured, over the time it actually ran. */
export function loadOf(result: autocannon.Result): Load {
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    ...failuresOf(result),
  };
}

function failuresOf(result: autocannon.Result): Pick<Load, 'failures'> {
  const failures: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2') && count) failures[status] = count;
  }
  if (result.errors > 0) failures.socket = result.errors;
  if (result.timeouts > 0) failures.timeout = result.timeouts;
  return Object.keys(failures).length > 0 ? { failures } : {};
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
