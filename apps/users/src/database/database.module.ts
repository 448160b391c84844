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
@Module({
  imports: [ConfigModule.forFeature(databaseConfig)],
  providers: [
    {
      provide: DATABASE,
      inject: [databaseConfig.KEY],
      useFactory: async (options: DatabaseOptions) => {
        const db = await openDatabase(options);
        await migrate(db);
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
