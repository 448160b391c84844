import { marshall } from '@aws-sdk/util-dynamodb';
import { toMessageItem, type Message } from '@app/ddb';
import { fromLambdaRecord, fromSdkRecord } from './change-record';

const message: Message = {
  messageUuid: '0b6f1a2c-3d4e-4f50-8a61-72b3c4d5e601',
  messageGroupUuid: '4a410f51-a49e-58f1-bd11-830204adfd95',
  message: 'hi',
  createdAt: '2026-11-21T23:06:45.124Z',
  sender: { uuid: '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b', handle: 'alice', displayName: 'Alice' },
};
const messageImage = marshall(toMessageItem(message));
describe('change records', () => {
  it('read the same from GetRecords and from a Lambda event', () => {
    const sdk = fromSdkRecord({ eventName: 'INSERT', dynamodb: { SequenceNumber: '100', NewImage: messageImage } });
    const lambda = fromLambdaRecord({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '100', NewImage: messageImage as never },
    });
    expect(sdk).toEqual(lambda);
    expect(sdk).toEqual({ sequenceNumber: '100', eventName: 'INSERT', newImage: messageImage });
  });

  it('refuse a record without a sequence number', () => {
    expect(() => fromSdkRecord({ eventName: 'INSERT', dynamodb: {} })).toThrow(/sequence number/);
  });
});
