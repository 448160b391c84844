import { marshall } from '@aws-sdk/util-dynamodb';
import { toGroupSummaryItem } from './entities/group-summary.entity';
import { toMessageItem, type Message } from './entities/message.entity';
import { CorruptItemError } from './errors';
import { messageFromStreamImage } from './stream-record';

const message: Message = {
  messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
  messageGroupUuid: '4a410f51-a49e-58f1-bd11-830204adfd95',
  message: 'hi',
  createdAt: '2026-11-21T23:06:45.124Z',
  sender: { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' },
};

describe('messageFromStreamImage', () => {
  it('reads the message a MSG image holds', () => {
    expect(messageFromStreamImage(marshall(toMessageItem(message)))).toEqual(message);
  });

  it('returns null for other entities and for a missing image', () => {
    const summary = toGroupSummaryItem({
      ownerUuid: message.sender.uuid,
      messageGroupUuid: message.messageGroupUuid,
      otherPerson: { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' },
      lastMessage: 'hi',
      lastMessageAt: message.createdAt,
      lastMessageUuid: message.messageUuid,
      otherSent: 0,
      read: { upTo: null, upToUuid: null, count: 0 },
    });
    expect(messageFromStreamImage(marshall(summary))).toBeNull();
    expect(messageFromStreamImage(undefined)).toBeNull();
  });

  it('refuses a MSG image that lacks an attribute', () => {
    const { user_uuid: _dropped, ...broken } = toMessageItem(message);
    expect(() => messageFromStreamImage(marshall(broken))).toThrow(CorruptItemError);
  });
});
