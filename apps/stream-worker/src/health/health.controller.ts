import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { DdbHealthIndicator } from '@app/ddb';
import { ConsumerHealthIndicator } from '../stream-consumer/stream-consumer.health';
import { streamWorkerConfig, type StreamWorkerOptions } from '../stream-worker.config';
import { mayReadDetails } from './status-access';
import { ReadinessLog } from './readiness-log';

/**
 * Liveness (`/health`: the process answers) and readiness (`/ready`: DynamoDB answers, the consumer
 * runs and no shard is stalled). Anonymous callers learn only ready / not ready (and whether a shard
 * is stalled): host names, pids, ARNs, shard ids and error text are for callers with the status
 * token (docs/design.md §10).
 */
@Controller()
export class HealthController {
  private readonly readinessLog = new ReadinessLog();

  constructor(
    private readonly dynamoDb: DdbHealthIndicator,
    private readonly consumer: ConsumerHealthIndicator,
    @Inject(streamWorkerConfig.KEY) private readonly options: StreamWorkerOptions,
  ) {}

  @Get('health')
  live() {
    return { status: 'ok' };
  }

  /** 200 or 503 with terminus's body; changes of readiness are logged by ReadinessLog (terminus's own logger is off). */
  @Get('ready')
  async ready(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const [dynamoDb, consumer] = [(await this.dynamoDb.isHealthy()).dynamodb, this.consumer.check()];
    const ready = dynamoDb.status === 'up' && consumer.healthy;
    this.readinessLog.record(ready, ready ? undefined : { dynamodb: dynamoDb.status, consumer: consumer.status });
    response.status(ready ? 200 : 503);
    const summary = { status: ready ? 'ready' : 'not_ready', stalled: consumer.status.stalled.length > 0 };
    if (!mayReadDetails(authorization, this.options.statusToken)) return summary;
    return { ...summary, details: { dynamodb: dynamoDb, streamConsumer: consumer.status } };
  }
}
