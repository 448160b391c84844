import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

export const USERS_HEALTH_PATTERN = 'users.health';

/** Answers `users.health`, so clients (and readiness checks) can tell the service is up. */
@Controller()
export class HealthController {
  @MessagePattern(USERS_HEALTH_PATTERN)
  health() {
    return { status: 'ok', service: 'users' };
  }
}
