import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface AppServiceProps {
  cluster: ecs.ICluster;
  image: ecs.ContainerImage;
  /** Container name, also the log stream prefix. */
  name: string;
  environment: Record<string, string>;
  secrets: Record<string, ecs.Secret>;
  port: number;
  desiredCount: number;
  cpu: number;
  memoryLimitMiB: number;
  /** The container's own liveness probe (what the Dockerfile's HEALTHCHECK runs). */
  healthCheckCommand: string;
  logRetention: logs.RetentionDays;
  cloudMap?: ecs.CloudMapOptions;
}

/**
 * One app as an ECS Fargate service in the private subnets: its own security group (no inbound until
 * a caller is allowed), its own log group with a retention, a rollback on failed deployments, and
 * time after SIGTERM for the shutdown hooks (leases released, live streams ended) before SIGKILL.
 */
export class AppService extends Construct {
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly container: ecs.ContainerDefinition;
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.name}: inbound only from what is allowed explicitly`,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.container = this.taskDefinition.addContainer(props.name, {
      image: props.image,
      environment: props.environment,
      secrets: props.secrets,
      portMappings: [{ containerPort: props.port }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: props.name, logGroup }),
      healthCheck: {
        command: ['CMD', 'node', '-e', props.healthCheckCommand],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(15),
      },
      stopTimeout: Duration.seconds(30),
      readonlyRootFilesystem: false,
    });
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      cloudMapOptions: props.cloudMap,
    });
  }
}

/** A health probe for a container: an HTTP GET that must answer 2xx. */
export const httpProbe = (port: number, path: string) =>
  `fetch('http://127.0.0.1:${port}${path}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`;

/** A health probe for a container: a TCP connect. */
export const tcpProbe = (port: number) =>
  `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`;
