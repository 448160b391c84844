import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StreamImage } from '@app/ddb';

/**
 * One change from the messaging table's stream, in the shape both entry points share: the poller
 * (DynamoDB Streams `GetRecords`) and the Lambda event source mapping (`DynamoDBStreamEvent`).
 */
export interface ChangeRecord {
  sequenceNumber: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: StreamImage;
  /** When DynamoDB wrote the change (to the second), for the age of a record still unapplied; absent if unknown. */
  approximateCreatedAt?: number;
}

/** A record from `GetRecords`. */
export function fromSdkRecord(record: SdkStreamRecord): ChangeRecord {
  const createdAt = record.dynamodb?.ApproximateCreationDateTime;
  return toChangeRecord(record.dynamodb?.SequenceNumber, record.eventName, record.dynamodb?.NewImage, createdAt?.getTime());
}

/** A record of a Lambda `DynamoDBStreamEvent` (its images have the same JSON shape as the SDK's). */
export function fromLambdaRecord(record: DynamoDBRecord): ChangeRecord {
  const createdAtSeconds = record.dynamodb?.ApproximateCreationDateTime;
  return toChangeRecord(
    record.dynamodb?.SequenceNumber,
    record.eventName,
    record.dynamodb?.NewImage,
    createdAtSeconds === undefined ? undefined : createdAtSeconds * 1000,
  );
}

function toChangeRecord(
  sequenceNumber: string | undefined,
  eventName: string | undefined,
  newImage: unknown,
  approximateCreatedAt: number | undefined,
): ChangeRecord {
  if (!sequenceNumber) throw new Error('stream record without a sequence number');
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') {
    throw new Error(`stream record ${sequenceNumber} has an unknown event name "${String(eventName)}"`);
  }
  const record: ChangeRecord = { sequenceNumber, eventName, newImage: newImage as StreamImage | undefined };
  if (approximateCreatedAt !== undefined) record.approximateCreatedAt = approximateCreatedAt;
  return record;
}
