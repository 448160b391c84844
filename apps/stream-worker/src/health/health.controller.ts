import { Controller, Get, HttpException } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DdbHealthIndicator } from '@app/ddb';
import { ConsumerHealthIndicator } from '../stream-consumer/stream-consumer.health';
import { ReadinessLog } from './readiness-log';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: DynamoDB answers and the consumer runs). */
@Controller()
export class HealthController {
  private readonly readinessLog = new ReadinessLog();

  constructor(
    private readonly health: HealthCheckService,
    private readonly dynamoDb: DdbHealthIndicator,
    private readonly consumer: ConsumerHealthIndicator,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /** 200 or 503 with terminus's body; changes of readiness are logged by ReadinessLog (terminus's own logger is off). */
  @Get('ready')
  @HealthCheck()
  async ready() {
    try {
      const result = await this.health.check([() => this.dynamoDb.isHealthy(), () => this.consumer.isHealthy()]);
      this.readinessLog.record(true);
      return result;
    } catch (error) {
      this.readinessLog.record(false, error instanceof HttpException ? (error.getResponse() as { error?: unknown }).error : String(error));
      throw error;
    }
  }
}
