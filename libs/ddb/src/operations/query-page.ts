import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '../cursor';
import type { Item, PageKey } from '../entities/entity';
import { ACTIVITY_ATTRIBUTE, CONVERSATION_ACTIVITY_INDEX } from '../table.definition';
import { InvalidArgumentError, translated } from '../errors';
import type { TableContext } from './table-context';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

export interface PageRequest {
  /** 1–100, default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of a partition, newest sort key first. It asks for one item more than the page holds,
 * so the last page knows it is the last (no empty trailing page when the count divides evenly).
 * Reads are strongly consistent (the activity index is a local one): a person sees their own write
 * on the next request.
 */
export async function queryNewestFirst<T>(
  table: TableContext,
  partition: string,
  sortPattern: RegExp,
  request: PageRequest,
  fromItem: (item: Item) => T,
  activityIndex?: { activityPattern: RegExp },
): Promise<Page<T>> {
  const limit = request.limit ?? DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new InvalidArgumentError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const startKey = request.cursor ? decodeCursor(request.cursor, partition, sortPattern, activityIndex?.activityPattern) : undefined;
  const output = await translated(() =>
    table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...(activityIndex ? { IndexName: CONVERSATION_ACTIVITY_INDEX } : {}),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit + 1,
        ExclusiveStartKey: startKey,
      }),
    ),
  );
  const items = output.Items ?? [];
  const pageItems = items.slice(0, limit);
  const last = pageItems.at(-1);
  const hasMore = items.length > limit;
  return {
    items: pageItems.map(fromItem),
    nextCursor: hasMore && last ? encodeCursor(pageKeyOf(last)) : null,
  };
}

/** The key a listing continues from: the item's key, and its activity when it is in the activity index. */
export function pageKeyOf(item: Item): PageKey {
  const activity = item[ACTIVITY_ATTRIBUTE];
  return { pk: String(item.pk), sk: String(item.sk), ...(typeof activity === 'string' ? { activity } : {}) };
}
