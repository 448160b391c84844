import { type ConfigType, registerAs } from '@nestjs/config';
import { env, parseEnv } from '@app/common';
import { z } from 'zod';

const schema = z.object({
  /** First retry delay of a record that failed retryably; doubles per attempt (jittered) up to STREAM_RECORD_RETRY_MAX_MS, for as long as the failure lasts. */
  STREAM_RECORD_RETRY_BASE_MS: env.int(100, 1),
  STREAM_RECORD_RETRY_MAX_MS: env.int(5000, 1),
  /** Lambda only: how long one invocation retries a failing record before reporting it in batchItemFailures (Lambda then retries from it). */
  STREAM_LAMBDA_RETRY_BUDGET_MS: env.int(3000, 0),
  /** Records that can never apply; empty means `<DDB_TABLE_NAME>-dead-letters`. Created when missing. */
  STREAM_DEAD_LETTER_TABLE_NAME: z
    .union([z.literal(''), z.string().regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')])
    .default(''),
});

/** The failure policy shared by the poller and the Lambda entry (docs/design.md §10). */
export const recordProcessingConfig = registerAs('recordProcessing', () => {
  const vars = parseEnv('record processing', schema, process.env);
  return {
    retry: { baseMs: vars.STREAM_RECORD_RETRY_BASE_MS, capMs: vars.STREAM_RECORD_RETRY_MAX_MS },
    lambdaRetryBudgetMs: vars.STREAM_LAMBDA_RETRY_BUDGET_MS,
    /** Null means `<messaging table>-dead-letters`. */
    deadLetterTableName: vars.STREAM_DEAD_LETTER_TABLE_NAME || null,
  };
});

export type RecordProcessingOptions = ConfigType<typeof recordProcessingConfig>;
