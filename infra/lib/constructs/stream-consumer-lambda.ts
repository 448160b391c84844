import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { grantStreamRead, grantTable, ITEM_READ_WRITE } from '../table-access';
import type { Alarms } from './alarms';

const BUNDLER = join(__dirname, '../../scripts/bundle-stream-lambda.mjs');

/** The event source mapping's settings (docs/design.md §13), exported for the assertion tests. */
export const STREAM_MAPPING = {
  batchSize: 100,
  /**
   * Finite, but past anything a retryable failure (throttling, an outage) should last: the handler
   * already retries within each invocation, and reports only what still fails.
   */
  retryAttempts: 10_000,
  /** The stream's own retention: a record is never dropped for age before DynamoDB would trim it. */
  maxRecordAge: Duration.hours(24),
  parallelizationFactor: 1,
} as const;

export interface StreamConsumerLambdaProps {
  table: dynamodb.ITable;
  deadLetterTable: dynamodb.ITable;
  logRetention: logs.RetentionDays;
  alarms: Alarms;
}

/**
 * Pattern E as the existing Lambda handler (apps/stream-worker/src/lambda.ts, bundled by esbuild at
 * synth) behind an event source mapping on the table's stream: partial batch failures reported by
 * sequence number, the batch bisected when the function itself fails, finite retries and record age,
 * and an SQS on-failure destination. That queue receives only the shard and sequence range of what
 * was skipped (not the records): the handler itself dead-letters records that can never apply.
 */
export class StreamConsumerLambda extends Construct {
  readonly function: lambda.Function;
  readonly onFailureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerLambdaProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.function = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.X86_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(join(__dirname, '../../../apps/stream-worker/src'), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Only local bundling is supported (esbuild from this package); the image is never used.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
          local: {
            tryBundle(outputDir: string): boolean {
              const run = spawnSync(process.execPath, [BUNDLER, outputDir], { stdio: ['ignore', 'inherit', 'inherit'] });
              if (run.status !== 0) throw new Error(`bundling the stream Lambda failed (exit ${run.status ?? run.signal})`);
              return true;
            },
          },
        },
      }),
      memorySize: 512,
      timeout: Duration.seconds(60),
      logGroup,
      environment: {
        NODE_ENV: 'production',
        LOG_FORMAT: 'json',
        DDB_ENDPOINT: '',
        DDB_TABLE_NAME: props.table.tableName,
        STREAM_DEAD_LETTER_TABLE_NAME: props.deadLetterTable.tableName,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      description: 'Pattern E: moves both members\' conversation summaries to each new message',
    });
    grantTable(this.function, props.table, ITEM_READ_WRITE);
    grantTable(this.function, props.deadLetterTable, ['dynamodb:PutItem', 'dynamodb:DescribeTable']);
    grantStreamRead(this.function, props.table);

    this.onFailureQueue = new sqs.Queue(this, 'OnFailure', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    if (!props.table.tableStreamArn) throw new Error('the messaging table has no stream');
    new lambda.EventSourceMapping(this, 'StreamMapping', {
      target: this.function,
      eventSourceArn: props.table.tableStreamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      batchSize: STREAM_MAPPING.batchSize,
      retryAttempts: STREAM_MAPPING.retryAttempts,
      maxRecordAge: STREAM_MAPPING.maxRecordAge,
      parallelizationFactor: STREAM_MAPPING.parallelizationFactor,
      onFailure: new eventSources.SqsDlq(this.onFailureQueue),
    });

    props.alarms.add('IteratorAge', {
      metric: this.function.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 60_000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Pattern E lags: conversation summaries are more than a minute behind the newest messages',
    });
    props.alarms.add('StreamRecordsSkipped', {
      metric: this.onFailureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'Stream records were skipped after the retries ran out: their sequence ranges are in the on-failure queue',
    });
    props.alarms.add('StreamHandlerErrors', {
      metric: this.function.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The stream handler failed whole invocations (a cold start with bad config, say)',
    });
  }
}
