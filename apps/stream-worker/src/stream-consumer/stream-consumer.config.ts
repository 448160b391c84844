import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type ConfigType, registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** The lease/checkpoint table; empty means `<DDB_TABLE_NAME>-leases`. Created when missing. */
  STREAM_LEASE_TABLE_NAME: z
    .union([z.literal(''), z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')])
    .default(''),
  /** This worker's name in lease items; unique per process (a restarted worker is a new owner). */
  STREAM_WORKER_ID: z.string().min(1).max(200).optional(),
  /** Where a shard is read from the very first time (no checkpoint yet). Shards born later always start at TRIM_HORIZON. */
  STREAM_INITIAL_POSITION: z.enum(['TRIM_HORIZON', 'LATEST']).default('TRIM_HORIZON'),
  /**
   * A lease whose counter has not moved for this long (on the observer's own clock, as in the KCL,
   * so clocks need not agree) is expired and may be taken. Renewals happen every third of it.
   */
  STREAM_LEASE_DURATION_MS: env.int(10_000, 300),
  /** How often the shard list is read again to find new (child) shards. */
  STREAM_SHARD_SYNC_INTERVAL_MS: env.int(10_000, 100),
  /** GetRecords page size (DynamoDB Streams allows up to 1000). */
  STREAM_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(1000),
  /** Pause between GetRecords calls on a shard while records flow (DynamoDB Streams allows ~5 reads/s per shard). */
  STREAM_POLL_INTERVAL_MS: env.int(200, 0),
  /** Idle shards are polled less and less often, up to this pause (jittered). */
  STREAM_IDLE_POLL_MAX_MS: env.int(500, 1),
  /** A shard holding at a record that keeps failing retryably counts as stalled (/ready 503, stream_worker_shard_stalled 1) after this long. */
  STREAM_STALL_REPORT_AFTER_MS: env.int(2000, 0),
});

/** The stream consumer: leases, checkpoints and polling (docs/design.md §6). */
export const streamConsumerConfig = registerAs('streamConsumer', () => {
  const vars = parseEnv('stream consumer', schema, process.env);
  const leaseDurationMs = vars.STREAM_LEASE_DURATION_MS;
  return {
    /** Null means `<messaging table>-leases`. */
    leaseTableName: vars.STREAM_LEASE_TABLE_NAME || null,
    workerId: vars.STREAM_WORKER_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    initialPosition: vars.STREAM_INITIAL_POSITION,
    leaseDurationMs,
    renewIntervalMs: Math.max(100, Math.floor(leaseDurationMs / 3)),
    shardSyncIntervalMs: vars.STREAM_SHARD_SYNC_INTERVAL_MS,
    batchSize: vars.STREAM_BATCH_SIZE,
    pollIntervalMs: vars.STREAM_POLL_INTERVAL_MS,
    idlePoll: { baseMs: Math.max(1, Math.min(100, vars.STREAM_IDLE_POLL_MAX_MS)), capMs: vars.STREAM_IDLE_POLL_MAX_MS },
    stallReportAfterMs: vars.STREAM_STALL_REPORT_AFTER_MS,
    /** Transient stream errors (throttling, network) back off within these bounds. */
    errorBackoff: { baseMs: 100, capMs: 5_000 },
  };
});

export type StreamConsumerOptions = ConfigType<typeof streamConsumerConfig>;
