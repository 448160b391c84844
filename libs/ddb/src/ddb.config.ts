import { registerAs } from '@nestjs/config';
import { isLoopbackUrl, parseEnv, productionVariables, refuseLocalDefaultsInProduction } from '@app/common';
import { z } from 'zod';

export const LOCAL_DYNAMODB_ENDPOINT = 'http://127.0.0.1:8000';
export const DEFAULT_TABLE_NAME = 'cruddur-messages';
/** The fixed credentials DynamoDB Local and the Cognito emulator accept; never valid on AWS. */
export const LOCAL_CREDENTIAL = 'local';

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
  ...productionVariables,
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
  const awsEndpoint = !endpoint || new URL(endpoint).hostname.endsWith('.amazonaws.com');
  const localCredentials = [vars.AWS_ACCESS_KEY_ID, vars.AWS_SECRET_ACCESS_KEY].includes(LOCAL_CREDENTIAL);
  refuseLocalDefaultsInProduction('ddb', vars, [
    {
      variable: 'DDB_ENDPOINT',
      problem:
        process.env.DDB_ENDPOINT === undefined
          ? `unset means DynamoDB Local at ${LOCAL_DYNAMODB_ENDPOINT}; set it to an empty string for AWS's regional endpoint`
          : endpoint !== undefined && isLoopbackUrl(endpoint) && `${endpoint} is this machine, not DynamoDB`,
    },
    {
      variable: 'AWS_ACCESS_KEY_ID',
      problem:
        awsEndpoint &&
        localCredentials &&
        'the local placeholder credentials cannot sign AWS requests; unset them (the task role provides credentials)',
    },
  ]);
  let credentials: DdbOptions['credentials'];
  if (vars.AWS_ACCESS_KEY_ID && vars.AWS_SECRET_ACCESS_KEY) {
    credentials = { accessKeyId: vars.AWS_ACCESS_KEY_ID, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY };
  } else if (!awsEndpoint) {
    // DynamoDB Local accepts any credentials; fixed ones keep the default provider chain from searching.
    credentials = { accessKeyId: LOCAL_CREDENTIAL, secretAccessKey: LOCAL_CREDENTIAL };
  }
  return {
    endpoint,
    region: vars.AWS_REGION,
    tableName: vars.DDB_TABLE_NAME,
    credentials,
    requestTimeoutMs: vars.DDB_REQUEST_TIMEOUT_MS,
  };
});
