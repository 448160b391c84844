import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAs } from '@nestjs/config';
import { isLoopbackUrl, parseEnv, pathsConfig, productionVariables, refuseLocalDefaultsInProduction } from '@app/common';
import { z } from 'zod';

export const LOCAL_COGNITO_ENDPOINT = 'http://127.0.0.1:9229';

/** Pool and client ids of the local emulator, written by `npm run cognito -- setup`. */
export const localCognitoIdsFile = (dataDir: string) => join(dataDir, 'cognito', 'ids.json');

const schema = z.object({
  /** The Cognito API. Unset = the local emulator; an empty string = real AWS in AWS_REGION. */
  COGNITO_ENDPOINT: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(LOCAL_COGNITO_ENDPOINT),
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbC123')
    .optional(),
  COGNITO_CLIENT_ID: z
    .string()
    .regex(/^[\w+]+$/, 'must be an app client id')
    .optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Where the local emulator listens (0.0.0.0 inside a container). */
  COGNITO_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  ...productionVariables,
});

export interface CognitoOptions {
  /** Undefined = real AWS. */
  endpoint?: string;
  region: string;
  /** Undefined until `npm run cognito -- setup` ran locally or the variable is set. */
  userPoolId?: string;
  clientId?: string;
  /** The `iss` claim of this pool's tokens (undefined without a pool id). */
  issuer?: string;
  /** Interface the local emulator binds to. */
  listenHost: string;
}

/**
 * Cognito settings shared by the users service (ListUsers sync), messages-api (token checks) and
 * the tooling. Locally, ids come from the file the setup command writes; env variables win.
 */
export const cognitoConfig = registerAs('cognito', (): CognitoOptions => {
  const vars = parseEnv('cognito', schema, process.env);
  const endpoint = vars.COGNITO_ENDPOINT === '' ? undefined : vars.COGNITO_ENDPOINT;
  // Tokens issued by a local emulator must never be accepted by a production app, nor its issuer trusted.
  refuseLocalDefaultsInProduction('cognito', vars, [
    {
      variable: 'COGNITO_ENDPOINT',
      problem:
        process.env.COGNITO_ENDPOINT === undefined
          ? `unset means the local emulator at ${LOCAL_COGNITO_ENDPOINT}; set it to an empty string for Cognito in AWS_REGION`
          : endpoint !== undefined && isLoopbackUrl(endpoint) && `${endpoint} is this machine (an emulator's issuer), not Cognito`,
    },
  ]);
  const saved = endpoint ? readLocalIds(localCognitoIdsFile(pathsConfig().dataDir)) : {};
  const userPoolId = vars.COGNITO_USER_POOL_ID ?? saved.userPoolId;
  const clientId = vars.COGNITO_CLIENT_ID ?? saved.clientId;
  const issuer = userPoolId ? `${endpoint ?? `https://cognito-idp.${vars.AWS_REGION}.amazonaws.com`}/${userPoolId}` : undefined;
  return { endpoint, region: vars.AWS_REGION, userPoolId, clientId, issuer, listenHost: vars.COGNITO_LISTEN_HOST };
});

function readLocalIds(file: string): { userPoolId?: string; clientId?: string } {
  if (!existsSync(file)) return {};
  const parsed = z.object({ userPoolId: z.string(), clientId: z.string() }).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : {};
}
