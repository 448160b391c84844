import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { HealthController } from './health/health.controller';
import { streamWorkerConfig } from './stream-worker.config';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [streamWorkerConfig] }),
    LoggingModule.forService('stream-worker'),
    DdbModule.fromConfig(),
    TerminusModule,
  ],
  controllers: [HealthController],
})
export class StreamWorkerModule {}
