import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CognitoOptions, cognitoConfig, localCognitoIdsFile } from '@app/cognito';
import { createCognitoClient, signIn } from '@app/cognito-api';
import { DEVELOPMENT_PASSWORD, type PoolSetup, SEED_PEOPLE, type SeedHandle, setupPool, startCognitoLocal } from '@app/dev-infra';

export const LOCAL_POOL_NAME = 'cruddur-local';
export const LOCAL_CLIENT_NAME = 'cruddur-web';

/**
 * Runs `work` against Cognito. Locally, an emulator already listening is used as it is; if none
 * is, one is started for the duration (its data stays under DATA_DIR/cognito).
 */
export async function withCognito<T>(dataDir: string, work: (options: CognitoOptions) => Promise<T>): Promise<T> {
  const options = cognitoConfig();
  if (!options.endpoint || (await answers(options.endpoint))) return work(options);
  const emulator = await startCognitoLocal({ port: Number(new URL(options.endpoint).port || 9229), dataDir: join(dataDir, 'cognito') });
  try {
    return await work(options);
  } finally {
    await emulator.stop();
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/**
 * `cognito setup`: the local pool, app client and seed people, idempotently; saves the ids where
 * cognitoConfig reads them. Refuses real AWS (there the pool is infrastructure, not a seed).
 */
export async function setupLocalCognito(dataDir: string): Promise<PoolSetup> {
  return withCognito(dataDir, async (options) => {
    if (!options.endpoint) throw new Error('cognito setup only seeds the local emulator; COGNITO_ENDPOINT is set to real AWS');
    const client = createCognitoClient(options);
    try {
      const setup = await setupPool(client, {
        poolName: LOCAL_POOL_NAME,
        clientName: LOCAL_CLIENT_NAME,
        people: Object.values(SEED_PEOPLE),
      });
      const file = localCognitoIdsFile(dataDir);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify({ userPoolId: setup.userPoolId, clientId: setup.clientId }, null, 2)}\n`);
      return setup;
    } finally {
      client.destroy();
    }
  });
}

/** An access token of a seed person from the configured (running) Cognito pool: `npm run token`, benchmarks, drills. */
export async function seedPersonToken(handle: SeedHandle): Promise<string> {
  const options = cognitoConfig();
  if (!options.clientId) throw new Error('no Cognito app client yet: run `npm run cognito -- setup` (or `npm run db -- setup`)');
  const client = createCognitoClient(options);
  try {
    return await signIn(client, options.clientId, SEED_PEOPLE[handle].email, DEVELOPMENT_PASSWORD);
  } finally {
    client.destroy();
  }
}
