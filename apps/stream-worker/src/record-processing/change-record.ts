import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { type Message, messageFromStreamImage, type StreamImage } from '@app/ddb';

/**
 * One change from the messaging table's stream, in the shape both entry points share: the poller
 * (DynamoDB Streams `GetRecords`) and the Lambda event source mapping (`DynamoDBStreamEvent`).
 */
export interface ChangeRecord {
  sequenceNumber: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: StreamImage;
}

/** A record from `GetRecords`. */
export function fromSdkRecord(record: SdkStreamRecord): ChangeRecord {
  return toChangeRecord(record.dynamodb?.SequenceNumber, record.eventName, record.dynamodb?.NewImage);
}

/** A record of a Lambda `DynamoDBStreamEvent` (its images have the same JSON shape as the SDK's). */
export function fromLambdaRecord(record: DynamoDBRecord): ChangeRecord {
  return toChangeRecord(record.dynamodb?.SequenceNumber, record.eventName, record.dynamodb?.NewImage);
}

function toChangeRecord(sequenceNumber: string | undefined, eventName: string | undefined, newImage: unknown): ChangeRecord {
  if (!sequenceNumber) throw new Error('stream record without a sequence number');
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') {
    throw new Error(`stream record ${sequenceNumber} has an unknown event name "${String(eventName)}"`);
  }
  return { sequenceNumber, eventName, newImage: newImage as StreamImage | undefined };
}

/** What pattern E makes of one record. */
export type RecordIntent =
  | { kind: 'apply'; record: ChangeRecord; message: Message }
  | { kind: 'ignore'; record: ChangeRecord }
  | { kind: 'reject'; record: ChangeRecord; reason: string };

/**
 * Pattern E cares only about new messages: an INSERT of a MSG item. GRP and GROUP items (which
 * pattern E itself writes) and every MODIFY or REMOVE are ignored. A MSG insert whose image does not
 * parse, or that has no image at all (a stream not in NEW_IMAGE mode), can never apply: it is
 * rejected at once instead of being retried.
 */
export function intentOf(record: ChangeRecord): RecordIntent {
  if (record.eventName !== 'INSERT') return { kind: 'ignore', record };
  if (!record.newImage) return { kind: 'reject', record, reason: 'INSERT record without a new image (the stream must be NEW_IMAGE)' };
  try {
    const message = messageFromStreamImage(record.newImage);
    return message ? { kind: 'apply', record, message } : { kind: 'ignore', record };
  } catch (error) {
    return { kind: 'reject', record, reason: (error as Error).message };
  }
}
