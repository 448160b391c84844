import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_CLIENT } from './ddb.constants';
import { DDB_OPTIONS } from './ddb.module-definition';
import type { DdbOptions } from './ddb.config';
import { describeTable } from './table-admin';

/** Readiness of DynamoDB for this app: reachable, and the configured table exists and is active. */
@Injectable()
export class DdbHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DYNAMODB_CLIENT) private readonly client: DynamoDBClient,
    @Inject(DDB_OPTIONS) private readonly options: DdbOptions,
  ) {}

  async isHealthy(key = 'dynamodb') {
    const indicator = this.health.check(key);
    try {
      const table = await describeTable(this.client, this.options.tableName);
      if (table.TableStatus !== 'ACTIVE') return indicator.down({ table: this.options.tableName, tableStatus: table.TableStatus });
      return indicator.up({ table: this.options.tableName });
    } catch (error) {
      return indicator.down({ table: this.options.tableName, reason: (error as Error).message });
    }
  }
}
