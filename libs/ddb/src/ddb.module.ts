import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { createDynamoDbClients, type DynamoDbClients } from './client';
import { type DdbOptions, ddbConfig } from './ddb.config';
import { DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT } from './ddb.constants';
import { DdbHealthIndicator } from './ddb.health';
import { ConfigurableModuleClass, DDB_OPTIONS } from './ddb.module-definition';
import { MessagingTable } from './messaging-table';

const CLIENTS = Symbol('DYNAMODB_CLIENTS');

/**
 * DynamoDB for an app: the SDK clients, the MessagingTable (patterns A–E) and a health indicator.
 * `DdbModule.forRoot(options)` / `forRootAsync(...)` configure it by hand; `DdbModule.fromConfig()`
 * takes the options from the validated `ddb` config namespace, as the apps do.
 */
@Module({
  imports: [TerminusModule],
  providers: [
    { provide: CLIENTS, inject: [DDB_OPTIONS], useFactory: (options: DdbOptions) => createDynamoDbClients(options) },
    { provide: DYNAMODB_CLIENT, inject: [CLIENTS], useFactory: (clients: DynamoDbClients) => clients.client },
    { provide: DYNAMODB_DOCUMENT_CLIENT, inject: [CLIENTS], useFactory: (clients: DynamoDbClients) => clients.doc },
    {
      provide: MessagingTable,
      inject: [CLIENTS, DDB_OPTIONS],
      useFactory: (clients: DynamoDbClients, options: DdbOptions) => new MessagingTable(clients.doc, options.tableName),
    },
    DdbHealthIndicator,
  ],
  exports: [DDB_OPTIONS, DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT, MessagingTable, DdbHealthIndicator],
})
export class DdbModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Inject(CLIENTS) private readonly clients: DynamoDbClients) {
    super();
  }

  /** Options from DDB_* / AWS_* environment variables, validated at boot. */
  static fromConfig(extras: { isGlobal?: boolean } = {}): DynamicModule {
    return DdbModule.forRootAsync({
      imports: [ConfigModule.forFeature(ddbConfig)],
      inject: [ddbConfig.KEY],
      useFactory: (options: DdbOptions) => options,
      ...extras,
    });
  }

  onApplicationShutdown(): void {
    this.clients.client.destroy();
  }
}
