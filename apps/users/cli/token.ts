/**
 * Prints a valid Cognito access token for a seed person, for curl and tests:
 *   curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" localhost:4567/api/message_groups
 */
import { pathsConfig, SEED_PEOPLE } from '@app/common';
import { cognitoConfig, createCognitoClient, DEVELOPMENT_PASSWORD, signIn } from '@app/cognito';
import { withCognito } from './local-cognito';

async function main(handle: string | undefined): Promise<void> {
  const person = Object.values(SEED_PEOPLE).find((candidate) => candidate.handle === handle?.replace(/^@/, '').toLowerCase());
  if (!person) throw new Error(`usage: npm run token -- <${Object.keys(SEED_PEOPLE).join(' | ')}>`);
  const token = await withCognito(pathsConfig().dataDir, async () => {
    const options = cognitoConfig();
    if (!options.clientId) throw new Error('no Cognito app client yet: run `npm run cognito -- setup` (or `npm run db -- setup`)');
    const client = createCognitoClient(options);
    try {
      return await signIn(client, options.clientId, person.email, DEVELOPMENT_PASSWORD);
    } finally {
      client.destroy();
    }
  });
  process.stdout.write(`${token}\n`);
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
