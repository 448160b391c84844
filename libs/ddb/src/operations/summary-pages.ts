import { paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../entities/entity';
import { groupSummaryKeys } from '../entities/group-summary.entity';
import { translateAwsError } from '../errors';
import type { TableContext } from './table-context';

/**
 * A person's summaries (their GRP partition, `begins_with(sk, 'GROUP#')`), page by page: one
 * strongly consistent Query of one partition through the SDK's paginator, more pages only past
 * 1 MB. Never a Scan. `projection` keeps only the attributes a caller needs.
 */
export async function* summaryItemPages(table: TableContext, ownerUuid: string, projection?: string): AsyncGenerator<Item[]> {
  try {
    const pages = paginateQuery(
      { client: table.doc },
      {
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': groupSummaryKeys.partition(ownerUuid), ':prefix': groupSummaryKeys.sortPrefix },
        ...(projection ? { ProjectionExpression: projection } : {}),
        ConsistentRead: true,
      },
    );
    for await (const page of pages) yield page.Items ?? [];
  } catch (error) {
    throw translateAwsError(error);
  }
}
