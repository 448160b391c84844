/**
 * Prints a valid Cognito access token for a seed person, for curl and tests:
 *   curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" localhost:4567/api/message_groups
 */
import { pathsConfig } from '@app/common';
import { runCommand, SEED_PEOPLE, type SeedHandle } from '@app/dev-infra';
import { normalizeHandle } from '@app/users-client';
import { seedPersonToken, withCognito } from './local-cognito';

async function main(handle: string | undefined): Promise<void> {
  const seedHandle = handle === undefined ? undefined : normalizeHandle(handle);
  if (!seedHandle || !Object.hasOwn(SEED_PEOPLE, seedHandle))
    throw new Error(`usage: npm run token -- <${Object.keys(SEED_PEOPLE).join(' | ')}>`);
  const token = await withCognito(pathsConfig().dataDir, () => seedPersonToken(seedHandle as SeedHandle));
  process.stdout.write(`${token}\n`);
}

runCommand('token', () => main(process.argv[2]));
