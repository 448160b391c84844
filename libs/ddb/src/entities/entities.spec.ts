import { CorruptItemError, InvalidArgumentError } from '../errors';
import { fromGroupSummaryItem, toGroupSummaryItem, type GroupSummary } from './group-summary.entity';
import { fromMessageGroupItem, messageGroupUuidFor, toMessageGroupItem, type MessageGroup } from './message-group.entity';
import { fromMessageItem, toMessageItem, type Message } from './message.entity';

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
    };
    expect(fromMessageGroupItem(toMessageGroupItem(group))).toEqual(group);
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
