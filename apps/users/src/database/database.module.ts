import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { Database } from './database';
import { databaseConfig, type DatabaseOptions } from './database.config';
import { DATABASE } from './database.constants';
import { migrate } from './migrator';
import { openDatabase } from './open-database';

/**
 * The users database: opened at boot and migrated before the service answers anything
 * (migrations are idempotent and lock-guarded, so every replica may run them).
 */
/** Turns the usual first-run failures into a message that says what to do. */
function explainStartupError(error: unknown, options: DatabaseOptions): unknown {
  const code = (error as { code?: string }).code;
  const where = options.url ? new URL(options.url) : undefined;
  if (code === '3D000' && where) {
    return new Error(`database "${where.pathname.slice(1)}" does not exist: run \`npm run db -- setup\``, { cause: error });
  }
  if (code === 'ECONNREFUSED' && where) {
    return new Error(`cannot reach Postgres at ${where.host} (DATABASE_URL): is it running?`, { cause: error });
  }
  return error;
}

@Module({
  imports: [ConfigModule.forFeature(databaseConfig)],
  providers: [
    {
      provide: DATABASE,
      inject: [databaseConfig.KEY],
      useFactory: async (options: DatabaseOptions) => {
        const db = await openDatabase(options);
        try {
          await migrate(db);
        } catch (error) {
          await db.close().catch(() => undefined);
          throw explainStartupError(error, options);
        }
        return db;
      },
    },
  ],
  exports: [DATABASE],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
