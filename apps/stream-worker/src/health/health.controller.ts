import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DdbHealthIndicator } from '@app/ddb';
import { ConsumerHealthIndicator } from '../stream-consumer/stream-consumer.health';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: DynamoDB answers and the consumer runs). */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dynamoDb: DdbHealthIndicator,
    private readonly consumer: ConsumerHealthIndicator,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.dynamoDb.isHealthy(), () => this.consumer.isHealthy()]);
  }
}
