import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IdempotencyRecord, putIdempotencyRecord } from '../entities/idempotency.entity';
import { isMember, type MessageGroup, messageGroupKeys, newestMessageOf, otherMember, sentCount } from '../entities/message-group.entity';
import type { GroupSummary } from '../entities/group-summary.entity';
import { type Message, messageKeys, messageUuidAt, toMessageItem } from '../entities/message.entity';
import type { Person } from '../entities/person';
import {
  BlockedError,
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
import { MAX_SEQUENCE_ATTEMPTS, sequenceBackoff } from './retry';
import { oneAtATime } from './serialize';
import type { TableContext } from './table-context';
import { moveSummary } from './update-group-summary';
import { assertMessageText, assertPerson, assertTimestamp, assertUuid } from './validate';

export interface NewMessage {
  messageGroupUuid: string;
  sender: Person;
  /** Already trimmed, 1–1024 code points. */
  message: string;
  /**
   * Defaults to a UUIDv7 holding the message's created_at (per attempt), so the message's key can be
   * found from its uuid alone (mark-read by uuid). Given explicitly only by seeds and tests.
   */
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
   * Also move the sender's summary to the message right after it is stored (read-your-writes for the
   * send path). Off by default: pattern C alone stores the message and leaves the move to E, which
   * moves the recipient's summary in any case.
   */
  movesSummaries?: boolean;
  /**
   * Called once with the group as first read, before anything is written: a refusal it throws
   * (e.g. the recipient's inbound rate limit) ends the send with nothing stored.
   */
  admit?: (group: MessageGroup) => Promise<void>;
}

/** Fills in the message's uuid and time and checks every field before anything is written. */
export function newMessage(input: Omit<NewMessage, 'idempotency' | 'movesSummaries' | 'admit'>): Message {
  const message: Message = {
    messageUuid: input.messageUuid ?? messageUuidAt(input.createdAt ?? nowIso()),
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
 * One TransactWriteItems of two items (three with an Idempotency-Key) per attempt, conditioned on
 * the GROUP item's `message_count` still being what this attempt read:
 * - GROUP: `message_count + 1`, the sender's `sent_counts + 1`, `last_committed_*`;
 * - the MSG item with `seq` and `counts_after`, `created_at = max(now, newest created_at + 1 ms)`;
 * - optionally the Idempotency-Key record, built from this attempt's message.
 * Writes into one group therefore commit one at a time, in created_at order (see MessageGroup).
 * Read state needs no write here: the counts on the message are what markers and summaries count by.
 * Sends into one conversation from this process queue behind each other (oneAtATime), so a burst
 * is a sequence of first tries rather than a storm of cancelled (and billed) transactions; a writer
 * that still lost a race (another instance) reads the group again and retries with backoff.
 * Then, if asked, the sender's summary moves to the message (one conditional UpdateItem).
 */
export async function putMessage(table: TableContext, input: NewMessage): Promise<Message> {
  return (await putMessageIntoGroup(table, input)).message;
}

/** A message stored, with its group as read (strongly consistently) by the attempt that committed it. */
export interface StoredMessage {
  message: Message;
  group: MessageGroup;
  /** The summaries this send wrote, as written (the sender's when it moved it; both when it created the group). */
  summaries: GroupSummary[];
}

/** Pattern C, also handing back the group as its committing attempt read it. */
export async function putMessageIntoGroup(table: TableContext, input: NewMessage, groupAsRead?: MessageGroup): Promise<StoredMessage> {
  const draft = newMessage(input);
  const stored = await oneAtATime(table, draft.messageGroupUuid, () => commitMessage(table, input, draft, groupAsRead));
  return { ...stored, summaries: input.movesSummaries ? await moveSenderSummary(table, stored.message) : [] };
}

/**
 * Read-your-writes after the commit: the sender's summary moves to their message. The message is
 * stored whatever happens here, so a failure is not the send's: pattern E on the stream moves the
 * summary (the guarantee), and the caller gets no summary back to announce.
 */
async function moveSenderSummary(table: TableContext, message: Message): Promise<GroupSummary[]> {
  try {
    const moved = await moveSummary(table, message.sender.uuid, message);
    return moved ? [moved] : [];
  } catch {
    return [];
  }
}

async function commitMessage(
  table: TableContext,
  input: NewMessage,
  draft: Message,
  groupAsRead?: MessageGroup,
): Promise<Omit<StoredMessage, 'summaries'>> {
  for (let attempt = 0; attempt < MAX_SEQUENCE_ATTEMPTS; attempt++) {
    const group = attempt === 0 && groupAsRead ? groupAsRead : await getMessageGroup(table, draft.messageGroupUuid);
    if (!group || !isMember(group, draft.sender.uuid)) {
      throw new MessageGroupNotFoundError(`no message group ${draft.messageGroupUuid} with this member`);
    }
    // A block stops the sender here (the group as read), and in the write's own condition (a block since).
    if (group.blockedBy.includes(otherMember(group, draft.sender.uuid).uuid))
      throw new BlockedError('the recipient does not accept your messages');
    if (attempt === 0) await input.admit?.(group);
    const message = await sequenced(table, group, draft, input);
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
      // Another message committed since the read (another instance), or a concurrent transaction
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
async function sequenced(table: TableContext, group: MessageGroup, draft: Message, input: NewMessage): Promise<Message> {
  const explicitTime = input.createdAt !== undefined;
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
  // A generated uuid carries the time the message is stored at (this attempt's).
  const messageUuid = input.messageUuid ?? messageUuidAt(createdAt);
  return { ...draft, messageUuid, createdAt, sequence: { seq: group.messageCount + 1, countsAfter } };
}

/** The transaction of one sequenced message into an existing group, and where its idempotency item sits. */
function sequencedMessageWrite(tableName: string, group: MessageGroup, message: Message, input: NewMessage) {
  const values: Record<string, unknown> = {
    ':seen': group.messageCount,
    ':next': message.sequence!.seq,
    ':sent': message.sequence!.countsAfter,
    ':uuid': message.messageUuid,
    ':at': message.createdAt,
    ':recipient': otherMember(group, message.sender.uuid).uuid,
  };
  // Groups from before read state have no message_count yet: the first counted message starts it.
  // A recipient who blocked the sender since the read fails it too (the retry then sees the block).
  const counted = group.messageCount === 0 ? '(attribute_not_exists(message_count) OR message_count = :seen)' : 'message_count = :seen';
  const condition = `${counted} AND NOT contains(blocked_by, :recipient)`;
  const items: Array<Record<string, unknown>> = [
    {
      Update: {
        TableName: tableName,
        Key: messageGroupKeys.of(group.messageGroupUuid),
        UpdateExpression: 'SET message_count = :next, sent_counts = :sent, last_committed_uuid = :uuid, last_committed_at = :at',
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      },
    },
    { Put: { TableName: tableName, Item: toMessageItem(message), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  const idempotency = input.idempotency?.(message);
  if (!idempotency) return { items, idempotencyAt: undefined };
  items.push(putIdempotencyRecord(tableName, idempotency));
  return { items, idempotencyAt: items.length - 1 };
}
