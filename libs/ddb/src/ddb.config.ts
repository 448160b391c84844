import { registerAs } from '@nestjs/config';
import { parseEnv } from '@app/common';
import { z } from 'zod';

export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:8000';
export const DEFAULT_TABLE_NAME = 'cruddur-messages';

const schema = z.object({
  /**
   * Where DynamoDB is. Unset means DynamoDB Local on its default port; set it to an empty
   * string to talk to real AWS (the SDK then finds the regional endpoint itself).
   */
  DDB_ENDPOINT: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(LOCAL_DYNAMODB_ENDPOINT),
  DDB_TABLE_NAME: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)')
    .default(DEFAULT_TABLE_NAME),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Upper bound on one DynamoDB call, so a dead endpoint turns into an error instead of a hang. */
  DDB_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
});

export interface DdbOptions {
  /** Undefined means real AWS. */
  endpoint?: string;
  region: string;
  tableName: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  requestTimeoutMs: number;
}

/** DynamoDB settings shared by every app and by the `ddb` ops commands. */
export const ddbConfig = registerAs('ddb', (): DdbOptions => {
  const vars = parseEnv('ddb', schema, process.env);
  const endpoint = vars.DDB_ENDPOINT === '' ? undefined : vars.DDB_ENDPOINT;
  let credentials: DdbOptions['credentials'];
  if (vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY) {
    credentials = { accessKeyId: vars.AWS_ACCESS_KEY_ID, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY };
  } else if (endpoint) {
    // DynamoDB Local accepts any credentials; fixed ones keep the default provider chain from searching.
    credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return {
    endpoint,
    region: vars.AWS_REGION,
    tableName: vars.DDB_TABLE_NAME,
    credentials,
    requestTimeoutMs: vars.DDB_REQUEST_TIMEOUT_MS,
  };
});
