import { join } from 'node:path';
import { openDatabase } from '../../apps/users/src/database/open-database';
import type { Database } from '../../apps/users/src/database/database';
import { migrate } from '../../apps/users/src/database/migrator';
import { seedUsers } from '../../apps/users/cli/seed-users';
import { UsersRepository } from '../../apps/users/src/users/users.repository';
import { DuplicateUserError } from '../../apps/users/src/users/users.errors';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases';

describe.each(databaseKinds())('users database on %s', (kind) => {
  let testDb: TestDatabase;
  let db: Database;
  let users: UsersRepository;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = await openDatabase({ url: testDb.url, pgliteDir: join(testDb.dataDir, 'pglite'), poolMax: 2 });
    users = new UsersRepository(db);
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('applies the migrations once, and a second run changes nothing', async () => {
    const first = await migrate(db);
    const second = await migrate(db);

    expect(first.applied).toEqual(['1 create users', '2 profile versions and held handles']);
    expect(second).toEqual({ applied: [], alreadyApplied: 2 });
    expect(await db.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('seeds the three seed people once, however often it runs', async () => {
    expect(await seedUsers(users)).toEqual({ inserted: ['andrewbrown', 'bayko', 'londo'], existing: [] });
    expect(await seedUsers(users)).toEqual({ inserted: [], existing: ['andrewbrown', 'bayko', 'londo'] });
    expect(await db.query('SELECT handle FROM users ORDER BY handle')).toEqual([
      { handle: 'andrewbrown' },
      { handle: 'bayko' },
      { handle: 'londo' },
    ]);
  });

  it('refuses a duplicate handle or email, in any letter case, naming the field', async () => {
    const taken = (field: string) => expect.objectContaining({ constructor: DuplicateUserError, field });
    await expect(users.insert({ handle: 'Bayko', displayName: 'Imposter', email: 'new@example.com' })).rejects.toEqual(taken('handle'));
    await expect(users.insert({ handle: 'fresh', displayName: 'Imposter', email: 'BAYKO@exampro.co' })).rejects.toEqual(taken('email'));
    await expect(users.insert({ handle: 'fresh', displayName: 'x', email: 'BAYKO@exampro.co' })).rejects.toThrow(
      'email "bayko@exampro.co" is already taken',
    );
    expect(await db.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 3 }]);
  });

  it('finds people by handle whatever the letter case, and links a Cognito sub only once', async () => {
    const bayko = await users.findByHandle('@BAYKO');
    expect(bayko?.displayName).toBe('Andrew Bayko');

    await expect(users.linkCognitoUserId(bayko!.uuid, 'sub-123')).resolves.toBe(true);
    expect((await users.findByCognitoUserId('sub-123'))?.handle).toBe('bayko');
    // A linked row is never relinked: the conditional update changes nothing.
    await expect(users.linkCognitoUserId(bayko!.uuid, 'someone-else')).resolves.toBe(false);
    expect((await users.findByHandle('bayko'))?.cognitoUserId).toBe('sub-123');
    expect(await users.findByCognitoUserId('someone-else')).toBeNull();
    const londo = await users.findByHandle('londo');
    await expect(users.linkCognitoUserId(londo!.uuid, 'sub-123')).rejects.toBeInstanceOf(DuplicateUserError);
  });

  it('finds the rows a sync must consider: by email, by handle, or already linked to a sub', async () => {
    const found = await users.findLinkCandidates({
      emails: ['lmollari@centari.com'],
      handles: ['andrewbrown'],
      subs: ['sub-123', 'nobody'],
    });
    expect(found.map((user) => user.handle).sort()).toEqual(['andrewbrown', 'bayko', 'londo']);
    expect(await users.findLinkCandidates({ emails: [], handles: [], subs: [] })).toEqual([]);
  });
});
