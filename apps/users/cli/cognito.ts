/**
 * The local Cognito emulator:
 *   npm run cognito -- setup   pool, app client and seed people (idempotent); ids saved under DATA_DIR/cognito
 *   npm run cognito -- start   run the emulator in the foreground (Ctrl-C stops it)
 */
import { join } from 'node:path';
import { pathsConfig } from '@app/common';
import { cognitoConfig } from '@app/cognito';
import { DEVELOPMENT_PASSWORD, runCommand, startCognitoLocal } from '@app/dev-infra';
import { setupLocalCognito } from './local-cognito';

async function main(command: string | undefined): Promise<void> {
  const { dataDir } = pathsConfig();
  if (command === 'setup') {
    const setup = await setupLocalCognito(dataDir);
    console.log(`pool ${setup.userPoolId} (${setup.poolCreated ? 'created' : 'existing'})`);
    console.log(`client ${setup.clientId} (${setup.clientCreated ? 'created' : 'existing'})`);
    console.log(`users created [${setup.usersCreated.join(', ')}], existing [${setup.usersExisting.join(', ')}]`);
    console.log(`development password for every seed person: ${DEVELOPMENT_PASSWORD}`);
    return;
  }
  if (command === 'start') {
    const { endpoint, listenHost } = cognitoConfig();
    if (!endpoint) throw new Error('COGNITO_ENDPOINT points at real AWS; there is nothing local to start');
    const emulator = await startCognitoLocal({
      port: Number(new URL(endpoint).port || 9229),
      dataDir: join(dataDir, 'cognito'),
      hostname: listenHost,
      // Tokens name the emulator by the address the verifiers use (e.g. http://cognito:9229 in compose).
      issuerDomain: new URL(endpoint).origin,
    });
    console.log(`Cognito emulator on ${emulator.endpoint} (Ctrl-C to stop)`);
    const stop = () => void emulator.stop().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => undefined);
  }
  throw new Error('usage: npm run cognito -- setup | start');
}

runCommand('cognito', () => main(process.argv[2]));
