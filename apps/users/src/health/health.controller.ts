import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { type HealthReply, UsersPattern } from '@app/users-client';
import type { Database } from '../database/database';
import { DATABASE } from '../database/database.constants';

/** `users.health`: answers only when the database answers, so callers can gate readiness on it. */
@Controller()
export class HealthController {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  @MessagePattern(UsersPattern.health)
  async health(): Promise<HealthReply> {
    await this.db.query('SELECT 1');
    return { status: 'ok', service: 'users' };
  }
}
