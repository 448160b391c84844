import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type ClientProxy, ClientProxyFactory, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { findFreePort } from '@app/ddb';
import { UsersPattern, type UserProfile } from '@app/users-client';
import { DEVELOPMENT_PASSWORD, type PoolSetup, setupPool, signIn } from '@app/cognito';
import { SEED_PEOPLE } from '@app/common';
import type { INestMicroservice } from '@nestjs/common';
import { DATABASE } from '../../apps/users/src/database/database.constants';
import type { Database } from '../../apps/users/src/database/database';
import { seedUsers } from '../../apps/users/src/database/seed';
import { UsersModule } from '../../apps/users/src/users.module';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { syncCognitoUserIds } from '../../apps/users/src/sync-cognito/sync-cognito-user-ids';
import { startTestCognito, type TestCognito } from '../helpers/cognito';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases';

describe.each(databaseKinds())('users service over TCP (%s)', (kind) => {
  let testDb: TestDatabase;
  let service: INestMicroservice;
  let client: ClientProxy;
  let cognito: TestCognito;
  let pool: PoolSetup;
  let users: UsersRepository;
  const savedEnv = { ...process.env };
  const send = <T>(pattern: string, payload: unknown) => firstValueFrom(client.send<T>(pattern, payload));

  beforeAll(async () => {
    [testDb, cognito] = await Promise.all([createTestDatabase(kind), startTestCognito()]);
    pool = await setupPool(cognito.client, { poolName: 'transport-test', clientName: 'web', people: Object.values(SEED_PEOPLE) });
    process.env.COGNITO_ENDPOINT = cognito.emulator.endpoint;
    process.env.COGNITO_USER_POOL_ID = pool.userPoolId;
    const port = await findFreePort();
    process.env.DATA_DIR = testDb.dataDir;
    if (testDb.url) process.env.DATABASE_URL = testDb.url;
    else delete process.env.DATABASE_URL;
    service = await NestFactory.createMicroservice<MicroserviceOptions>(UsersModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
      logger: new Logger(),
    });
    await service.listen();
    users = new UsersRepository(service.get<Database>(DATABASE));
    await seedUsers(users);
    await users.linkCognitoUserId(SEED_PEOPLE.andrewbrown.uuid, 'andrew-sub-1');
    // Linked by hand here; the last test relinks everyone through the real sync.
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
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
      });
    }
    await expect(send(UsersPattern.findByHandle, { handle: 'nobody' })).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(send(UsersPattern.findByHandle, { handle: 'no spaces' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('(last: it links everyone) does not serve users.sync_cognito; the ops sync links, after which a signed-in person resolves to themselves', async () => {
    await expect(send('users.sync_cognito', {})).rejects.toMatch(/no matching message handler/);
    const report = await syncCognitoUserIds(users, { endpoint: cognito.emulator.endpoint, region: 'us-east-1', userPoolId: pool.userPoolId });
    expect(report.linked.map((m) => m.handle).sort()).toEqual(['bayko', 'londo']);
    // andrewbrown's row was linked by hand above: the real andrewbrown is reported, not relinked.
    expect(report.left).toEqual([expect.objectContaining({ handle: 'andrewbrown', reason: 'linked_to_another' })]);

    const token = await signIn(cognito.client, pool.clientId, SEED_PEOPLE.bayko.email, DEVELOPMENT_PASSWORD);
    const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
    await expect(send<UserProfile>(UsersPattern.resolveCognitoSub, { cognito_user_id: sub })).resolves.toEqual({
      uuid: SEED_PEOPLE.bayko.uuid,
      handle: 'bayko',
      display_name: 'Andrew Bayko',
    });
  });
});
