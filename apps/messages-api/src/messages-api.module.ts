import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { HealthController } from './health/health.controller';
import { messagesApiConfig } from './messages-api.config';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [messagesApiConfig] }),
    LoggingModule.forService('messages-api'),
    DdbModule.fromConfig(),
    TerminusModule,
  ],
  controllers: [HealthController],
})
export class MessagesApiModule {}
