import type { ChangeRecord } from '../record-processing/change-record';
import { CodedError } from '@app/common';

/** A shard of the table's stream. DynamoDB Streams shards have at most one parent (they split, never merge). */
export interface Shard {
  shardId: string;
  parentShardId?: string;
  /** True once the shard has an ending sequence number: it takes no new records. */
  closed: boolean;
}

export type StartPosition = { type: 'TRIM_HORIZON' } | { type: 'LATEST' } | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface RecordsPage {
  records: ChangeRecord[];
  /** Null when the shard is closed and every record has been read: the shard has ended. */
  nextIterator: string | null;
}

/**
 * What the consumer needs from a stream (the DynamoDB Streams API in production, a fake in unit
 * tests). Implementations translate their failures into the named errors below.
 */
export interface StreamSource {
  /** The table's current stream; StreamNotFoundError if it has none. */
  latestStreamArn(): Promise<string>;
  /** Every shard of the stream (all pages). */
  listShards(streamArn: string): Promise<Shard[]>;
  shardIterator(streamArn: string, shardId: string, position: StartPosition): Promise<string>;
  getRecords(iterator: string, limit: number): Promise<RecordsPage>;
}

export const STREAM_SOURCE = Symbol('STREAM_SOURCE');

export abstract class StreamError extends CodedError {}

/** The iterator is older than 15 minutes (or was already used up); reopen from the checkpoint. */
export class ExpiredIteratorError extends StreamError {
  readonly code = 'expired_iterator';
}

/** The position asked for is older than the stream keeps (24 h): those records are gone. */
export class TrimmedDataError extends StreamError {
  readonly code = 'trimmed_data';
}

/** The shard (or stream) no longer exists: it was trimmed away entirely, or the stream was disabled. */
export class ShardNotFoundError extends StreamError {
  readonly code = 'shard_not_found';
}

/** The table has no enabled stream to read. */
export class StreamNotFoundError extends StreamError {
  readonly code = 'stream_not_found';
}

/** DynamoDB Streams is throttling reads (LimitExceededException): back off. */
export class StreamThrottledError extends StreamError {
  readonly code = 'stream_throttled';
}
