import { type ConfigType, registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Tries per record before it is recorded as failed (logged with its sequence number, counted) and skipped. */
  STREAM_RECORD_MAX_ATTEMPTS: env.int(5, 1),
  /** First retry delay of a failing record; doubles per attempt (jittered) up to STREAM_RECORD_RETRY_MAX_MS. */
  STREAM_RECORD_RETRY_BASE_MS: env.int(100, 1),
  STREAM_RECORD_RETRY_MAX_MS: env.int(3000, 1),
  /** Message groups of one batch updated at the same time (records of one group always go one by one). */
  STREAM_APPLY_CONCURRENCY: env.int(8, 1),
});

/** How pattern E handles a batch; shared by the poller and the Lambda entry. */
export const groupSummariesConfig = registerAs('groupSummaries', () => {
  const vars = parseEnv('group summaries', schema, process.env);
  return {
    maxAttempts: vars.STREAM_RECORD_MAX_ATTEMPTS,
    retry: { baseMs: vars.STREAM_RECORD_RETRY_BASE_MS, capMs: vars.STREAM_RECORD_RETRY_MAX_MS },
    concurrency: vars.STREAM_APPLY_CONCURRENCY,
  };
});

export type GroupSummariesOptions = ConfigType<typeof groupSummariesConfig>;
