import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { type Readiness, ReadinessService } from './readiness.service';

/** Liveness (`/health`: the process answers) and readiness (`/ready`: DynamoDB and the users service answer). */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /** 200 when ready, 503 when not; the body says only which dependency is up or down. */
  @Get('ready')
  async ready(@Res() response: FastifyReply): Promise<void> {
    const readiness: Readiness = await this.readiness.check();
    response.status(readiness.status === 'ok' ? 200 : 503).send(readiness);
  }
}
