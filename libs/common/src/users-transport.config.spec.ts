import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transport } from '@nestjs/microservices';
import { localUsersTransportSecretFile, usersTransportConfig, usersTransportSecretConfig } from './users-transport.config';

function withEnv<T>(env: Record<string, string>, read: () => T): T {
  const saved = process.env;
  process.env = { PATH: saved.PATH, ...env };
  try {
    return read();
  } finally {
    process.env = saved;
  }
}

describe('usersTransportSecretConfig', () => {
  const secret = 'f'.repeat(64);
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'transport-secret-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes USERS_TRANSPORT_SECRET when set, in production or not', () => {
    expect(withEnv({ NODE_ENV: 'production', USERS_TRANSPORT_SECRET: secret }, usersTransportSecretConfig)).toEqual({ secret });
    expect(withEnv({ USERS_TRANSPORT_SECRET: secret, DATA_DIR: dataDir }, usersTransportSecretConfig)).toEqual({ secret });
  });

  it.each([
    ['missing', {}, /USERS_TRANSPORT_SECRET: required when NODE_ENV=production/],
    ['short', { USERS_TRANSPORT_SECRET: 'changeme' }, /USERS_TRANSPORT_SECRET: must be at least 32 characters/],
  ])('stops a production app at boot when the secret is %s, naming the variable', (_, env, message) => {
    // Even with a local secret file present: production never falls back to it.
    writeFileSync(localUsersTransportSecretFile(dataDir), secret);
    expect(() => withEnv({ NODE_ENV: 'production', DATA_DIR: dataDir, ...env }, usersTransportSecretConfig)).toThrow(message);
  });

  it('falls back to the secret the local tooling generated under DATA_DIR, outside production', () => {
    writeFileSync(localUsersTransportSecretFile(dataDir), `${secret}\n`);
    expect(withEnv({ DATA_DIR: dataDir }, usersTransportSecretConfig)).toEqual({ secret });
  });

  it('stops at boot, naming the variable and the file, when neither is there', () => {
    expect(() => withEnv({ DATA_DIR: dataDir }, usersTransportSecretConfig)).toThrow(
      /USERS_TRANSPORT_SECRET: not set, and .*users-transport-secret does not exist/,
    );
  });
});

describe('usersTransportConfig over Redis', () => {
  it('keeps the credentials, TLS and database of REDIS_URL', () => {
    const config = withEnv({ USERS_TRANSPORT: 'redis', REDIS_URL: 'rediss://app:p%40ss@cache.internal:6380/1' }, usersTransportConfig);
    expect(config).toEqual({
      transport: Transport.REDIS,
      options: { host: 'cache.internal', port: 6380, username: 'app', password: 'p@ss', tls: { servername: 'cache.internal' }, db: 1 },
    });
  });
});
