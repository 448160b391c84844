import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item, ItemKey } from '../entities/entity';
import { ThrottledError, translated } from '../errors';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';

/** BatchGetItem's limit of keys per call. */
const MAX_KEYS_PER_CALL = 100;

/**
 * Items by key, strongly consistent unless asked otherwise (½ the read units), in one BatchGetItem
 * per 100 keys; keys DynamoDB left unprocessed (throttling) are asked again with backoff. Missing
 * items are simply absent.
 */
export async function batchGetItems(table: TableContext, keys: ItemKey[], options: { consistent?: boolean } = {}): Promise<Item[]> {
  const consistent = options.consistent ?? true;
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_CALL) {
    let pending: ItemKey[] = keys.slice(start, start + MAX_KEYS_PER_CALL);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new ThrottledError(`${pending.length} item(s) left unprocessed by BatchGetItem`);
      if (attempt > 0) await backoff(attempt);
      const output = await translated(() =>
        table.doc.send(new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: consistent } } })),
      );
      found.push(...(output.Responses?.[table.tableName] ?? []));
      pending = (output.UnprocessedKeys?.[table.tableName]?.Keys ?? []) as ItemKey[];
    }
  }
  return found;
}
