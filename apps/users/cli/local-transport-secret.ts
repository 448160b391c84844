import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { localUsersTransportSecretFile, TRANSPORT_SECRET_MIN_LENGTH } from '@app/common';
import { localEventsTransportSecretFile } from '@app/live-events';

/**
 * The local USERS_TRANSPORT_SECRET: 32 random bytes (hex) written once under DATA_DIR (mode 0600,
 * never overwritten), then reused, so `npm start` and `npx nest start <app>` agree on it without
 * anyone configuring anything. Production sets the variable instead.
 */
export function provisionLocalUsersTransportSecret(dataDir: string): string {
  return provisionLocalSecret(dataDir, localUsersTransportSecretFile(dataDir));
}

/** The local EVENTS_TRANSPORT_SECRET (stream-worker → messages-api), made and kept the same way. */
export function provisionLocalEventsTransportSecret(dataDir: string): string {
  return provisionLocalSecret(dataDir, localEventsTransportSecretFile(dataDir));
}

function provisionLocalSecret(dataDir: string, file: string): string {
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < TRANSPORT_SECRET_MIN_LENGTH) {
    throw new Error(`${file} holds fewer than ${TRANSPORT_SECRET_MIN_LENGTH} characters: delete it and a new one is made`);
  }
  return secret;
}
