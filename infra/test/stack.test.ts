import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { messagingTableDefinition, TIME_TO_LIVE_ATTRIBUTE } from '../../libs/ddb/src/table.definition';
import { ALB_IDLE_TIMEOUT_SECONDS, HEALTH_PATHS, SSE_HEARTBEAT_SECONDS } from '../lib/constructs/messages-api';
import { resourcesOf, synthesized } from './synthesized';

const TABLE_NAME = 'cruddur-messages';
const definition = messagingTableDefinition(TABLE_NAME);
const repository = join(__dirname, '../..');

type Properties = Record<string, unknown>;
const propertiesOf = (resource: { Properties?: Properties }) => resource.Properties ?? {};
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const sortedKeys = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
  (keys ?? []).map(({ AttributeName, KeyType }) => `${AttributeName}:${KeyType}`);
const sortedAttributes = (attributes: { AttributeName?: string; AttributeType?: string }[] | undefined) =>
  (attributes ?? []).map(({ AttributeName, AttributeType }) => `${AttributeName}:${AttributeType}`).sort();

function messagingTable(context: Record<string, string> = {}): Properties {
  const tables = Object.values(resourcesOf(synthesized(context), 'AWS::DynamoDB::Table')).map(propertiesOf);
  const table = tables.find((properties) => properties.TableName === TABLE_NAME);
  assert.ok(table, `a table named ${TABLE_NAME}`);
  return table;
}

describe('the messaging table', () => {
  const table = messagingTable();

  it('has the keys, attributes, billing and stream view type of libs/ddb’s definition', () => {
    assert.deepEqual(sortedKeys(table.KeySchema as never), sortedKeys(definition.KeySchema));
    assert.deepEqual(sortedAttributes(table.AttributeDefinitions as never), sortedAttributes(definition.AttributeDefinitions));
    assert.equal(table.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(table.BillingMode, definition.BillingMode);
    assert.deepEqual(table.StreamSpecification, { StreamViewType: definition.StreamSpecification?.StreamViewType });
  });

  it('has exactly the indexes the definition has (none that no access pattern queries), with their keys and projections', () => {
    for (const kind of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const) {
      type Index = { IndexName?: string; KeySchema?: { AttributeName?: string; KeyType?: string }[]; Projection?: unknown };
      const shape = (indexes: Index[] | undefined) =>
        (indexes ?? []).map((index) => ({ name: index.IndexName, keys: sortedKeys(index.KeySchema), projection: index.Projection })).sort((a, b) => String(a.name).localeCompare(String(b.name)));
      assert.deepEqual(shape(table[kind] as Index[] | undefined), shape(definition[kind] as Index[] | undefined), kind);
    }
  });

  it('keeps point-in-time recovery, deletion protection and TTL on the idempotency records’ attribute', () => {
    assert.deepEqual(table.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    assert.equal(table.DeletionProtectionEnabled, true);
    assert.deepEqual(table.TimeToLiveSpecification, { AttributeName: TIME_TO_LIVE_ATTRIBUTE, Enabled: true });
  });

  it('outlives the stack (retained on delete)', () => {
    const [resource] = Object.values(synthesized().findResources('AWS::DynamoDB::Table', { Properties: { TableName: TABLE_NAME } }));
    assert.equal((resource as { DeletionPolicy?: string }).DeletionPolicy, 'Retain');
  });
});

describe('pattern E on the Lambda event source mapping (the default)', () => {
  const template = synthesized();
  const mappings = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).map(propertiesOf);

  it('is one mapping on the table’s stream that reports partial batch failures, bisects, and retries a finite number of times up to a finite age', () => {
    assert.equal(mappings.length, 1);
    const [mapping] = mappings;
    assert.deepEqual(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
    assert.equal(mapping.BisectBatchOnFunctionError, true);
    const retries = mapping.MaximumRetryAttempts as number;
    assert.ok(Number.isInteger(retries) && retries >= 0 && retries <= 10_000, `finite retries, got ${retries}`);
    const age = mapping.MaximumRecordAgeInSeconds as number;
    assert.ok(age >= 60 && age <= 86_400, `a maximum record age within the stream's 24 h, got ${age}`);
    assert.match(JSON.stringify(mapping.EventSourceArn), /StreamArn/);
  });

  it('sends what it skips to an SQS on-failure destination that an alarm watches', () => {
    const [mapping] = mappings;
    const destination = JSON.stringify((mapping.DestinationConfig as { OnFailure?: { Destination?: unknown } })?.OnFailure?.Destination);
    const queues = Object.keys(resourcesOf(template, 'AWS::SQS::Queue'));
    const queue = queues.find((id) => destination.includes(id));
    assert.ok(queue, `the on-failure destination is one of the stack's queues: ${destination}`);
    const watching = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(propertiesOf)
      .filter((alarm) => alarm.Namespace === 'AWS/SQS' && JSON.stringify(alarm.Dimensions).includes(queue));
    assert.equal(watching.length, 1);
  });

  it('runs the bundled handler of apps/stream-worker with production settings', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).map(propertiesOf)
      .filter((fn) => fn.Handler === 'index.handler' && String(fn.Runtime).startsWith('nodejs'));
    assert.equal(functions.length, 1);
    const variables = (functions[0].Environment as { Variables: Record<string, unknown> }).Variables;
    assert.equal(variables.NODE_ENV, 'production');
    assert.equal(variables.DDB_ENDPOINT, '');
  });

  it('has alarms on iterator age and on throttled table requests', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(propertiesOf);
    const names = alarms.map((alarm) => `${alarm.Namespace}/${alarm.MetricName}`);
    for (const wanted of ['AWS/Lambda/IteratorAge', 'AWS/DynamoDB/ReadThrottleEvents', 'AWS/DynamoDB/WriteThrottleEvents']) {
      assert.ok(names.includes(wanted), `${wanted} in ${names.join(', ')}`);
    }
  });
});

describe('pattern E as the stream-worker service (-c streamConsumer=service)', () => {
  const context = { streamConsumer: 'service' };
  const template = synthesized(context);

  it('replaces the mapping with an ECS service that has its lease table', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    const containers = containerDefinitions(context);
    assert.ok(containers.some((container) => container.Name === 'stream-worker'));
    const tables = Object.values(resourcesOf(template, 'AWS::DynamoDB::Table')).map((resource) => propertiesOf(resource).TableName);
    assert.ok(tables.includes(`${TABLE_NAME}-leases`), `tables: ${tables.join(', ')}`);
    assert.deepEqual(sortedKeys(messagingTable(context).KeySchema as never), sortedKeys(definition.KeySchema));
  });
});

for (const streamConsumer of ['lambda', 'service']) {
  describe(`least privilege (${streamConsumer})`, () => {
    const template = synthesized({ streamConsumer });
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .flatMap((policy) => asArray((propertiesOf(policy).PolicyDocument as { Statement: unknown }).Statement))
      .map((statement) => statement as { Action: string | string[]; Resource: unknown });

    it('grants no `*` action anywhere', () => {
      for (const statement of statements) {
        for (const action of asArray(statement.Action)) assert.ok(action !== '*' && !action.endsWith(':*'), `action ${action}`);
      }
    });

    it('grants nothing on `*` for DynamoDB, Secrets Manager or SQS', () => {
      const guarded = statements.filter((statement) => asArray(statement.Action).some((action) => /^(dynamodb|secretsmanager|sqs):/.test(action)));
      assert.ok(guarded.length > 0);
      for (const statement of guarded) {
        for (const resource of asArray(statement.Resource)) assert.notEqual(resource, '*', JSON.stringify(statement.Action));
      }
    });
  });
}

describe('networking', () => {
  const template = synthesized();

  it('keeps Postgres private: not publicly accessible, in subnets with no internet route, reachable only from security groups', () => {
    const [database] = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance')).map(propertiesOf);
    assert.equal(database.PubliclyAccessible, false);
    assert.equal(database.StorageEncrypted, true);
    const [subnetGroup] = Object.values(resourcesOf(template, 'AWS::RDS::DBSubnetGroup')).map(propertiesOf);
    assert.match(JSON.stringify(subnetGroup.SubnetIds), /dataSubnet/);
    assert.doesNotMatch(JSON.stringify(subnetGroup.SubnetIds), /publicSubnet/);
  });

  it('keeps Redis private: isolated subnets, TLS, reachable only from security groups', () => {
    const [group] = Object.values(resourcesOf(template, 'AWS::ElastiCache::ReplicationGroup')).map(propertiesOf);
    assert.equal(group.TransitEncryptionEnabled, true);
    const [subnets] = Object.values(resourcesOf(template, 'AWS::ElastiCache::SubnetGroup')).map(propertiesOf);
    assert.match(JSON.stringify(subnets.SubnetIds), /dataSubnet/);
    assert.doesNotMatch(JSON.stringify(subnets.SubnetIds), /publicSubnet/);
  });

  it('opens no port but the load balancer’s to an address range: Postgres, Redis and users admit security groups only', () => {
    const ingress = [
      ...Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')).map(propertiesOf),
      ...Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup')).flatMap((group) => asArray(propertiesOf(group).SecurityGroupIngress as Properties[] | undefined)),
    ];
    const open = ingress.filter((rule) => rule.CidrIp !== undefined || rule.CidrIpv6 !== undefined);
    for (const rule of open) assert.ok([80, 443].includes(rule.FromPort as number), `port ${rule.FromPort} open to ${rule.CidrIp ?? rule.CidrIpv6}`);
    for (const port of [5432, 6379, 4568]) {
      const rules = ingress.filter((rule) => rule.FromPort === port);
      assert.ok(rules.length > 0, `someone may reach ${port}`);
      for (const rule of rules) assert.ok(rule.SourceSecurityGroupId, `port ${port} admits a security group, not ${JSON.stringify(rule)}`);
    }
  });
});

describe('messages-api behind the load balancer', () => {
  const template = synthesized();

  it('keeps idle live streams open: the idle timeout is above the SSE heartbeat', () => {
    const [balancer] = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).map(propertiesOf);
    const attributes = balancer.LoadBalancerAttributes as { Key: string; Value: string }[];
    const idle = Number(attributes.find((attribute) => attribute.Key === 'idle_timeout.timeout_seconds')?.Value);
    assert.ok(idle > SSE_HEARTBEAT_SECONDS, `idle timeout ${idle} s`);
    assert.equal(idle, ALB_IDLE_TIMEOUT_SECONDS);
  });

  it('checks health on the paths messages-api serves: readiness for the load balancer, liveness in the container', () => {
    const controller = readFileSync(join(repository, 'apps/messages-api/src/health/health.controller.ts'), 'utf8');
    for (const path of Object.values(HEALTH_PATHS)) assert.match(controller, new RegExp(`@Get\\('${path.slice(1)}'\\)`));
    const [targets] = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup')).map(propertiesOf);
    assert.equal(targets.HealthCheckPath, HEALTH_PATHS.ready);
    assert.equal(targets.Port, 4567);
    const api = containerDefinitions().find((container) => container.Name === 'messages-api');
    assert.match(JSON.stringify((api?.HealthCheck as { Command: string[] }).Command), new RegExp(`4567${HEALTH_PATHS.live}`));
  });

  it('runs at least two tasks, rolls back a failed deployment and gives SIGTERM time to end live streams', () => {
    const services = Object.values(resourcesOf(template, 'AWS::ECS::Service')).map(propertiesOf);
    const api = services.find((service) => JSON.stringify(service.LoadBalancers ?? []).includes('4567'));
    assert.ok(api);
    assert.ok((api.DesiredCount as number) >= 2);
    assert.deepEqual((api.DeploymentConfiguration as Properties).DeploymentCircuitBreaker, { Enable: true, Rollback: true });
    const container = containerDefinitions().find((definition) => definition.Name === 'messages-api');
    assert.ok((container?.StopTimeout as number) >= 10);
  });

  it('alarms on 5xx answers', () => {
    const metrics = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((alarm) => propertiesOf(alarm).MetricName);
    assert.ok(metrics.includes('HTTPCode_ELB_5XX_Count'));
    assert.ok(metrics.includes('HTTPCode_Target_5XX_Count'));
  });

  it('is the only service behind a load balancer (users and the worker stay private)', () => {
    const services = Object.values(resourcesOf(template, 'AWS::ECS::Service')).map(propertiesOf);
    assert.equal(services.filter((service) => asArray(service.LoadBalancers as unknown[]).length > 0).length, 1);
  });
});

describe('the apps’ environments', () => {
  for (const streamConsumer of ['lambda', 'service']) {
    it(`name no local endpoint and hold no literal secret; secrets come from Secrets Manager (${streamConsumer})`, () => {
      const context = { streamConsumer };
      const environments = [
        ...containerDefinitions(context).map((container) => ({
          name: String(container.Name),
          variables: Object.fromEntries(asArray(container.Environment as { Name: string; Value: unknown }[]).map(({ Name, Value }) => [Name, Value])),
          secrets: asArray(container.Secrets as { Name: string; ValueFrom: unknown }[]),
        })),
        ...Object.values(resourcesOf(synthesized(context), 'AWS::Lambda::Function'))
          .map(propertiesOf)
          .filter((fn) => fn.Handler === 'index.handler')
          .map((fn) => ({ name: 'stream Lambda', variables: (fn.Environment as { Variables: Record<string, unknown> }).Variables, secrets: [] })),
      ];
      assert.ok(environments.length >= 4);
      for (const { name, variables, secrets } of environments) {
        for (const [variable, value] of Object.entries(variables)) {
          assert.doesNotMatch(JSON.stringify(value), /localhost|127\.0\.0\.1|\[::1\]/, `${name} ${variable}`);
          assert.doesNotMatch(variable, /SECRET|PASSWORD|TOKEN|ACCESS_KEY/, `${name} has ${variable} in plain text`);
        }
        assert.ok('DDB_ENDPOINT' in variables, `${name} sets DDB_ENDPOINT (unset means DynamoDB Local)`);
        assert.equal(variables.NODE_ENV, 'production', name);
        if (name !== 'stream Lambda') assert.ok('COGNITO_ENDPOINT' in variables, `${name} sets COGNITO_ENDPOINT`);
        for (const secret of secrets) assert.match(JSON.stringify(secret.ValueFrom), /Secret|secretsmanager/, `${name} ${secret.Name}`);
      }
      const secretNames = environments.flatMap(({ secrets }) => secrets.map((secret) => secret.Name));
      for (const needed of ['USERS_TRANSPORT_SECRET', 'EVENTS_TRANSPORT_SECRET', 'PGPASSWORD']) assert.ok(secretNames.includes(needed), needed);
    });
  }
});

describe('identity', () => {
  it('is a Cognito user pool that verifies e-mail, with an app client', () => {
    const template = synthesized();
    const [pool] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPool')).map(propertiesOf);
    assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  });
});

describe('logs', () => {
  it('every log group has a retention', () => {
    const groups = Object.values(resourcesOf(synthesized(), 'AWS::Logs::LogGroup')).map(propertiesOf);
    assert.ok(groups.length >= 4);
    for (const group of groups) assert.ok((group.RetentionInDays as number) > 0);
  });
});

function containerDefinitions(context: Record<string, string> = {}): Properties[] {
  return Object.values(resourcesOf(synthesized(context), 'AWS::ECS::TaskDefinition')).flatMap((task) => propertiesOf(task).ContainerDefinitions as Properties[]);
}
