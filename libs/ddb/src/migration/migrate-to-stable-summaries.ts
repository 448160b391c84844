import { type DynamoDBDocumentClient, GetCommand, paginateScan, PutCommand } from '@aws-sdk/lib-dynamodb';
import { EntityType, type Item } from '../entities/entity';
import { toGroupSummaryItem } from '../entities/group-summary.entity';
import { fromMessageGroupItem, messageGroupKeys, otherMember } from '../entities/message-group.entity';
import { messageKeys } from '../entities/message.entity';
import { ConditionFailedError, translated } from '../errors';

/** What a migration did, by kind of item; `resumedAt` when it carried on from a saved position. */
export interface MigrationReport {
  copied: Record<string, number>;
  summariesRebuilt: number;
  readStatesFolded: number;
  /** Items the new table already had (an earlier run, or written by the apps since): left as they are. */
  alreadyThere: number;
  skipped: Array<{ pk: string; sk: string; reason: string }>;
  resumedAt: string | null;
}

/** Where a migration stands: kept in the new table, so a run that stopped carries on from there. */
const progressKey = (fromTable: string) => ({ pk: `MIGRATION#${fromTable}`, sk: 'MIGRATION' });

/**
 * Moves a table of the model before stable summaries into a table of this model (docs/design.md §3):
 * - MSG, GROUP, IDEMPOTENCY and EVENT_TICKET items are copied as they are (a GROUP without
 *   `last_committed_*` gets them from its summaries' pointer, its newest message);
 * - each time-keyed GRP summary becomes the member's stable summary (`GROUP#{group}`, `activity` for
 *   the index), with the other's sent count up to its last message and the member's read marker
 *   folded in from their MEMBER item, so every conversation keeps its history, order and unread count;
 * - MEMBER and UNREAD items (read state kept on items of its own) are not copied: the summaries hold it.
 * The new table must exist (created from this definition: the local index can only be made with a
 * table, which is why this is a copy and not an UpdateTable). Idempotent (an item the new table
 * already has is never overwritten) and resumable (the scan position is saved in the new table
 * after every page).
 * Run it with the apps stopped: a send during the copy could be missed (docs/deploy.md, "Migrating a table").
 */
export async function migrateToStableSummaries(doc: DynamoDBDocumentClient, fromTable: string, toTable: string): Promise<MigrationReport> {
  const saved = await translated(() => doc.send(new GetCommand({ TableName: toTable, Key: progressKey(fromTable), ConsistentRead: true })));
  const resumeFrom = (saved.Item?.last_key as Record<string, unknown> | undefined) ?? undefined;
  if (saved.Item?.done === true)
    return { copied: {}, summariesRebuilt: 0, readStatesFolded: 0, alreadyThere: 0, skipped: [], resumedAt: 'done' };
  const report: MigrationReport = {
    copied: {},
    summariesRebuilt: 0,
    readStatesFolded: 0,
    alreadyThere: 0,
    skipped: [],
    resumedAt: resumeFrom ? JSON.stringify(resumeFrom) : null,
  };
  const saveProgress = (item: Item) => translated(() => doc.send(new PutCommand({ TableName: toTable, Item: item })));
  /** Writes an item the new table does not have yet; false when it has (never overwritten). */
  const put = async (item: Item): Promise<boolean> => {
    try {
      await translated(() => doc.send(new PutCommand({ TableName: toTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
      return true;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      report.alreadyThere += 1;
      return false;
    }
  };
  const getOld = async (key: { pk: string; sk: string }) =>
    (await translated(() => doc.send(new GetCommand({ TableName: fromTable, Key: key, ConsistentRead: true })))).Item;

  const pages = paginateScan(
    { client: doc },
    { TableName: fromTable, ConsistentRead: true, ...(resumeFrom ? { ExclusiveStartKey: resumeFrom } : {}) },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const entity = String(item.entity ?? '');
      if (entity === EntityType.LegacyReadState || entity === EntityType.LegacyUnreadEntry) continue;
      if (entity === EntityType.GroupSummary) {
        const rebuilt = await rebuildSummary(item, getOld);
        if ('reason' in rebuilt) report.skipped.push({ pk: String(item.pk), sk: String(item.sk), reason: rebuilt.reason });
        else if (await put(rebuilt.item)) {
          report.summariesRebuilt += 1;
          if (rebuilt.foldedReadState) report.readStatesFolded += 1;
        }
        continue;
      }
      if (await put(entity === EntityType.MessageGroup ? withLastCommitted(item) : item))
        report.copied[entity] = (report.copied[entity] ?? 0) + 1;
    }
    if (page.LastEvaluatedKey) await saveProgress({ ...progressKey(fromTable), entity: 'MIGRATION', last_key: page.LastEvaluatedKey });
  }
  await saveProgress({ ...progressKey(fromTable), entity: 'MIGRATION', done: true });
  return report;
}

function withLastCommitted(item: Item): Item {
  if (item.last_committed_uuid || !item.last_message_uuid) return item;
  return { ...item, last_committed_uuid: item.last_message_uuid, last_committed_at: item.last_message_at };
}

/** A member's stable summary from their time-keyed one, their group (the message it shows) and their read state. */
async function rebuildSummary(
  old: Item,
  getOld: (key: { pk: string; sk: string }) => Promise<Item | undefined>,
): Promise<{ item: Item; foldedReadState: boolean } | { reason: string }> {
  const ownerUuid = String(old.owner_user_uuid);
  const messageGroupUuid = String(old.message_group_uuid);
  const groupItem = await getOld(messageGroupKeys.of(messageGroupUuid));
  if (!groupItem) return { reason: 'its group does not exist' };
  const group = fromMessageGroupItem(withLastCommitted(groupItem));
  const other = otherMember(group, ownerUuid);
  // The settled summary shows the group's newest message (an old summary pattern E had not moved yet catches up here).
  const newest = group.lastCommitted;
  const shown = await getOld(messageKeys.of({ messageGroupUuid, createdAt: newest.createdAt, messageUuid: newest.messageUuid }));
  const countsAfter = shown?.counts_after as Record<string, number> | undefined;
  const last = shown
    ? { text: String(shown.message), at: newest.createdAt, uuid: newest.messageUuid }
    : { text: String(old.message), at: String(old.last_message_at), uuid: newest.messageUuid };
  const readState = await getOld({ pk: `MEMBER#${ownerUuid}`, sk: `GROUP#${messageGroupUuid}` });
  const item = toGroupSummaryItem({
    ownerUuid,
    messageGroupUuid,
    otherPerson: other,
    lastMessage: last.text,
    lastMessageAt: last.at,
    lastMessageUuid: last.uuid,
    otherSent: countsAfter?.[other.uuid] ?? group.sentCounts[other.uuid] ?? 0,
    read: {
      upTo: typeof readState?.read_up_to === 'string' ? readState.read_up_to : null,
      upToUuid: typeof readState?.read_up_to_uuid === 'string' ? readState.read_up_to_uuid : null,
      count: typeof readState?.read_count === 'number' ? readState.read_count : 0,
    },
  });
  return { item, foldedReadState: readState !== undefined };
}
