import { SEED_PEOPLE, type SeedHandle } from '@app/common';
import { cognitoConfig, createCognitoClient, DEVELOPMENT_PASSWORD, signIn } from '@app/cognito';

/** An access token of a seed person from the running Cognito emulator. */
export async function seedToken(handle: SeedHandle): Promise<string> {
  const options = cognitoConfig();
  if (!options.clientId) throw new Error('no Cognito app client: run `npm run db -- setup` first');
  const client = createCognitoClient(options);
  try {
    return await signIn(client, options.clientId, SEED_PEOPLE[handle].email, DEVELOPMENT_PASSWORD);
  } finally {
    client.destroy();
  }
}
