import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IdempotencyRecord, putIdempotencyRecord } from '../entities/idempotency.entity';
import {
  isMember,
  type MessageGroup,
  messageGroupKeys,
  newestMessageOf,
  otherMember,
  sentCount,
} from '../entities/message-group.entity';
import { type Message, messageKeys, toMessageItem } from '../entities/message.entity';
import type { Person } from '../entities/person';
import {
  DuplicateItemError,
  IdempotencyKeyUsedError,
  InvalidArgumentError,
  MessageGroupNotFoundError,
  TransactionCanceledError,
  TransactionConflictError,
  translated,
} from '../errors';
import { nowIso } from '../time';
import { getMessageGroup } from './get-message-group';
import { readStateWritesOfMessage } from './read-state-writes';
import { MAX_SEQUENCE_ATTEMPTS, sequenceBackoff } from './retry';
import type { TableContext } from './table-context';
import { summaryMoveWrites } from './update-group-summary';
import { assertMessageText, assertPerson, assertTimestamp, assertUuid } from './validate';

export interface NewMessage {
  messageGroupUuid: string;
  sender: Person;
  /** Already trimmed, 1–1024 code points. */
  message: string;
  /** Defaults to a new random uuid; given explicitly only by seeds and tests. */
  messageUuid?: string;
  /**
   * Defaults to the time of the attempt that commits (after the group's newest message). Given
   * explicitly only by seeds and tests; it must then come after the group's newest message.
   */
  createdAt?: string;
  /**
   * Remember this outcome under the sender's Idempotency-Key, atomically with the message. A
   * function, because created_at is stamped per attempt: the record is built from the message as
   * it is about to be written, so the stored response equals the one the caller returns.
   */
  idempotency?: (message: Message) => IdempotencyRecord;
  /**
   * Also move both members' summaries to the message in the same transaction (read-your-writes for
   * the send path). Off by default: pattern C alone stores the message and leaves the move to E.
   */
  movesSummaries?: boolean;
}

/** Fills in the message's uuid and time and checks every field before anything is written. */
export function newMessage(input: Omit<NewMessage, 'idempotency' | 'movesSummaries'>): Message {
  const message: Message = {
    messageUuid: input.messageUuid ?? randomUUID(),
    messageGroupUuid: input.messageGroupUuid,
    message: input.message,
    createdAt: input.createdAt ?? nowIso(),
    sender: input.sender,
  };
  assertUuid(message.messageGroupUuid, 'messageGroupUuid');
  assertUuid(message.messageUuid, 'messageUuid');
  assertPerson(message.sender, 'sender');
  assertMessageText(message.message);
  assertTimestamp(message.createdAt, 'createdAt');
  return message;
}

/**
 * Pattern C: a message into an existing group, by one of its members.
 *
 * One TransactWriteItems per attempt, conditioned on the GROUP item's `message_count` still being
 * what this attempt read (and, when it moves the summaries, on `last_message_uuid` too):
 * - GROUP: `message_count + 1`, the sender's `sent_counts + 1`, `last_committed_*` (+ the summary pointer);
 * - the MSG item with `seq` and `counts_after`, `created_at = max(now, newest created_at + 1 ms)`;
 * - read state: the sender has read up to it, the recipient has one more unread (read-state-writes.ts);
 * - optionally both GRP summaries moved (the message is by construction the newest), and the
 *   Idempotency-Key record, built from this attempt's message.
 * Writes into one group therefore commit one at a time, in created_at order (see MessageGroup). A
 * writer that lost the race (condition failed) or met a conflicting transaction reads the group
 * again and retries with backoff; after MAX_SEQUENCE_ATTEMPTS it gives up with TransactionConflictError.
 */
export async function putMessage(table: TableContext, input: NewMessage): Promise<Message> {
  return (await putMessageIntoGroup(table, input)).message;
}

/** A message stored, with its group as read (strongly consistently) by the attempt that committed it. */
export interface StoredMessage {
  message: Message;
  group: MessageGroup;
}

/** Pattern C, also handing back the group as its committing attempt read it. */
export async function putMessageIntoGroup(table: TableContext, input: NewMessage, groupAsRead?: MessageGroup): Promise<StoredMessage> {
  const draft = newMessage(input);
  for (let attempt = 0; attempt < MAX_SEQUENCE_ATTEMPTS; attempt++) {
    const group = attempt === 0 && groupAsRead ? groupAsRead : await getMessageGroup(table, draft.messageGroupUuid);
    if (!group || !isMember(group, draft.sender.uuid)) {
      throw new MessageGroupNotFoundError(`no message group ${draft.messageGroupUuid} with this member`);
    }
    const message = await sequenced(table, group, draft, input.createdAt !== undefined);
    const write = sequencedMessageWrite(table.tableName, group, message, input);
    try {
      await translated(() => table.doc.send(new TransactWriteCommand({ TransactItems: write.items })));
      return { message, group };
    } catch (error) {
      if (!(error instanceof TransactionCanceledError)) throw error;
      if (write.idempotencyAt !== undefined && error.failedConditionAt(write.idempotencyAt)) {
        throw new IdempotencyKeyUsedError('this Idempotency-Key was already used', { cause: error });
      }
      if (error.failedConditionAt(MESSAGE_ITEM)) {
        throw new DuplicateItemError(`message ${message.messageUuid} already exists`, { cause: error });
      }
      // Another message (or a summary move) committed since the read, or a concurrent transaction
      // held an item: nothing was written, so read the group again and take the next position.
      if (!error.failedConditionAt(GROUP_ITEM) && !error.retryable) throw error;
      await sequenceBackoff(attempt);
    }
  }
  throw new TransactionConflictError(`could not write a message into group ${draft.messageGroupUuid}: too much contention`);
}

const GROUP_ITEM = 0;
const MESSAGE_ITEM = 1;

/**
 * The message at the group's next position: `seq = message_count + 1`, the senders' counts after
 * it, and a created_at after the newest message. An explicit created_at (seeds, tests) must already
 * be after it: a message at or before it would break the order, so it is refused, or reported as a
 * duplicate when that very message is already stored (seeding twice).
 */
async function sequenced(table: TableContext, group: MessageGroup, draft: Message, explicitTime: boolean): Promise<Message> {
  const newest = newestMessageOf(group);
  const floor = new Date(Date.parse(newest.createdAt) + 1).toISOString();
  let createdAt = explicitTime ? draft.createdAt : nowIso();
  if (createdAt < floor) {
    if (explicitTime) {
      const existing = await translated(() =>
        table.doc.send(new GetCommand({ TableName: table.tableName, Key: messageKeys.of(draft), ConsistentRead: true })),
      );
      if (existing.Item) throw new DuplicateItemError(`message ${draft.messageUuid} already exists`);
      throw new InvalidArgumentError(`createdAt must be after the group's newest message (${newest.createdAt})`);
    }
    createdAt = floor;
  }
  const countsAfter = Object.fromEntries(group.members.map((member) => [member.uuid, sentCount(group, member.uuid)]));
  countsAfter[draft.sender.uuid] += 1;
  return { ...draft, createdAt, sequence: { seq: group.messageCount + 1, countsAfter } };
}

/** The transaction of one sequenced message into an existing group, and where its idempotency item sits. */
function sequencedMessageWrite(tableName: string, group: MessageGroup, message: Message, input: NewMessage) {
  const recipient = otherMember(group, message.sender.uuid);
  const moves = input.movesSummaries === true;
  const values: Record<string, unknown> = {
    ':seen': group.messageCount,
    ':next': message.sequence!.seq,
    ':sent': message.sequence!.countsAfter,
    ':uuid': message.messageUuid,
    ':at': message.createdAt,
  };
  // Groups from before read state have no message_count yet: the first counted message starts it.
  let condition = group.messageCount === 0 ? '(attribute_not_exists(message_count) OR message_count = :seen)' : 'message_count = :seen';
  let update = 'SET message_count = :next, sent_counts = :sent, last_committed_uuid = :uuid, last_committed_at = :at';
  if (moves) {
    condition += ' AND last_message_uuid = :shown';
    update += ', last_message_uuid = :uuid, last_message_at = :at';
    values[':shown'] = group.lastMessageUuid;
  }
  const items: Array<Record<string, unknown>> = [
    {
      Update: {
        TableName: tableName,
        Key: messageGroupKeys.of(group.messageGroupUuid),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    },
    { Put: { TableName: tableName, Item: toMessageItem(message), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...readStateWritesOfMessage(tableName, message, recipient.uuid, sentCount(group, recipient.uuid)),
    ...(moves ? summaryMoveWrites(tableName, group, message) : []),
  ];
  const idempotency = input.idempotency?.(message);
  if (!idempotency) return { items, idempotencyAt: undefined };
  items.push(putIdempotencyRecord(tableName, idempotency));
  return { items, idempotencyAt: items.length - 1 };
}
