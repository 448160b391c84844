import { CorruptItemError, InvalidArgumentError } from '../errors';
import { fromGroupSummaryItem, toGroupSummaryItem } from './group-summary.entity';
import { fromMessageGroupItem, messageGroupUuidFor, toMessageGroupItem, type MessageGroup } from './message-group.entity';
import { createdAtOfMessageUuid, fromMessageItem, messageUuidAt, toMessageItem, type Message } from './message.entity';
import { readStateOf } from './read-state.entity';

const alice = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' };
const bob = { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' };
const groupUuid = '4a410f51-a49e-58f1-bd11-830204adfd95';

/** What a summary item says of a last message nobody changed. */
const unchanged = { lastMessageEditedAt: null, lastMessageDeleted: false, lastMessageRevision: 0, deletedUnread: [] };

const aSummary = (): Parameters<typeof toGroupSummaryItem>[0] => ({
  ownerUuid: alice.uuid,
  messageGroupUuid: groupUuid,
  otherPerson: bob,
  lastMessage: 'hi',
  lastMessageAt: '2026-11-21T23:06:45.124Z',
  lastMessageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
  otherSent: 5,
  read: { upTo: '2026-11-21T23:06:40.000Z', upToUuid: '1b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', count: 3 },
});

describe('item mappers', () => {
  it('round-trip a message with the design’s attribute names', () => {
    const message: Message = {
      messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      messageGroupUuid: groupUuid,
      message: 'hi',
      createdAt: '2026-11-21T23:06:45.124Z',
      sender: alice,
    };
    const item = toMessageItem(message);
    expect(item).toMatchObject({
      pk: `MSG#${groupUuid}`,
      sk: '2026-11-21T23:06:45.124Z#0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      user_handle: 'alice',
      created_at: message.createdAt,
    });
    expect(fromMessageItem(item)).toEqual(message);
  });

  it('round-trip a group summary (stable key, activity for the index, unread derived) and a group', () => {
    const summary = aSummary();
    expect(toGroupSummaryItem(summary)).toMatchObject({
      pk: `GRP#${alice.uuid}`,
      sk: `GROUP#${groupUuid}`,
      activity: `2026-11-21T23:06:45.124Z#${groupUuid}`,
      user_handle: 'bob',
      other_sent: 5,
      read_count: 3,
    });
    expect(fromGroupSummaryItem(toGroupSummaryItem(summary))).toEqual({ ...summary, ...unchanged, unreadCount: 2 });
    const nothingRead = { ...summary, read: { upTo: null, upToUuid: null, count: 0 } };
    expect(fromGroupSummaryItem(toGroupSummaryItem(nothingRead))).toEqual({ ...nothingRead, ...unchanged, unreadCount: 5 });
    expect(readStateOf(fromGroupSummaryItem(toGroupSummaryItem(summary)))).toEqual({
      ownerUuid: alice.uuid,
      messageGroupUuid: groupUuid,
      readUpTo: summary.read.upTo,
      readUpToUuid: summary.read.upToUuid,
      readCount: 3,
      unreadCount: 2,
    });

    const group: MessageGroup = {
      messageGroupUuid: groupUuid,
      members: [bob, alice],
      createdAt: '2026-11-21T23:06:45.124Z',
      messageCount: 3,
      sentCounts: { [alice.uuid]: 1, [bob.uuid]: 2 },
      lastCommitted: { messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', createdAt: '2026-11-21T23:06:45.124Z' },
      blockedBy: [],
    };
    expect(toMessageGroupItem(group)).toMatchObject({ message_count: 3, sent_counts: { [bob.uuid]: 2 } });
    expect(fromMessageGroupItem(toMessageGroupItem(group))).toEqual(group);
  });

  it('never shows a negative unread count (a marker moved before the summary caught up)', () => {
    const ahead = {
      ...aSummary(),
      otherSent: 2,
      read: { upTo: '2026-11-21T23:06:46.000Z', upToUuid: '1b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', count: 3 },
    };
    expect(fromGroupSummaryItem(toGroupSummaryItem(ahead)).unreadCount).toBe(0);
  });

  it('read a group written before read state as counting from zero, its newest message the summaries’ pointer', () => {
    const {
      message_count: _count,
      sent_counts: _sent,
      last_committed_at: _at,
      last_committed_uuid: _uuid,
      ...old
    } = toMessageGroupItem({
      messageGroupUuid: groupUuid,
      members: [bob, alice],
      createdAt: '2026-11-21T23:06:45.124Z',
      messageCount: 0,
      sentCounts: {},
      lastCommitted: { messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', createdAt: '2026-11-21T23:06:45.124Z' },
      blockedBy: [],
    });
    const legacy = { ...old, last_message_uuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', last_message_at: '2026-11-21T23:06:45.124Z' };
    expect(fromMessageGroupItem(legacy)).toMatchObject({
      messageCount: 0,
      sentCounts: {},
      lastCommitted: { messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', createdAt: '2026-11-21T23:06:45.124Z' },
      blockedBy: [],
    });
    expect(() => fromMessageGroupItem(old)).toThrow(CorruptItemError);
  });

  it('round-trip a message with its position', () => {
    const message: Message = {
      messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      messageGroupUuid: groupUuid,
      message: 'hi',
      createdAt: '2026-11-21T23:06:45.124Z',
      sender: alice,
      sequence: { seq: 7, countsAfter: { [alice.uuid]: 4, [bob.uuid]: 3 } },
    };
    expect(toMessageItem(message)).toMatchObject({ seq: 7, counts_after: { [alice.uuid]: 4 } });
    expect(fromMessageItem(toMessageItem(message))).toEqual(message);
  });

  it('give a new message a uuid that names its time, and read no time from other uuids', () => {
    const createdAt = '2026-11-21T23:06:45.124Z';
    const uuid = messageUuidAt(createdAt);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createdAtOfMessageUuid(uuid)).toBe(createdAt);
    expect(messageUuidAt(createdAt)).not.toBe(uuid);
    expect(createdAtOfMessageUuid('0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601')).toBeNull();
  });

  it('refuse an item of another entity or with a missing attribute', () => {
    const summaryItem = toGroupSummaryItem(aSummary());
    expect(() => fromMessageItem(summaryItem)).toThrow(CorruptItemError);
    const { user_handle: _dropped, ...incomplete } = summaryItem;
    expect(() => fromGroupSummaryItem(incomplete)).toThrow(/user_handle/);
    expect(() => fromGroupSummaryItem({ ...summaryItem, read_count: -1 })).toThrow(/read_count/);
  });
});

describe('messageGroupUuidFor', () => {
  it('gives one uuid per pair, whoever starts', () => {
    expect(messageGroupUuidFor(alice.uuid, bob.uuid)).toBe(messageGroupUuidFor(bob.uuid, alice.uuid));
    expect(messageGroupUuidFor(alice.uuid, bob.uuid)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
  });

  it('refuses a pair of one person', () => {
    expect(() => messageGroupUuidFor(alice.uuid, alice.uuid)).toThrow(InvalidArgumentError);
  });
});
