import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { resourcesOf, synthesized } from './synthesized';

const TABLE_NAME = 'cruddur-messages';

type Keys = { AttributeName?: string; KeyType?: string }[] | undefined;
type Index = { IndexName?: string; KeySchema?: Keys; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } };

/** The parts of a table that define it: keys, attributes, indexes, stream view type, billing. */
function comparable(table: {
  KeySchema?: Keys;
  AttributeDefinitions?: { AttributeName?: string; AttributeType?: string }[];
  GlobalSecondaryIndexes?: Index[];
  LocalSecondaryIndexes?: Index[];
  StreamViewType?: string;
  BillingMode?: string;
}) {
  const keys = (schema: Keys) => (schema ?? []).map(({ AttributeName, KeyType }) => `${AttributeName}:${KeyType}`);
  const indexes = (list: Index[] | undefined) =>
    (list ?? [])
      .map((index) => ({
        name: index.IndexName,
        keys: keys(index.KeySchema),
        projection: index.Projection?.ProjectionType ?? 'ALL',
        nonKeyAttributes: [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    keys: keys(table.KeySchema),
    attributes: (table.AttributeDefinitions ?? []).map(({ AttributeName, AttributeType }) => `${AttributeName}:${AttributeType}`).sort(),
    globalIndexes: indexes(table.GlobalSecondaryIndexes),
    localIndexes: indexes(table.LocalSecondaryIndexes),
    streamViewType: table.StreamViewType,
    billingMode: table.BillingMode,
  };
}

describe('one source of truth for the table', () => {
  it('the table `npm run ddb -- schema-load` creates on DynamoDB Local is the table the CDK app deploys', () => {
    const described = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'support/schema-loaded-table.mjs'), TABLE_NAME], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
    ) as TableDescription;
    const loaded = comparable({
      ...described,
      StreamViewType: described.StreamSpecification?.StreamEnabled ? described.StreamSpecification.StreamViewType : undefined,
      BillingMode: described.BillingModeSummary?.BillingMode,
    });

    const resources = Object.values(resourcesOf(synthesized(), 'AWS::DynamoDB::Table')).map((resource) => resource.Properties ?? {});
    const deployed = resources.find((properties) => properties.TableName === TABLE_NAME) as Parameters<typeof comparable>[0] & {
      StreamSpecification?: { StreamViewType?: string };
    };
    assert.ok(deployed);
    assert.deepEqual(comparable({ ...deployed, StreamViewType: deployed.StreamSpecification?.StreamViewType }), loaded);
  });
});
