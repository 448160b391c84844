import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsModule } from './metrics/metrics.module';
import { StreamConsumerModule } from './stream-consumer/stream-consumer.module';
import { streamWorkerConfig } from './stream-worker.config';

/** The long-running worker: the stream poller, with health, readiness and metrics over HTTP. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [streamWorkerConfig] }),
    LoggingModule.forService('stream-worker'),
    DdbModule.fromConfig({ isGlobal: true }),
    // Failed checks are logged by HealthController's ReadinessLog, once per change.
    TerminusModule.forRoot({ logger: false }),
    MetricsModule,
    StreamConsumerModule,
  ],
  controllers: [HealthController, MetricsController],
})
export class StreamWorkerModule {}
