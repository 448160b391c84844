import { join } from 'node:path';
import { AdminCreateUserCommand, AdminDeleteUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { setupPool } from '@app/cognito';
import type { Database } from '../../apps/users/src/database/database';
import { migrate } from '../../apps/users/src/database/migrator';
import { openDatabase } from '../../apps/users/src/database/open-database';
import { CognitoDirectory } from '../../apps/users/src/sync-cognito/cognito-directory';
import { SyncCognitoService } from '../../apps/users/src/sync-cognito/sync-cognito.service';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { startPagingProxy, startTestCognito, type TestCognito } from '../helpers/cognito';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';

const person = (i: number) => ({ email: `person${i}@example.com`, handle: `person${i}`, displayName: `Person ${i}` });

describe('Cognito setup and update_cognito_user_ids against cognito-local', () => {
  let cognito: TestCognito;
  let testDb: TestDatabase;
  let db: Database;
  let users: UsersRepository;

  beforeAll(async () => {
    [cognito, testDb] = await Promise.all([startTestCognito(), createTestDatabase('pglite')]);
    db = await openDatabase({ pgliteDir: join(testDb.dataDir, 'pglite'), poolMax: 1 });
    await migrate(db);
    users = new UsersRepository(db);
  });
  afterAll(async () => {
    await db.close();
    await Promise.all([cognito.stop(), testDb.drop()]);
  });

  it('sets up the pool, client and people idempotently', async () => {
    const people = [person(1), person(2)];
    const first = await setupPool(cognito.client, { poolName: 'setup-test', clientName: 'web', people });
    const second = await setupPool(cognito.client, { poolName: 'setup-test', clientName: 'web', people });

    expect(first).toMatchObject({ poolCreated: true, clientCreated: true, usersCreated: ['person1', 'person2'] });
    expect(second).toEqual({
      userPoolId: first.userPoolId,
      clientId: first.clientId,
      poolCreated: false,
      clientCreated: false,
      usersCreated: [],
      usersExisting: ['person1', 'person2'],
    });
  });

  it('links all 130 Cognito users that have a Postgres row, across several ListUsers pages, and reports the rest', async () => {
    // 130 Cognito users: 1–80 have a row found by email, 81–100 only by handle, 101–130 have none.
    const all = Array.from({ length: 130 }, (_, i) => person(i + 1));
    const { userPoolId } = await setupPool(cognito.client, { poolName: 'sync-test', clientName: 'web', people: all });
    for (const p of all.slice(0, 80)) await users.insert(p);
    for (const p of all.slice(80, 100)) await users.insert({ ...p, email: `other-${p.email}` });
    // One odd user: no email and no preferred_username left.
    await cognito.client.send(
      new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'odd@example.com', MessageAction: 'SUPPRESS' }),
    );
    await cognito.client.send(
      new AdminDeleteUserAttributesCommand({ UserPoolId: userPoolId, Username: 'odd@example.com', UserAttributeNames: ['email'] }),
    );

    const proxy = await startPagingProxy(cognito.emulator.endpoint);
    try {
      const directory = new CognitoDirectory({ endpoint: proxy.endpoint, region: 'us-east-1', userPoolId });
      const sync = new SyncCognitoService(directory, users);

      const report = await sync.sync();
      const again = await sync.sync();
      directory.onApplicationShutdown();

      expect(proxy.pagesServed()).toBe(6); // 131 users at 60 a page, twice
      expect(report.scanned).toBe(131);
      expect(report.matched).toHaveLength(100);
      expect(report.matched.filter((m) => m.matched_by === 'preferred_username')).toHaveLength(20);
      expect(report.unmatched.map((u) => u.preferred_username).sort()).toEqual(all.slice(100).map((p) => p.handle).sort());
      expect(report.skipped).toEqual([{ username: expect.any(String), reason: 'neither email nor preferred_username is set' }]);
      expect(again).toMatchObject({ scanned: 131, matched: [], unchanged: expect.arrayContaining([{ handle: 'person1' }]) });
      expect(again.unchanged).toHaveLength(100);
      const linked = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE cognito_user_id IS NOT NULL');
      expect(linked).toEqual([{ n: 100 }]);
    } finally {
      await proxy.stop();
    }
  });

  it('reports an unconfigured pool as a typed error instead of crashing', async () => {
    const directory = new CognitoDirectory({ endpoint: cognito.emulator.endpoint, region: 'us-east-1' });
    await expect(new SyncCognitoService(directory, users).sync()).rejects.toMatchObject({ code: 'not_configured' });
  });
});
