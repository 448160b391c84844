import { Logger } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { usersClientOptions, UsersPattern, type UserProfile } from '@app/users-client';
import { signIn } from '@app/cognito-api';
import { usersTransportConfig } from '@app/common';
import { DEVELOPMENT_PASSWORD, findFreePort, type PoolSetup, SEED_PEOPLE, setupPool } from '@app/dev-infra';
import type { INestMicroservice } from '@nestjs/common';
import { DATABASE } from '../../apps/users/src/database/database.constants';
import type { Database } from '../../apps/users/src/database/database';
import { seedUsers } from '../../apps/users/cli/seed-users';
import { createUsersMicroservice } from '../../apps/users/src/users-microservice';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { syncCognitoUserIds } from '../../apps/users/src/sync-cognito/sync-cognito-user-ids';
import { startTestCognito, type TestCognito } from '../helpers/cognito';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases';
import { aTransportSecret, streamGiantFrame } from '../helpers/users-transport';

describe.each(databaseKinds())('users service over TCP (%s)', (kind) => {
  let testDb: TestDatabase;
  let service: INestMicroservice;
  let client: ClientProxy;
  let cognito: TestCognito;
  let pool: PoolSetup;
  let users: UsersRepository;
  let db: Database;
  let port: number;
  const secret = aTransportSecret();
  const savedEnv = { ...process.env };
  const send = <T>(pattern: string, payload: unknown) => firstValueFrom(client.send<T>(pattern, payload));

  beforeAll(async () => {
    [testDb, cognito] = await Promise.all([createTestDatabase(kind), startTestCognito()]);
    pool = await setupPool(cognito.client, { poolName: 'transport-test', clientName: 'web', people: Object.values(SEED_PEOPLE) });
    process.env.COGNITO_ENDPOINT = cognito.emulator.endpoint;
    process.env.COGNITO_USER_POOL_ID = pool.userPoolId;
    port = await findFreePort();
    Object.assign(process.env, {
      DATA_DIR: testDb.dataDir,
      USERS_TRANSPORT: 'tcp',
      USERS_HOST: '127.0.0.1',
      USERS_PORT: String(port),
      USERS_TRANSPORT_SECRET: secret,
    });
    if (testDb.url) process.env.DATABASE_URL = testDb.url;
    else delete process.env.DATABASE_URL;
    service = await createUsersMicroservice({ logger: new Logger() });
    await service.listen();
    db = service.get<Database>(DATABASE);
    users = new UsersRepository(db);
    await seedUsers(users);
    await users.linkCognitoUserId(SEED_PEOPLE.andrewbrown.uuid, 'andrew-sub-1');
    // Linked by hand here; the last test links the others through the real sync.
    client = ClientProxyFactory.create(usersClientOptions(usersTransportConfig(), secret));
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await testDb?.drop();
    await cognito?.stop();
    process.env = { ...savedEnv };
  });

  it('resolves a known Cognito sub to the person', async () => {
    await expect(send<UserProfile>(UsersPattern.resolveCognitoSub, { cognito_user_id: 'andrew-sub-1' })).resolves.toEqual({
      uuid: SEED_PEOPLE.andrewbrown.uuid,
      handle: 'andrewbrown',
      display_name: 'Andrew Brown',
      profile_version: 1,
    });
  });

  it('answers an unknown sub with a typed not-found error', async () => {
    await expect(send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'nobody' })).rejects.toEqual({
      code: 'user_not_found',
      message: 'no user with cognito_user_id nobody',
    });
  });

  it.each([
    ['an empty object', {}],
    ['a number for the sub', { cognito_user_id: 42 }],
    ['an extra field', { cognito_user_id: 'x', admin: true }],
    ['a bare string instead of an object', 'andrew-sub-1'],
  ])('answers %s with a typed validation error, and keeps serving', async (_, payload) => {
    await expect(send(UsersPattern.resolveCognitoSub, payload)).rejects.toMatchObject({
      code: 'validation_failed',
      errors: expect.any(Array),
    });
    await expect(send(UsersPattern.health, {})).resolves.toEqual({ status: 'ok', service: 'users' });
  });

  it('finds a person by handle in any letter case', async () => {
    for (const handle of ['bayko', 'BAYKO', '@Bayko']) {
      await expect(send<UserProfile>(UsersPattern.findByHandle, { handle })).resolves.toEqual({
        uuid: SEED_PEOPLE.bayko.uuid,
        handle: 'bayko',
        display_name: 'Andrew Bayko',
        profile_version: 1,
      });
    }
    await expect(send(UsersPattern.findByHandle, { handle: 'nobody' })).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(send(UsersPattern.findByHandle, { handle: 'no spaces' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it.each([
    ['no secret', undefined],
    ['a wrong secret', aTransportSecret()],
    ['the secret with its last character changed', `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`],
  ])('answers a caller with %s `unauthorized`, whatever it asks, and runs no handler', async (_, callerSecret) => {
    const transport = usersTransportConfig();
    const stranger = ClientProxyFactory.create(callerSecret ? usersClientOptions(transport, callerSecret) : transport);
    const queries = jest.spyOn(db, 'query'); // every handler reads the database; none may run
    try {
      for (const [pattern, payload] of [
        [UsersPattern.resolveCognitoSub, { cognito_user_id: 'andrew-sub-1' }],
        [UsersPattern.findByHandle, { handle: 'bayko' }],
        [UsersPattern.health, {}],
      ] as const) {
        await expect(firstValueFrom(stranger.send(pattern, payload))).rejects.toEqual({
          code: 'unauthorized',
          message: 'missing or wrong USERS_TRANSPORT_SECRET',
        });
      }
      expect(queries).not.toHaveBeenCalled();
    } finally {
      queries.mockRestore();
      await stranger.close();
    }
    await expect(send(UsersPattern.health, {})).resolves.toEqual({ status: 'ok', service: 'users' });
  });

  it('cuts off a peer that streams one giant frame, and keeps serving everyone else', async () => {
    const attack = await streamGiantFrame(port, { announcedBytes: 1024 ** 3, maxBytes: 32 * 1024 ** 2 });

    expect(attack).toEqual({ closedByServer: true, sentBytes: expect.any(Number) });
    expect(attack.sentBytes).toBeLessThan(32 * 1024 ** 2);
    await expect(send<UserProfile>(UsersPattern.findByHandle, { handle: 'bayko' })).resolves.toMatchObject({ handle: 'bayko' });
  });

  it('(last: it links everyone) does not serve users.sync_cognito; the ops sync links, after which a signed-in person resolves to themselves', async () => {
    await expect(send('users.sync_cognito', {})).rejects.toMatch(/no matching message handler/);
    const report = await syncCognitoUserIds(users, {
      endpoint: cognito.emulator.endpoint,
      region: 'us-east-1',
      userPoolId: pool.userPoolId,
    });
    expect(report.linked.map((m) => m.handle).sort()).toEqual(['bayko', 'londo']);
    // andrewbrown's row was linked by hand above: the real andrewbrown is reported, not relinked.
    expect(report.left).toEqual([expect.objectContaining({ handle: 'andrewbrown', reason: 'linked_to_another' })]);

    const token = await signIn(cognito.client, pool.clientId, SEED_PEOPLE.bayko.email, DEVELOPMENT_PASSWORD);
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
    await expect(send<UserProfile>(UsersPattern.resolveCognitoSub, { cognito_user_id: sub })).resolves.toEqual({
      uuid: SEED_PEOPLE.bayko.uuid,
      handle: 'bayko',
      display_name: 'Andrew Bayko',
      profile_version: 1,
    });
  });
});
