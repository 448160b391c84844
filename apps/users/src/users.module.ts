import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { LoggingModule, usersTransportConfig } from '@app/common';
import { cognitoConfig } from '@app/cognito';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { RpcErrorsFilter } from './rpc/rpc-errors.filter';
import { rpcValidationPipe } from './rpc/rpc-validation.pipe';
import { CognitoDirectory } from './sync-cognito/cognito-directory';
import { SyncCognitoController } from './sync-cognito/sync-cognito.controller';
import { SyncCognitoService } from './sync-cognito/sync-cognito.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [usersTransportConfig, cognitoConfig] }),
    LoggingModule.forService('users'),
    DatabaseModule,
  ],
  controllers: [UsersController, SyncCognitoController, HealthController],
  providers: [
    UsersRepository,
    UsersService,
    CognitoDirectory,
    SyncCognitoService,
    { provide: APP_PIPE, useValue: rpcValidationPipe },
    { provide: APP_FILTER, useClass: RpcErrorsFilter },
  ],
})
export class UsersModule {}
