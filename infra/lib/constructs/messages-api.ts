import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { Alarms } from './alarms';
import { AppService, type AppServiceProps, httpProbe } from './app-service';

export const MESSAGES_API_PORT = 4567;
/** docs/design.md §8: a comment line at least every 15 s on each open live stream. */
export const SSE_HEARTBEAT_SECONDS = 15;
/** Well above the heartbeat: an idle live stream is never cut by the load balancer. */
export const ALB_IDLE_TIMEOUT_SECONDS = 120;
/** Liveness of the process (the container probe) and readiness (DynamoDB and users answer: the load balancer's check). */
export const HEALTH_PATHS = { live: '/health', ready: '/ready' } as const;

export interface MessagesApiProps extends Omit<AppServiceProps, 'name' | 'port' | 'healthCheckCommand' | 'cloudMap'> {
  alarms: Alarms;
  /** ACM certificate for HTTPS; without it the load balancer listens on plain HTTP (port 80). */
  certificateArn?: string;
}

/**
 * messages-api on Fargate behind an internet-facing ALB set up for Server-Sent Events: an idle timeout
 * far above the heartbeat, a short deregistration delay (a draining task's streams never finish by
 * themselves; SIGTERM ends them and browsers resume on another task), readiness as the target check.
 */
export class MessagesApi extends Construct {
  readonly app: AppService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly url: string;

  constructor(scope: Construct, id: string, props: MessagesApiProps) {
    super(scope, id);
    this.app = new AppService(this, 'App', {
      ...props,
      name: 'messages-api',
      port: MESSAGES_API_PORT,
      healthCheckCommand: httpProbe(MESSAGES_API_PORT, HEALTH_PATHS.live),
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.cluster.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      idleTimeout: Duration.seconds(ALB_IDLE_TIMEOUT_SECONDS),
      dropInvalidHeaderFields: true,
    });
    const listener = props.certificateArn
      ? this.loadBalancer.addListener('Https', {
          port: 443,
          certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        })
      : this.loadBalancer.addListener('Http', { port: 80 });
    if (props.certificateArn) this.loadBalancer.addRedirect();
    const targets = listener.addTargets('MessagesApi', {
      port: MESSAGES_API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.app.service],
      deregistrationDelay: Duration.seconds(10),
      healthCheck: {
        path: HEALTH_PATHS.ready,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    this.url = `${props.certificateArn ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`;

    const fiveMinutes = { statistic: 'Sum', period: Duration.minutes(5) };
    props.alarms.add('Alb5xx', {
      metric: this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, fiveMinutes),
      threshold: 10,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The load balancer answered 5xx (no healthy messages-api task, or tasks failing)',
    });
    props.alarms.add('Target5xx', {
      metric: targets.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes),
      threshold: 10,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'messages-api answered 5xx (503s: a dependency is down)',
    });
    props.alarms.add('UnhealthyTasks', {
      metric: targets.metrics.unhealthyHostCount({ statistic: 'Maximum', period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A messages-api task fails its readiness check',
    });
  }
}
