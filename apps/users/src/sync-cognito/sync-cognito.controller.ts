import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { type SyncReport, UsersPattern } from '@app/users-client';
import { SyncCognitoService } from './sync-cognito.service';

@Controller()
export class SyncCognitoController {
  constructor(private readonly sync: SyncCognitoService) {}

  @MessagePattern(UsersPattern.syncCognito)
  syncCognito(): Promise<SyncReport> {
    return this.sync.sync();
  }
}
