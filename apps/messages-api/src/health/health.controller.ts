import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DdbHealthIndicator } from '@app/ddb';
import { UsersClient } from '@app/users-client';
import { Public } from '../auth/public.decorator';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: DynamoDB and the users service answer). */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dynamoDb: DdbHealthIndicator,
    private readonly users: UsersClient,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.dynamoDb.isHealthy(), () => this.usersHealthy()]);
  }

  private async usersHealthy() {
    const indicator = this.indicators.check('users');
    try {
      await this.users.health();
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    }
  }
}
