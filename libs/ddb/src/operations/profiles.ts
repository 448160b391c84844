import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fromGroupSummaryItem, type GroupSummary, groupSummaryKeys } from '../entities/group-summary.entity';
import { fromProfileItem, type ProfileCopy, profileKeys, toProfileItem } from '../entities/profile.entity';
import { ConditionFailedError, translated } from '../errors';
import { batchGetItems } from './batch-get';
import { summaryItemPages } from './summary-pages';
import type { TableContext } from './table-context';
import { assertPerson } from './validate';

/** `written`: the copy now shows this version; `stale`: it already showed this version or a later one. */
export type ProfileCopyWrite = 'written' | 'stale';

/**
 * Writes a person's profile copy (docs/design.md §12): one PutItem (1 WCU) conditioned on the copy
 * moving to a higher version, so two quick changes written in either order, from any instance, leave
 * the later one. Writing the same version again changes nothing (a retried request is harmless).
 */
export async function putProfileCopy(table: TableContext, profile: ProfileCopy): Promise<ProfileCopyWrite> {
  assertPerson(profile.person, 'profile.person');
  try {
    await translated(() =>
      table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: toProfileItem(profile),
          ConditionExpression: 'attribute_not_exists(pk) OR profile_version < :version',
          ExpressionAttributeValues: { ':version': profile.version },
        }),
      ),
    );
    return 'written';
  } catch (error) {
    if (error instanceof ConditionFailedError) return 'stale';
    throw error;
  }
}

/**
 * The profile copies of these people (eventually consistent BatchGetItem, ½ RCU each, unless asked
 * `consistent`): those never changed have none and are absent from the map.
 */
export async function getProfileCopies(
  table: TableContext,
  userUuids: readonly string[],
  options: { consistent?: boolean } = {},
): Promise<Map<string, ProfileCopy>> {
  const items = await batchGetItems(table, [...new Set(userUuids)].map(profileKeys.of), { consistent: options.consistent ?? false });
  return new Map(items.map((item) => [fromProfileItem(item).person.uuid, fromProfileItem(item)]));
}

/** One of a person's conversations and the other member in it. */
export interface ConversationPartner {
  messageGroupUuid: string;
  otherUuid: string;
}

/**
 * A person's conversations with the other member of each, from their own GRP partition: a Query of
 * one partition (strongly consistent, so a conversation created just before is in it), paged by the
 * SDK's paginator, only the two attributes needed projected. Never a Scan.
 */
export async function* conversationPartners(table: TableContext, userUuid: string): AsyncGenerator<ConversationPartner[]> {
  for await (const items of summaryItemPages(table, userUuid, 'message_group_uuid, user_uuid')) {
    yield items.map((item) => ({ messageGroupUuid: String(item.message_group_uuid), otherUuid: String(item.user_uuid) }));
  }
}

/**
 * Copies a person's profile into the summary another member keeps of their conversation (where that
 * summary shows them as the other person): one UpdateItem (1 WCU + 1 on the activity index, whose key
 * does not change) conditioned on `user_profile_version` moving forward, so replays, duplicates and
 * out-of-order changes leave the latest. Returns the summary as written, or null when it already
 * showed this version or a later one (or does not exist).
 */
export async function copyProfileIntoSummary(
  table: TableContext,
  ownerUuid: string,
  messageGroupUuid: string,
  profile: ProfileCopy,
): Promise<GroupSummary | null> {
  try {
    const output = await translated(() =>
      table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: groupSummaryKeys.of(ownerUuid, messageGroupUuid),
          UpdateExpression: 'SET user_display_name = :name, user_handle = :handle, user_profile_version = :version',
          ConditionExpression:
            'attribute_exists(pk) AND user_uuid = :person AND (attribute_not_exists(user_profile_version) OR user_profile_version < :version)',
          ExpressionAttributeValues: {
            ':name': profile.person.displayName,
            ':handle': profile.person.handle,
            ':version': profile.version,
            ':person': profile.person.uuid,
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return fromGroupSummaryItem(output.Attributes!);
  } catch (error) {
    if (error instanceof ConditionFailedError) return null;
    throw error;
  }
}
