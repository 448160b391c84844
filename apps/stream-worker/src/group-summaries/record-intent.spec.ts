import { marshall } from '@aws-sdk/util-dynamodb';
import { toGroupSummaryItem, toMessageItem, type Message } from '@app/ddb';
import { intentOf } from './record-intent';

const message: Message = {
  messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
  messageGroupUuid: '4a410f51-a49e-58f1-bd11-830204adfd95',
  message: 'hi',
  createdAt: '2026-11-21T23:06:45.124Z',
  sender: { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' },
};
const messageImage = marshall(toMessageItem(message));
const summaryImage = marshall(
  toGroupSummaryItem({
    ownerUuid: message.sender.uuid,
    messageGroupUuid: message.messageGroupUuid,
    otherPerson: { uuid: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a', handle: 'bob', displayName: 'Bob' },
    lastMessage: 'hi',
    lastMessageAt: message.createdAt,
    lastMessageUuid: message.messageUuid,
    otherSent: 0,
    read: { upTo: null, upToUuid: null, count: 0 },
  }),
);

describe('intentOf (which records pattern E applies)', () => {
  it('applies an INSERT of a MSG item', () => {
    expect(intentOf({ sequenceNumber: '1', eventName: 'INSERT', newImage: messageImage })).toMatchObject({ kind: 'apply', message });
  });

  it.each([
    ['an INSERT of a GRP item', { sequenceNumber: '2', eventName: 'INSERT' as const, newImage: summaryImage }],
    [
      'a MODIFY of a MSG item that is no change of its text (no revision)',
      { sequenceNumber: '3', eventName: 'MODIFY' as const, newImage: messageImage },
    ],
    ['a MODIFY of a GRP item', { sequenceNumber: '3', eventName: 'MODIFY' as const, newImage: summaryImage }],
    ['a REMOVE', { sequenceNumber: '4', eventName: 'REMOVE' as const }],
  ])('ignores %s', (_name, record) => {
    expect(intentOf(record).kind).toBe('ignore');
  });

  it('takes a MODIFY of a MSG item with a revision (an edit or a delete) as a change', () => {
    const edited = { ...message, message: 'hi there', editedAt: '2026-11-21T23:07:00.000Z', revision: 1 };
    expect(intentOf({ sequenceNumber: '7', eventName: 'MODIFY', newImage: marshall(toMessageItem(edited)) })).toMatchObject({
      kind: 'change',
      message: edited,
    });
    const deleted = { ...message, message: '', deletedAt: '2026-11-21T23:08:00.000Z', revision: 2 };
    expect(intentOf({ sequenceNumber: '8', eventName: 'MODIFY', newImage: marshall(toMessageItem(deleted)) })).toMatchObject({
      kind: 'change',
      message: deleted,
    });
    expect(intentOf({ sequenceNumber: '9', eventName: 'MODIFY' })).toMatchObject({ kind: 'reject' });
  });

  it('rejects a MSG insert that can never apply, saying why', () => {
    const { created_at: _dropped, ...broken } = toMessageItem(message);
    expect(intentOf({ sequenceNumber: '5', eventName: 'INSERT', newImage: marshall(broken) })).toMatchObject({
      kind: 'reject',
      reason: expect.stringContaining('created_at'),
    });
    expect(intentOf({ sequenceNumber: '6', eventName: 'INSERT' })).toMatchObject({ kind: 'reject' });
  });
});
