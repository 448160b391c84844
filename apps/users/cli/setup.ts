import { cognitoConfig } from '@app/cognito';
import { databaseConfig } from '../src/database/database.config';
import { migrate } from '../src/database/migrator';
import { openDatabase } from '../src/database/open-database';
import { seedUsers } from './seed-users';
import { syncCognitoUserIds } from '../src/sync-cognito/sync-cognito-user-ids';
import { UsersRepository } from '../src/users/users.repository';
import { setupLocalCognito } from './local-cognito';

/**
 * Migrations, seed people, the local Cognito pool and the sub links: everything the users
 * service needs, idempotently. Used by `db setup` and `npm start`.
 */
export async function setupDatabaseAndCognito(dataDir: string): Promise<{ database: string; userPoolId: string; linked: number }> {
  const pool = await setupLocalCognito(dataDir);
  const options = databaseConfig();
  const db = await openDatabase(options);
  try {
    await migrate(db);
    const users = new UsersRepository(db);
    await seedUsers(users);
    const report = await syncCognitoUserIds(users, cognitoConfig());
    return {
      database: options.url ? 'Postgres (DATABASE_URL)' : 'PGlite (.data/pglite)',
      userPoolId: pool.userPoolId,
      linked: report.linked.length + report.unchanged.length,
    };
  } finally {
    await db.close();
  }
}
