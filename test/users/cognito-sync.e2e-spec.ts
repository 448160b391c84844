import { join } from 'node:path';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminUpdateUserAttributesCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signIn } from '@app/cognito-api';
import { DEVELOPMENT_PASSWORD, SEED_PEOPLE, setupPool } from '@app/dev-infra';
import type { Database } from '../../apps/users/src/database/database';
import { migrate } from '../../apps/users/src/database/migrator';
import { openDatabase } from '../../apps/users/src/database/open-database';
import { CognitoDirectory } from '../../apps/users/src/sync-cognito/cognito-directory';
import { SyncCognitoService } from '../../apps/users/src/sync-cognito/sync-cognito.service';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { UsersService } from '../../apps/users/src/users/users.service';
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
      directory.close();

      expect(proxy.pagesServed()).toBe(6); // 131 users at 60 a page, twice
      expect(report.scanned).toBe(131);
      expect(report.linked).toHaveLength(100);
      expect(report.linked.filter((m) => m.matchedBy === 'preferred_username')).toHaveLength(20);
      expect(report.unmatched.map((u) => u.preferredUsername).sort()).toEqual(
        all
          .slice(100)
          .map((p) => p.handle)
          .sort(),
      );
      // AdminCreateUser leaves the odd user in FORCE_CHANGE_PASSWORD: not CONFIRMED, so not linkable.
      expect(report.left).toEqual([
        {
          username: expect.any(String),
          sub: expect.any(String),
          reason: 'not_confirmed',
          detail: 'status FORCE_CHANGE_PASSWORD, not CONFIRMED',
        },
      ]);
      expect(again).toMatchObject({
        scanned: 131,
        linked: [],
        unchanged: expect.arrayContaining([{ username: expect.any(String), handle: 'person1' }]),
      });
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

  it('does not let anyone become another person by claiming their handle or their (unverified) email', async () => {
    // The seed people, signed up and linked as `npm start` leaves them; three more people have a
    // Postgres row but no Cognito account yet.
    const { userPoolId, clientId } = await setupPool(cognito.client, {
      poolName: 'takeover-test',
      clientName: 'web',
      people: [SEED_PEOPLE.andrewbrown, SEED_PEOPLE.bayko],
    });
    for (const p of [SEED_PEOPLE.andrewbrown, SEED_PEOPLE.bayko]) await users.insert(p);
    for (const handle of ['gkar', 'vir']) await users.insert({ handle, displayName: handle, email: `${handle}@narn.example` });
    const directory = new CognitoDirectory({ endpoint: cognito.emulator.endpoint, region: 'us-east-1', userPoolId });
    const sync = new SyncCognitoService(directory, users);
    const before = await sync.sync();
    expect(before.linked.map((l) => l.handle).sort()).toEqual(['andrewbrown', 'bayko']);

    // Anyone can sign up with any preferred_username, and with an email they cannot verify.
    const signUp = async (email: string, preferredUsername: string | undefined, { verified }: { verified: boolean }) => {
      await cognito.client.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: email,
          Password: DEVELOPMENT_PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: email },
            ...(preferredUsername ? [{ Name: 'preferred_username', Value: preferredUsername }] : []),
          ],
        }),
      );
      await cognito.client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId, Username: email }));
      if (verified) {
        await cognito.client.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: userPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      }
      return subOf(await signIn(cognito.client, clientId, email, DEVELOPMENT_PASSWORD));
    };
    const handleThief = await signUp('mallory@evil.example', 'bayko', { verified: true });
    const emailThief = await signUp('gkar@narn.example', undefined, { verified: false });
    const firstClaimant = await signUp('eve@evil.example', 'vir', { verified: true });
    const secondClaimant = await signUp('trent@evil.example', 'vir', { verified: true });

    const report = await sync.sync();
    directory.close();

    const resolve = (sub: string) => new UsersService(users).resolveCognitoSub(sub);
    const baykoToken = await signIn(cognito.client, clientId, SEED_PEOPLE.bayko.email, DEVELOPMENT_PASSWORD);
    await expect(resolve(subOf(baykoToken))).resolves.toMatchObject({ handle: 'bayko' });
    for (const attacker of [handleThief, emailThief, firstClaimant, secondClaimant]) {
      await expect(resolve(attacker)).rejects.toMatchObject({ code: 'user_not_found' });
    }
    expect(await users.findByHandle('vir')).toMatchObject({ cognitoUserId: null });
    expect(await users.findByHandle('gkar')).toMatchObject({ cognitoUserId: null });

    expect(report.linked).toEqual([]);
    expect(report.left).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: expect.any(String), sub: handleThief, handle: 'bayko', reason: 'linked_to_another' }),
        expect.objectContaining({ sub: emailThief, handle: 'gkar', reason: 'email_unverified' }),
        expect.objectContaining({ sub: firstClaimant, handle: 'vir', reason: 'ambiguous' }),
        expect.objectContaining({ sub: secondClaimant, handle: 'vir', reason: 'ambiguous' }),
      ]),
    );
    expect(report.left).toHaveLength(4);
  });
});

function subOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
}
