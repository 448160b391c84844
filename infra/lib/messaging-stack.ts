import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Alarms } from './constructs/alarms';
import { AppImages } from './constructs/app-images';
import { DataTables } from './constructs/data-tables';
import { Database } from './constructs/database';
import { Identity } from './constructs/identity';
import { MessagesApi } from './constructs/messages-api';
import { Network } from './constructs/network';
import { Redis } from './constructs/redis';
import { StreamConsumerLambda } from './constructs/stream-consumer-lambda';
import { StreamWorkerService } from './constructs/stream-worker-service';
import { TransportSecrets } from './constructs/transport-secrets';
import { UsersService, USERS_PORT } from './constructs/users-service';
import { OpsTask } from './constructs/ops-task';
import { grantStreamRead, grantTable, ITEM_READ_WRITE } from './table-access';

export type StreamConsumer = 'lambda' | 'service';

export interface MessagingStackProps extends StackProps {
  /** Pattern E as the Lambda handler on an event source mapping, or as the stream-worker service. */
  streamConsumer: StreamConsumer;
  tableName: string;
  /** The Cruddur frontend's origin (CORS). */
  frontendUrl: string;
  certificateArn?: string;
  alarmEmail?: string;
  logRetention?: logs.RetentionDays;
}

/**
 * Cruddur Messaging on AWS (docs/design.md §13): one construct per concern, composed here, wired by
 * security groups (who may reach whom) and least-privilege grants (who may do what).
 */
export class MessagingStack extends Stack {
  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const alarms = new Alarms(this, 'Alarms', { email: props.alarmEmail });
    const network = new Network(this, 'Network');
    const tables = new DataTables(this, 'Tables', { tableName: props.tableName, withLeaseTable: props.streamConsumer === 'service', alarms });
    const identity = new Identity(this, 'Identity');
    const secrets = new TransportSecrets(this, 'TransportSecrets');
    const database = new Database(this, 'Database', { vpc: network.vpc });
    const redis = new Redis(this, 'Redis', { vpc: network.vpc });
    const images = new AppImages(this, 'Images');
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: network.vpc, containerInsightsV2: props.streamConsumer === 'service' ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED });

    const usersHost = `users.${network.namespace.namespaceName}`;
    // What every app reads: real AWS endpoints (an empty endpoint means AWS's regional one), the pool, the users service.
    const shared: Record<string, string> = {
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      AWS_REGION: Aws.REGION,
      DDB_ENDPOINT: '',
      DDB_TABLE_NAME: tables.table.tableName,
      COGNITO_ENDPOINT: '',
      COGNITO_USER_POOL_ID: identity.userPool.userPoolId,
      COGNITO_CLIENT_ID: identity.client.userPoolClientId,
      USERS_TRANSPORT: 'tcp',
      USERS_HOST: usersHost,
      USERS_PORT: String(USERS_PORT),
      DATA_DIR: '/tmp/cruddur',
    };
    const live = { EVENTS_TRANSPORT: 'redis', REDIS_URL: redis.url };
    const usersSecret = ecs.Secret.fromSecretsManager(secrets.users);
    const eventsSecret = ecs.Secret.fromSecretsManager(secrets.events);
    const serviceDefaults = { cluster, logRetention };

    const users = new UsersService(this, 'Users', {
      ...serviceDefaults,
      image: ecs.ContainerImage.fromDockerImageAsset(images.image('users')),
      environment: { ...shared, DATABASE_URL: database.url },
      secrets: { USERS_TRANSPORT_SECRET: usersSecret, PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password') },
      namespace: network.namespace,
    });
    database.allowFrom(users.app.securityGroup, 'users service');
    grantListUsers(users.app.taskDefinition.taskRole, identity.userPool);

    const messagesApi = new MessagesApi(this, 'MessagesApi', {
      ...serviceDefaults,
      image: ecs.ContainerImage.fromDockerImageAsset(images.image('messages-api')),
      environment: { ...shared, ...live, MESSAGES_API_HOST: '0.0.0.0', FRONTEND_URL: props.frontendUrl, RATE_LIMIT_STORE: 'redis' },
      secrets: { USERS_TRANSPORT_SECRET: usersSecret, EVENTS_TRANSPORT_SECRET: eventsSecret },
      desiredCount: 2,
      cpu: 512,
      memoryLimitMiB: 1024,
      alarms,
      certificateArn: props.certificateArn,
    });
    grantTable(messagesApi.app.taskDefinition.taskRole, tables.table, ITEM_READ_WRITE);
    users.allowFrom(messagesApi.app.securityGroup, 'messages-api');
    redis.allowFrom(messagesApi.app.securityGroup, 'messages-api');

    if (props.streamConsumer === 'lambda') {
      new StreamConsumerLambda(this, 'StreamConsumer', { table: tables.table, deadLetterTable: tables.deadLetterTable, logRetention, alarms });
    } else {
      const leaseTable = tables.leaseTable;
      if (!leaseTable) throw new Error('the stream-worker service needs its lease table');
      const worker = new StreamWorkerService(this, 'StreamWorker', {
        ...serviceDefaults,
        image: ecs.ContainerImage.fromDockerImageAsset(images.image('stream-worker')),
        environment: {
          ...shared,
          ...live,
          STREAM_LEASE_TABLE_NAME: leaseTable.tableName,
          STREAM_DEAD_LETTER_TABLE_NAME: tables.deadLetterTable.tableName,
        },
        secrets: { EVENTS_TRANSPORT_SECRET: eventsSecret },
        desiredCount: 2,
        cpu: 256,
        memoryLimitMiB: 512,
        alarms,
      });
      const role = worker.app.taskDefinition.taskRole;
      grantTable(role, tables.table, ITEM_READ_WRITE);
      grantStreamRead(role, tables.table);
      grantTable(role, leaseTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:DescribeTable']);
      grantTable(role, tables.deadLetterTable, ['dynamodb:PutItem', 'dynamodb:DescribeTable']);
      redis.allowFrom(worker.app.securityGroup, 'stream-worker');
    }

    const ops = new OpsTask(this, 'Ops', {
      ...serviceDefaults,
      image: ecs.ContainerImage.fromDockerImageAsset(images.image('tools')),
      environment: { ...shared, DATABASE_URL: database.url, STREAM_DEAD_LETTER_TABLE_NAME: tables.deadLetterTable.tableName },
      secrets: { USERS_TRANSPORT_SECRET: usersSecret, PGPASSWORD: ecs.Secret.fromSecretsManager(database.secret, 'password') },
    });
    database.allowFrom(ops.securityGroup, 'ops task');
    users.allowFrom(ops.securityGroup, 'ops task');
    grantListUsers(ops.taskDefinition.taskRole, identity.userPool);
    grantTable(ops.taskDefinition.taskRole, tables.table, ITEM_READ_WRITE);
    grantTable(ops.taskDefinition.taskRole, tables.deadLetterTable, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Scan', 'dynamodb:DescribeTable']);

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ApiUrl', messagesApi.url, 'messages-api (the frontend calls <ApiUrl>/api/...)');
    output('UserPoolId', identity.userPool.userPoolId, 'COGNITO_USER_POOL_ID');
    output('UserPoolClientId', identity.client.userPoolClientId, 'COGNITO_CLIENT_ID');
    output('TableName', tables.table.tableName, 'DDB_TABLE_NAME');
    output('ClusterName', cluster.clusterName, 'ECS cluster (for the ops task)');
    output('OpsTaskDefinition', ops.taskDefinition.family, 'ops commands: aws ecs run-task --task-definition <this>');
    output('OpsSubnets', network.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds.join(','), 'subnets for the ops task');
    output('OpsSecurityGroup', ops.securityGroup.securityGroupId, 'security group for the ops task');
    output('AlarmTopicArn', alarms.topic.topicArn, 'SNS topic every alarm notifies');
  }
}

/** The users sync (`update_cognito_user_ids`) pages through ListUsers of this pool only. */
function grantListUsers(role: iam.IRole, userPool: cognito.IUserPool): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cognito-idp:ListUsers'], resources: [userPool.userPoolArn] }));
}
