import { CorruptItemError, InvalidArgumentError } from '../errors';
import { fromGroupSummaryItem, toGroupSummaryItem, type GroupSummary } from './group-summary.entity';
import { fromMessageGroupItem, messageGroupUuidFor, toMessageGroupItem, type MessageGroup } from './message-group.entity';
import { fromMessageItem, toMessageItem, type Message } from './message.entity';
import { fromReadStateItem, fromUnreadEntryItem, noReadState, type ReadState, toReadStateItem, toUnreadEntryItem } from './read-state.entity';

const alice = { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' };
const bob = { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' };
const groupUuid = '4a410f51-a49e-58f1-bd11-830204adfd95';

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

  it('round-trip a group summary and a group', () => {
    const summary: GroupSummary = {
      ownerUuid: alice.uuid,
      messageGroupUuid: groupUuid,
      otherPerson: bob,
      lastMessage: 'hi',
      lastMessageAt: '2026-11-21T23:06:45.124Z',
    };
    expect(toGroupSummaryItem(summary)).toMatchObject({ pk: `GRP#${alice.uuid}`, user_handle: 'bob' });
    expect(fromGroupSummaryItem(toGroupSummaryItem(summary))).toEqual(summary);

    const group: MessageGroup = {
      messageGroupUuid: groupUuid,
      members: [bob, alice],
      lastMessageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      lastMessageAt: '2026-11-21T23:06:45.124Z',
      createdAt: '2026-11-21T23:06:45.124Z',
      messageCount: 3,
      sentCounts: { [alice.uuid]: 1, [bob.uuid]: 2 },
      lastCommitted: { messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601', createdAt: '2026-11-21T23:06:45.124Z' },
    };
    expect(toMessageGroupItem(group)).toMatchObject({ message_count: 3, sent_counts: { [bob.uuid]: 2 } });
    expect(fromMessageGroupItem(toMessageGroupItem(group))).toEqual(group);
  });

  it('read a group written before read state as counting from zero', () => {
    const { message_count: _count, sent_counts: _sent, last_committed_at: _at, last_committed_uuid: _uuid, ...old } = toMessageGroupItem({
      messageGroupUuid: groupUuid,
      members: [bob, alice],
      lastMessageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
      lastMessageAt: '2026-11-21T23:06:45.124Z',
      createdAt: '2026-11-21T23:06:45.124Z',
      messageCount: 0,
      sentCounts: {},
    });
    expect(fromMessageGroupItem(old)).toMatchObject({ messageCount: 0, sentCounts: {} });
    expect(fromMessageGroupItem(old).lastCommitted).toBeUndefined();
  });

  it('round-trip a message with its position, and read state with its unread entry', () => {
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

    const state: ReadState = {
      ownerUuid: alice.uuid,
      messageGroupUuid: groupUuid,
      readUpTo: message.createdAt,
      readUpToUuid: message.messageUuid,
      readCount: 3,
      unreadCount: 2,
    };
    expect(toReadStateItem(state)).toMatchObject({ pk: `MEMBER#${alice.uuid}`, sk: `GROUP#${groupUuid}`, entity: 'MEMBER' });
    expect(fromReadStateItem(toReadStateItem(state))).toEqual(state);
    const nothingRead = noReadState(bob.uuid, groupUuid);
    expect(fromReadStateItem(toReadStateItem(nothingRead))).toEqual(nothingRead);

    const entry = { ownerUuid: alice.uuid, messageGroupUuid: groupUuid, unreadCount: 2 };
    expect(toUnreadEntryItem(entry)).toMatchObject({ pk: `MEMBER#${alice.uuid}`, sk: `UNREAD#${groupUuid}`, entity: 'UNREAD' });
    expect(fromUnreadEntryItem(toUnreadEntryItem(entry))).toEqual(entry);
    expect(() => fromUnreadEntryItem({ ...toUnreadEntryItem(entry), unread_count: 0 })).toThrow(CorruptItemError);
  });

  it('refuse an item of another entity or with a missing attribute', () => {
    const summaryItem = toGroupSummaryItem({
      ownerUuid: alice.uuid,
      messageGroupUuid: groupUuid,
      otherPerson: bob,
      lastMessage: 'hi',
      lastMessageAt: '2026-11-21T23:06:45.124Z',
    });
    expect(() => fromMessageItem(summaryItem)).toThrow(CorruptItemError);
    const { user_handle: _dropped, ...incomplete } = summaryItem;
    expect(() => fromGroupSummaryItem(incomplete)).toThrow(/user_handle/);
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
