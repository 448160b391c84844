import { Logger, type INestMicroservice } from '@nestjs/common';
import { type ClientProxy, ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { usersTransportConfig } from '@app/common';
import { findFreePort, SEED_PEOPLE } from '@app/dev-infra';
import { usersClientOptions, UsersPattern } from '@app/users-client';
import { DATABASE } from '../../apps/users/src/database/database.constants';
import type { Database } from '../../apps/users/src/database/database';
import { seedUsers } from '../../apps/users/cli/seed-users';
import { createUsersMicroservice } from '../../apps/users/src/users-microservice';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases';
import { aTransportSecret } from '../helpers/users-transport';

// TCP always; NATS and Redis where they run at their standard ports (always in CI; see global-setup).
const transports = ['tcp', ...(process.env.TEST_BROKERS ?? '').split(',').filter(Boolean)];

describe.each(transports)('users service over %s, switched by USERS_TRANSPORT', (transport) => {
  const savedEnv = { ...process.env };
  const secret = aTransportSecret();
  let testDb: TestDatabase;
  let service: INestMicroservice;
  let db: Database;
  let client: ClientProxy;
  const clientsToClose: ClientProxy[] = [];
  /** A client of its own, with `secret` attached to each request (or none). */
  const clientWith = (callerSecret?: string) => {
    const stranger = ClientProxyFactory.create(
      callerSecret ? usersClientOptions(usersTransportConfig(), callerSecret) : usersTransportConfig(),
    );
    clientsToClose.push(stranger);
    return stranger;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(databaseKinds().at(-1)!);
    Object.assign(process.env, {
      USERS_TRANSPORT: transport,
      USERS_HOST: '127.0.0.1',
      USERS_PORT: String(await findFreePort()),
      USERS_TRANSPORT_SECRET: secret,
      DATA_DIR: testDb.dataDir,
    });
    if (testDb.url) process.env.DATABASE_URL = testDb.url;
    service = await createUsersMicroservice({ logger: new Logger() });
    await service.listen();
    db = service.get<Database>(DATABASE);
    const users = new UsersRepository(db);
    await seedUsers(users);
    await users.linkCognitoUserId(SEED_PEOPLE.londo.uuid, 'londo-sub');
    client = clientWith(secret);
    await client.connect();
  });

  afterAll(async () => {
    for (const each of clientsToClose) await each.close();
    await service?.close();
    await testDb?.drop();
    process.env = { ...savedEnv };
  });

  it('resolves a sub and reports an unknown one as not found', async () => {
    await expect(firstValueFrom(client.send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'londo-sub' }))).resolves.toMatchObject({
      handle: 'londo',
      display_name: 'Londo Mollari',
    });
    await expect(firstValueFrom(client.send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'nobody-here' }))).rejects.toMatchObject({
      code: 'user_not_found',
    });
  });

  it.each([
    ['no secret', undefined],
    ['a wrong secret', aTransportSecret()],
  ])('answers a caller with %s `unauthorized` and runs no handler', async (_, callerSecret) => {
    const stranger = clientWith(callerSecret);
    const queries = jest.spyOn(db, 'query'); // every handler reads the database; none may run
    try {
      await expect(firstValueFrom(stranger.send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'londo-sub' }))).rejects.toEqual({
        code: 'unauthorized',
        message: 'missing or wrong USERS_TRANSPORT_SECRET',
      });
      await expect(firstValueFrom(stranger.send(UsersPattern.health, {}))).rejects.toMatchObject({ code: 'unauthorized' });
      expect(queries).not.toHaveBeenCalled();
    } finally {
      queries.mockRestore();
    }
  });

  it('does not serve users.sync_cognito, even to a caller with the secret', async () => {
    // TCP answers "no handler", NATS "no responders", and over Redis nobody listens on that channel.
    const attempt = firstValueFrom(client.send('users.sync_cognito', {}).pipe(timeout(1500)));
    const error = await attempt.then(
      (reply) => ({ served: reply }),
      (rejection: unknown) => rejection,
    );
    expect(error).not.toHaveProperty('served');
    // Were it served, the sync would have answered with a domain error (no Cognito pool here) or a report.
    expect(error).not.toHaveProperty('code', 'not_configured');
  });
});
