import { randomUUID } from 'node:crypto';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IdempotencyRecord, putIdempotencyRecord } from '../entities/idempotency.entity';
import { isMember, type MessageGroup } from '../entities/message-group.entity';
import { type Message, toMessageItem } from '../entities/message.entity';
import type { Person } from '../entities/person';
import {
  ConditionFailedError,
  DuplicateItemError,
  IdempotencyKeyUsedError,
  MessageGroupNotFoundError,
  TransactionCanceledError,
  TransactionConflictError,
  translated,
} from '../errors';
import { nowIso } from '../time';
import { getMessageGroup } from './get-message-group';
import { backoff, MAX_WRITE_ATTEMPTS } from './retry';
import type { TableContext } from './table-context';
import { assertMessageText, assertPerson, assertTimestamp, assertUuid } from './validate';

export interface NewMessage {
  messageGroupUuid: string;
  sender: Person;
  /** Already trimmed, 1–1024 code points. */
  message: string;
  /** Defaults to a new random uuid; given explicitly only by seeds and tests. */
  messageUuid?: string;
  /** Defaults to now. */
  createdAt?: string;
  /** Remember this outcome under the sender's Idempotency-Key, atomically with the message. */
  idempotency?: IdempotencyRecord;
}

/** Fills in the message's uuid and time and checks every field before anything is written. */
export function newMessage(input: NewMessage): Message {
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
 * Pattern C: a message into an existing group, by one of its members. Membership is immutable,
 * so a strongly consistent read of the group followed by the put is race-free. The sort key holds
 * the message uuid and the put is conditional, so two messages in the same millisecond are two
 * items and a message is never overwritten.
 */
export async function putMessage(table: TableContext, input: NewMessage): Promise<Message> {
  return (await putMessageIntoGroup(table, input)).message;
}

/** A message stored, with its group as read (strongly consistently) just before the write. */
export interface StoredMessage {
  message: Message;
  group: MessageGroup;
}

/** Pattern C, also handing back the group it read, so a caller can move the summaries without reading it again. */
export async function putMessageIntoGroup(table: TableContext, input: NewMessage): Promise<StoredMessage> {
  const message = newMessage(input);
  const group = await getMessageGroup(table, message.messageGroupUuid);
  if (!group || !isMember(group, message.sender.uuid)) {
    throw new MessageGroupNotFoundError(`no message group ${message.messageGroupUuid} with this member`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await writeMessage(table, message, input.idempotency);
      return { message, group };
    } catch (error) {
      if (error instanceof TransactionCanceledError && error.failedConditionAt(IDEMPOTENCY_ITEM)) {
        throw new IdempotencyKeyUsedError('this Idempotency-Key was already used', { cause: error });
      }
      if (error instanceof ConditionFailedError || (error instanceof TransactionCanceledError && error.failedConditionAt(MESSAGE_ITEM))) {
        throw new DuplicateItemError(`message ${message.messageUuid} already exists`, { cause: error });
      }
      // A transaction cancelled by a conflicting one (e.g. a concurrent retry with the same
      // Idempotency-Key) changed nothing, and every item is conditional: trying again is safe and
      // ends in success, the idempotency record's condition, or this error after the last attempt.
      if (!(error instanceof TransactionCanceledError && error.retryable)) throw error;
      if (attempt + 1 >= MAX_WRITE_ATTEMPTS) {
        throw new TransactionConflictError(`could not write message ${message.messageUuid}: too much contention`, { cause: error });
      }
      await backoff(attempt);
    }
  }
}

const MESSAGE_ITEM = 0;
const IDEMPOTENCY_ITEM = 1;

/** The message alone (a conditional put), or with its idempotency record (one transaction). */
async function writeMessage(table: TableContext, message: Message, idempotency: IdempotencyRecord | undefined): Promise<void> {
  const mustBeNew = 'attribute_not_exists(pk)';
  const put = { TableName: table.tableName, Item: toMessageItem(message), ConditionExpression: mustBeNew };
  if (!idempotency) {
    await translated(() => table.doc.send(new PutCommand(put)));
    return;
  }
  await translated(() =>
    table.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, putIdempotencyRecord(table.tableName, idempotency)] })),
  );
}
