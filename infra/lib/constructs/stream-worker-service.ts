import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Duration } from 'aws-cdk-lib';
import type { Alarms } from './alarms';
import { AppService, type AppServiceProps, httpProbe } from './app-service';
import { Construct } from 'constructs';

export const STREAM_WORKER_PORT = 4569;

/**
 * Pattern E as the stream-worker service (the KCL-style poller with leases), the alternative to the
 * Lambda mapping chosen by `-c streamConsumer=service`. Two tasks share the shards through leases.
 */
export class StreamWorkerService extends Construct {
  readonly app: AppService;

  constructor(scope: Construct, id: string, props: Omit<AppServiceProps, 'name' | 'port' | 'healthCheckCommand' | 'cloudMap'> & { alarms: Alarms }) {
    super(scope, id);
    this.app = new AppService(this, 'App', {
      ...props,
      name: 'stream-worker',
      port: STREAM_WORKER_PORT,
      healthCheckCommand: httpProbe(STREAM_WORKER_PORT, '/health'),
    });
    props.alarms.add('StreamWorkerTasks', {
      metric: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: this.app.service.serviceName },
        statistic: 'Minimum',
        period: Duration.minutes(1),
      }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: 'No stream-worker task runs: conversation summaries stop moving',
    });
  }
}
