import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DdbModule } from '@app/ddb';
import { EventsModule } from '../src/events/events.module';
import { MetricsModule } from '../src/metrics/metrics.module';
import { RecordProcessingModule } from '../src/record-processing/record-processing.module';

/**
 * What the dead-letter commands need of the stream-worker, configured as the worker is: the messaging
 * table, the dead-letter store (STREAM_DEAD_LETTER_TABLE_NAME) and the live-events publisher
 * (EVENTS_TRANSPORT), so a replayed record is announced as the worker would have announced it.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    DdbModule.fromConfig({ isGlobal: true }),
    MetricsModule,
    RecordProcessingModule,
    EventsModule,
  ],
})
export class DeadLettersCliModule {}
