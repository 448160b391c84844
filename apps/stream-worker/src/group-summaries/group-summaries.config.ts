import { type ConfigType, registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** Message groups of one batch updated at the same time (records of one group always go one by one). */
  STREAM_APPLY_CONCURRENCY: env.int(8, 1),
});

/** How pattern E handles a batch; shared by the poller and the Lambda entry. (Retries: record-processing.config.ts.) */
export const groupSummariesConfig = registerAs('groupSummaries', () => {
  const vars = parseEnv('group summaries', schema, process.env);
  return { concurrency: vars.STREAM_APPLY_CONCURRENCY };
});

export type GroupSummariesOptions = ConfigType<typeof groupSummariesConfig>;
