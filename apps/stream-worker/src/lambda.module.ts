import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { recordProcessingConfig } from './record-processing/record-processing.config';
import { RecordProcessingModule } from './record-processing/record-processing.module';

/**
 * Pattern E for a Lambda event source mapping: the same record processor, dead-letter store and failure policy as the poller, without the
 * poller, leases or HTTP (Lambda does the shard reading and checkpointing itself).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    LoggingModule.forService('stream-worker-lambda'),
    DdbModule.fromConfig({ isGlobal: true }),
    ConfigModule.forFeature(recordProcessingConfig),
    RecordProcessingModule,
  ],
})
export class StreamWorkerLambdaModule {}
