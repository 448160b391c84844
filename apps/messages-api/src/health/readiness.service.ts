import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DdbHealthIndicator } from '@app/ddb';
import { UsersClient } from '@app/users-client';
import { healthConfig } from './health.config';

export type DependencyState = 'up' | 'down';

/** What anyone may learn: whether each dependency answers, never why not. */
export interface Readiness {
  status: 'ok' | 'unavailable';
  dependencies: { dynamodb: DependencyState; users: DependencyState };
}

/**
 * Readiness of messages-api: DynamoDB (table active) and the users service answer. The result is
 * reused for READY_CACHE_TTL_MS and concurrent probes share one check, so anonymous /ready calls
 * cannot each cost a DescribeTable and an RPC. Why a dependency is down goes to the log, once
 * per change, not to the caller.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Readiness');
  private last?: { at: number; result: Promise<Readiness> };
  private lastLogged?: string;

  constructor(
    private readonly dynamoDb: DdbHealthIndicator,
    private readonly users: UsersClient,
    @Inject(healthConfig.KEY) private readonly config: ConfigType<typeof healthConfig>,
  ) {}

  check(): Promise<Readiness> {
    const now = Date.now();
    if (!this.last || now - this.last.at >= this.config.readyCacheTtlMs) this.last = { at: now, result: this.probe() };
    return this.last.result;
  }

  private async probe(): Promise<Readiness> {
    const [dynamodb, users] = await Promise.all([this.dynamoDbDetail(), this.usersDetail()]);
    const readiness: Readiness = {
      status: dynamodb.up && users.up ? 'ok' : 'unavailable',
      dependencies: { dynamodb: dynamodb.up ? 'up' : 'down', users: users.up ? 'up' : 'down' },
    };
    const detail = JSON.stringify({ dynamodb: dynamodb.detail, users: users.detail });
    if (detail !== this.lastLogged) {
      this.lastLogged = detail;
      if (readiness.status === 'ok') this.logger.log('ready: dynamodb and users answer');
      else this.logger.warn(`not ready: ${detail}`);
    }
    return readiness;
  }

  private async dynamoDbDetail(): Promise<{ up: boolean; detail: unknown }> {
    const result = await this.dynamoDb.isHealthy();
    return { up: result.dynamodb?.status === 'up', detail: result.dynamodb };
  }

  private async usersDetail(): Promise<{ up: boolean; detail: unknown }> {
    try {
      await this.users.health();
      return { up: true, detail: 'up' };
    } catch (error) {
      return { up: false, detail: (error as Error).message };
    }
  }
}
