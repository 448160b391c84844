import { registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Comment heartbeat on every open stream; at most 15 s (docs/design.md §8) so proxies keep idle streams open. */
  LIVE_HEARTBEAT_MS: z.coerce.number().int().min(10).max(15_000).default(15_000),
  /** `retry:` advice to clients: how long to wait before reconnecting. */
  LIVE_RETRY_MS: env.int(2000, 0),
  /** Open streams per person; the next is 429 `too_many_streams`. */
  LIVE_MAX_STREAMS_PER_PERSON: env.int(10, 1),
  /** Bytes queued towards one client beyond which it counts as too slow and is disconnected (it resumes). */
  LIVE_MAX_BUFFERED_BYTES: env.int(256 * 1024, 1024),
  /** Live events held per stream while a resume replays from DynamoDB. */
  LIVE_MAX_PENDING_EVENTS: env.int(1000, 1),
  /** Message uuids per stream remembered to never send one twice. */
  LIVE_SEEN_CAPACITY: env.int(4096, 16),
  /**
   * The resume overlap W: a resume from position P replays everything created after P − W. It must
   * cover how long after its created_at a message can still reach the streams live (its commit lag,
   * and, if its instance dies before publishing, the stream-worker's lag); a message later than that
   * may be missed by a stream that was open meanwhile and resumed later. Larger W only means more
   * repeats after a reconnect (clients dedupe by uuid).
   */
  LIVE_RESUME_WINDOW_MS: env.int(30_000, 0),
  /** Items per DynamoDB page while replaying (what one resume holds in memory per listing). */
  LIVE_REPLAY_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  /** How long a ticket-opened stream's browser may keep reconnecting with its (used) ticket. */
  LIVE_TICKET_RECONNECT_TTL_MS: env.int(60 * 60_000, 1000),
});

export const liveEventsConfig = registerAs('liveEvents', () => {
  const vars = parseEnv('live events', schema, process.env);
  return {
    heartbeatMs: vars.LIVE_HEARTBEAT_MS,
    retryMs: vars.LIVE_RETRY_MS,
    maxStreamsPerPerson: vars.LIVE_MAX_STREAMS_PER_PERSON,
    maxBufferedBytes: vars.LIVE_MAX_BUFFERED_BYTES,
    maxPendingEvents: vars.LIVE_MAX_PENDING_EVENTS,
    seenCapacity: vars.LIVE_SEEN_CAPACITY,
    resumeWindowMs: vars.LIVE_RESUME_WINDOW_MS,
    replayPageSize: vars.LIVE_REPLAY_PAGE_SIZE,
    ticketTtlMs: 60_000,
    ticketReconnectTtlMs: vars.LIVE_TICKET_RECONNECT_TTL_MS,
  };
});

export type LiveEventsOptions = ReturnType<typeof liveEventsConfig>;
