import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { fromGroupSummaryItem, type GroupSummary, toGroupSummaryItem } from '../entities/group-summary.entity';
import { type IdempotencyRecord, putIdempotencyRecord } from '../entities/idempotency.entity';
import { type MessageGroup, messageGroupUuidFor, toMessageGroupItem } from '../entities/message-group.entity';
import { type Message, messageUuidAt, toMessageItem } from '../entities/message.entity';
import type { Person } from '../entities/person';
import { blockKeys } from '../entities/block.entity';
import {
  BlockedError,
  DuplicateItemError,
  IdempotencyKeyUsedError,
  TransactionCanceledError,
  TransactionConflictError,
  translated,
} from '../errors';
import { getMessageGroup } from './get-message-group';
import { newMessage, putMessageIntoGroup } from './put-message';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';
import { nowIso } from '../time';
import { assertPerson } from './validate';

export interface FirstMessage {
  sender: Person;
  recipient: Person;
  message: string;
  messageUuid?: string;
  createdAt?: string;
  /** Remember this outcome under the sender's Idempotency-Key, atomically with the message (see NewMessage). */
  idempotency?: (message: Message) => IdempotencyRecord;
  /** When the pair's group already exists: move the summaries with the message (see NewMessage). */
  movesSummaries?: boolean;
}

export interface SentMessage {
  message: Message;
  /** True when this call created the group; false when it posted into the pair's existing group. */
  groupCreated: boolean;
  /** The group as read just before the write (its summaries already show the message when it was created). */
  group: MessageGroup;
  /** The summaries this send wrote, as written (both when it created the group). */
  summaries: GroupSummary[];
}

const GROUP_ITEM = 0;
const MESSAGE_ITEM = 3;
const BLOCK_CHECK = 4;
const IDEMPOTENCY_ITEM = 5;

/**
 * Pattern D: the first message between two people. The group item (with its counts: one message,
 * `seq` 1), both members' GRP items (showing the message; the sender has read up to it, the
 * recipient has it unread) and the message are written in one transaction, so either all exist or
 * none do. The group uuid is derived from the pair, so a racing second creator
 * fails the group item's condition and posts into the group the first one made (pattern C, which
 * sequences it after the first): one group per pair, and no message is lost.
 */
export async function createMessageGroup(table: TableContext, input: FirstMessage): Promise<SentMessage> {
  // The sender is checked by newMessage below, with every other field of the message.
  assertPerson(input.recipient, 'recipient');
  const messageGroupUuid = messageGroupUuidFor(input.sender.uuid, input.recipient.uuid);
  const draft = newMessage({ ...input, messageGroupUuid });

  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const existing = await getMessageGroup(table, messageGroupUuid);
    if (existing) {
      const { recipient: _recipient, ...rest } = input;
      const stored = await putMessageIntoGroup(table, { ...rest, messageGroupUuid }, existing);
      return { ...stored, groupCreated: false };
    }
    // Stamped per attempt, like pattern C: the time is the commit's, not the first try's.
    const createdAt = input.createdAt ?? nowIso();
    const message: Message = {
      ...draft,
      messageUuid: input.messageUuid ?? messageUuidAt(createdAt),
      createdAt,
      sequence: { seq: 1, countsAfter: { [draft.sender.uuid]: 1, [input.recipient.uuid]: 0 } },
    };
    try {
      const { group, summaries } = await writeNewGroup(table, message, input.recipient, input.idempotency?.(message));
      return { message, group, groupCreated: true, summaries };
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error;
      if (error.failedConditionAt(IDEMPOTENCY_ITEM)) {
        throw new IdempotencyKeyUsedError('this Idempotency-Key was already used', { cause: error });
      }
      if (error.failedConditionAt(MESSAGE_ITEM)) {
        throw new DuplicateItemError(`message ${message.messageUuid} already exists`, { cause: error });
      }
      if (error.failedConditionAt(BLOCK_CHECK)) throw new BlockedError('the recipient does not accept your messages', { cause: error });
      // The group appeared meanwhile (or a concurrent writer held it): look again and post into it.
      if (!error.failedConditionAt(GROUP_ITEM) && !error.retryable) throw error;
      await backoff(attempt);
    }
  }
  throw new TransactionConflictError(`could not create message group ${messageGroupUuid}: too much contention`);
}

async function writeNewGroup(
  table: TableContext,
  message: Message,
  recipient: Person,
  idempotency: IdempotencyRecord | undefined,
): Promise<{ group: MessageGroup; summaries: GroupSummary[] }> {
  const sender = message.sender;
  const group: MessageGroup = {
    messageGroupUuid: message.messageGroupUuid,
    members: sender.uuid < recipient.uuid ? [sender, recipient] : [recipient, sender],
    createdAt: message.createdAt,
    messageCount: 1,
    sentCounts: message.sequence!.countsAfter,
    lastCommitted: { messageUuid: message.messageUuid, createdAt: message.createdAt },
    blockedBy: [],
  };
  // The recipient has the message unread; the sender has read up to it (nothing of the other's yet).
  const summaryFor = (owner: Person, otherPerson: Person) =>
    toGroupSummaryItem({
      ownerUuid: owner.uuid,
      messageGroupUuid: group.messageGroupUuid,
      otherPerson,
      lastMessage: message.message,
      lastMessageAt: message.createdAt,
      lastMessageUuid: message.messageUuid,
      otherSent: owner === sender ? 0 : 1,
      read:
        owner === sender ? { upTo: message.createdAt, upToUuid: message.messageUuid, count: 0 } : { upTo: null, upToUuid: null, count: 0 },
    });
  const summaryItems = [summaryFor(sender, recipient), summaryFor(recipient, sender)];
  const mustBeNew = 'attribute_not_exists(pk)';
  await translated(() =>
    table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table.tableName, Item: toMessageGroupItem(group), ConditionExpression: mustBeNew } },
          ...summaryItems.map((Item) => ({ Put: { TableName: table.tableName, Item, ConditionExpression: mustBeNew } })),
          { Put: { TableName: table.tableName, Item: toMessageItem(message), ConditionExpression: mustBeNew } },
          // The recipient does not block the sender (blockPerson's other half: no conversation yet).
          {
            ConditionCheck: { TableName: table.tableName, Key: blockKeys.of(recipient.uuid, sender.uuid), ConditionExpression: mustBeNew },
          },
          ...(idempotency ? [putIdempotencyRecord(table.tableName, idempotency)] : []),
        ],
      }),
    ),
  );
  return { group, summaries: summaryItems.map(fromGroupSummaryItem) };
}
