import { Logger, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AsyncMicroserviceOptions, type ClientProxy, ClientProxyFactory } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { SEED_PEOPLE, usersTransportConfig, type UsersTransportOptions } from '@app/common';
import { findFreePort } from '@app/ddb';
import { UsersPattern } from '@app/users-client';
import { DATABASE } from '../../apps/users/src/database/database.constants';
import type { Database } from '../../apps/users/src/database/database';
import { seedUsers } from '../../apps/users/src/database/seed';
import { UsersModule } from '../../apps/users/src/users.module';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases';

// TCP always; NATS and Redis where they run at their standard ports (always in CI; see global-setup).
const transports = ['tcp', ...(process.env.TEST_BROKERS ?? '').split(',').filter(Boolean)];

describe.each(transports)('users service over %s, switched by USERS_TRANSPORT', (transport) => {
  const savedEnv = { ...process.env };
  let testDb: TestDatabase;
  let service: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    testDb = await createTestDatabase(databaseKinds().at(-1)!);
    process.env.USERS_TRANSPORT = transport;
    process.env.USERS_HOST = '127.0.0.1';
    process.env.USERS_PORT = String(await findFreePort());
    process.env.DATA_DIR = testDb.dataDir;
    if (testDb.url) process.env.DATABASE_URL = testDb.url;
    // Built exactly as apps/users/src/main.ts builds it: transport options from config.
    service = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(UsersModule, {
      logger: new Logger(),
      inject: [usersTransportConfig.KEY],
      useFactory: (options: UsersTransportOptions) => options,
    });
    await service.listen();
    const users = new UsersRepository(service.get<Database>(DATABASE));
    await seedUsers(users);
    await users.linkCognitoUserId(SEED_PEOPLE.londo.uuid, 'londo-sub');
    client = ClientProxyFactory.create(usersTransportConfig());
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await testDb?.drop();
    process.env = { ...savedEnv };
  });

  it('resolves a sub and reports an unknown one as not found', async () => {
    await expect(
      firstValueFrom(client.send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'londo-sub' })),
    ).resolves.toMatchObject({ handle: 'londo', display_name: 'Londo Mollari' });
    await expect(
      firstValueFrom(client.send(UsersPattern.resolveCognitoSub, { cognito_user_id: 'nobody-here' })),
    ).rejects.toMatchObject({ code: 'user_not_found' });
  });
});
