import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '@nestjs/config';
import { LoggingModule, usersTransportConfig, usersTransportSecretConfig } from '@app/common';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { RpcErrorsFilter } from './rpc/rpc-errors.filter';
import { rpcValidationPipe } from './rpc/rpc-validation.pipe';
import { TransportAuthGuard } from './rpc/transport-auth.guard';
import { ProfileChangesRepository } from './update-profile/profile-changes.repository';
import { UpdateProfileService } from './update-profile/update-profile.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [usersTransportConfig, usersTransportSecretConfig] }),
    LoggingModule.forService('users'),
    DatabaseModule,
  ],
  controllers: [UsersController, HealthController],
  providers: [
    UsersRepository,
    UsersService,
    ProfileChangesRepository,
    UpdateProfileService,
    { provide: APP_GUARD, useClass: TransportAuthGuard },
    { provide: APP_PIPE, useValue: rpcValidationPipe },
    { provide: APP_FILTER, useClass: RpcErrorsFilter },
  ],
})
export class UsersModule {}
