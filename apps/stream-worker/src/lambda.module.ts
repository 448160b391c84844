import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggingModule } from '@app/common';
import { DdbModule } from '@app/ddb';
import { GroupSummariesModule } from './group-summaries/group-summaries.module';

/**
 * Pattern E for a Lambda event source mapping: the same handler service as the poller, without the
 * poller, leases or HTTP (Lambda does the shard reading and checkpointing itself).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    LoggingModule.forService('stream-worker-lambda'),
    DdbModule.fromConfig({ isGlobal: true }),
    GroupSummariesModule,
  ],
})
export class StreamWorkerLambdaModule {}
