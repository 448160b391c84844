import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DdbHealthIndicator } from '@app/ddb';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: its dependencies answer). */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dynamoDb: DdbHealthIndicator,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.dynamoDb.isHealthy()]);
  }
}
