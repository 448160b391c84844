import { fromGroupSummaryItem, type GroupSummary, groupSummaryKeys } from '../entities/group-summary.entity';
import { type Page, type PageRequest, queryNewestFirst } from './query-page';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/** Pattern B: one page of a person's groups, the most recently active first (the activity index, strongly consistent). */
export async function listMessageGroups(table: TableContext, ownerUuid: string, request: PageRequest = {}): Promise<Page<GroupSummary>> {
  assertUuid(ownerUuid, 'ownerUuid');
  return queryNewestFirst(table, groupSummaryKeys.partition(ownerUuid), groupSummaryKeys.sortPattern, request, fromGroupSummaryItem, {
    activityPattern: groupSummaryKeys.activityPattern,
  });
}
