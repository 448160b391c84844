import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * A task definition (no service) from the Dockerfile's `tools` target, for the one-off ops commands
 * inside the VPC: the Postgres schema, the Cognito link (`npm run db -- ...`), dead letters
 * (`npm run dead-letters -- ...`). Run with `aws ecs run-task` and a command override.
 */
export class OpsTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(
    scope: Construct,
    id: string,
    props: { cluster: ecs.ICluster; image: ecs.ContainerImage; environment: Record<string, string>; secrets: Record<string, ecs.Secret>; logRetention: logs.RetentionDays },
  ) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.cluster.vpc, description: 'ops task: outbound only' });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', { cpu: 512, memoryLimitMiB: 1024 });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    this.taskDefinition.addContainer('tools', {
      image: props.image,
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'ops', logGroup }),
    });
  }
}
