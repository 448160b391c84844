import type { TableContext } from './table-context';

/** The tail of each key's queue, per client (a test may run several tables in one process). */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `work` after every earlier `work` of the same key (on the same client) has settled, so
 * writes that would race for one item in this process take turns instead. Other processes still
 * race; the writes stay conditional for them.
 */
export async function oneAtATime<T>(table: TableContext, key: string, work: () => Promise<T>): Promise<T> {
  let tails = queues.get(table.doc);
  if (!tails) queues.set(table.doc, (tails = new Map()));
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
