import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggingModule, usersTransportConfig } from '@app/common';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [usersTransportConfig] }),
    LoggingModule.forService('users'),
  ],
  controllers: [HealthController],
})
export class UsersModule {}
