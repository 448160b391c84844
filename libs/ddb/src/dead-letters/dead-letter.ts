import { InvalidArgumentError, MessageGroupNotFoundError } from '../errors';
import type { StreamImage } from '../stream-record';

/** Why a stream record can never apply (the dead letter's `reasonCode`). */
export const DeadLetterReason = {
  /** A MSG insert whose image does not parse, or that has no image at all. */
  MalformedRecord: 'malformed_record',
  /** A message whose GROUP item does not exist. */
  OrphanMessage: 'orphan_message',
  /** A message whose sender is not a member of its group. */
  NonMemberSender: 'non_member_sender',
} as const;
export type DeadLetterReason = (typeof DeadLetterReason)[keyof typeof DeadLetterReason];

/** A stream record set aside because it can never apply, with enough to replay it once the data is fixed. */
export interface DeadLetter {
  sequenceNumber: string;
  /** The shard it was read from (the poller), or the event source ARN (Lambda, which does not name shards). */
  shardId: string;
  reasonCode: DeadLetterReason;
  /** The failure's own words, for the operator. */
  reason: string;
  eventName: string;
  /** The record's new image as the stream carried it (typed attribute values). */
  newImage?: StreamImage;
  deadLetteredAt: string;
  /** Replays tried that still could not apply it. */
  replayAttempts: number;
  lastReplayAt?: string;
}

/** The item stored for a dead letter (the image as JSON text, so it is kept exactly as the stream gave it). */
export function toDeadLetterItem(letter: DeadLetter): Record<string, unknown> {
  const { newImage, ...rest } = letter;
  return { ...rest, newImage: newImage === undefined ? undefined : JSON.stringify(newImage) };
}

export function fromDeadLetterItem(item: Record<string, unknown>): DeadLetter {
  return {
    sequenceNumber: String(item.sequenceNumber),
    shardId: String(item.shardId ?? ''),
    reasonCode: String(item.reasonCode) as DeadLetterReason,
    reason: String(item.reason ?? ''),
    eventName: String(item.eventName ?? ''),
    newImage: typeof item.newImage === 'string' ? (JSON.parse(item.newImage) as StreamImage) : undefined,
    deadLetteredAt: String(item.deadLetteredAt ?? ''),
    replayAttempts: Number(item.replayAttempts ?? 0),
    lastReplayAt: typeof item.lastReplayAt === 'string' ? item.lastReplayAt : undefined,
  };
}

/**
 * Whether a failure of pattern E's `updateGroupSummary` can never
 * go away by trying again: the reason code to dead-letter it under, or null when it may (throttling,
 * an outage, a conflict, and anything not known to be permanent, which is held rather than skipped).
 * A record whose image does not parse is malformed; its parser says so before any update is tried.
 */
export function permanentFailureReason(error: unknown): DeadLetterReason | null {
  if (error instanceof MessageGroupNotFoundError) return DeadLetterReason.OrphanMessage;
  // updateGroupSummary's only invalid argument is a sender outside the group.
  if (error instanceof InvalidArgumentError) return DeadLetterReason.NonMemberSender;
  return null;
}
