import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** What a CDK Table needs from a CreateTable input: keys, indexes, billing and stream. */
export interface TableShape {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
  billingMode: dynamodb.BillingMode;
  stream?: dynamodb.StreamViewType;
  globalSecondaryIndexes: dynamodb.GlobalSecondaryIndexProps[];
  localSecondaryIndexes: dynamodb.LocalSecondaryIndexProps[];
}

const ATTRIBUTE_TYPES: Record<string, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const PROJECTIONS: Record<string, dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

type KeySchema = NonNullable<CreateTableCommandInput['KeySchema']>;
type Projection = NonNullable<NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>[number]['Projection']>;

/**
 * Maps the CreateTable input that libs/ddb's schema-load uses onto a CDK Table's props, whatever
 * keys and indexes it holds, so the deployed table and the tested one come from one definition.
 * Anything it cannot map faithfully (an attribute no key uses, a provisioned index) is an error at
 * synth, not a silent difference.
 */
export function tableShapeFromDefinition(definition: CreateTableCommandInput): TableShape {
  const attributes = new Map<string, dynamodb.Attribute>();
  for (const { AttributeName: name, AttributeType: type } of definition.AttributeDefinitions ?? []) {
    if (!name || !type || !ATTRIBUTE_TYPES[type]) throw new Error(`${definition.TableName}: unsupported attribute definition ${name}:${type}`);
    attributes.set(name, { name, type: ATTRIBUTE_TYPES[type] });
  }
  const used = new Set<string>();
  const keys = (schema: KeySchema | undefined, owner: string) => {
    const attribute = (keyType: 'HASH' | 'RANGE') => {
      const name = schema?.find((element) => element.KeyType === keyType)?.AttributeName;
      if (!name) return undefined;
      const defined = attributes.get(name);
      if (!defined) throw new Error(`${owner}: key attribute ${name} has no attribute definition`);
      used.add(name);
      return defined;
    };
    const partitionKey = attribute('HASH');
    if (!partitionKey) throw new Error(`${owner}: no HASH key`);
    return { partitionKey, sortKey: attribute('RANGE') };
  };

  const table = keys(definition.KeySchema, definition.TableName ?? 'table');
  const globalSecondaryIndexes = (definition.GlobalSecondaryIndexes ?? []).map((index): dynamodb.GlobalSecondaryIndexProps => {
    if (index.ProvisionedThroughput) throw new Error(`${index.IndexName}: provisioned index throughput is not mapped`);
    return { indexName: required(index.IndexName, 'IndexName'), ...keys(index.KeySchema, index.IndexName ?? 'index'), ...projection(index.Projection) };
  });
  const localSecondaryIndexes = (definition.LocalSecondaryIndexes ?? []).map((index): dynamodb.LocalSecondaryIndexProps => {
    const { partitionKey, sortKey } = keys(index.KeySchema, index.IndexName ?? 'index');
    if (partitionKey.name !== table.partitionKey.name) throw new Error(`${index.IndexName}: a local index shares the table's partition key`);
    if (!sortKey) throw new Error(`${index.IndexName}: a local index needs a RANGE key`);
    return { indexName: required(index.IndexName, 'IndexName'), sortKey, ...projection(index.Projection) };
  });
  const unused = [...attributes.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`${definition.TableName}: attribute definitions no key uses: ${unused.join(', ')}`);

  const billing = definition.BillingMode ?? 'PROVISIONED';
  if (billing !== 'PAY_PER_REQUEST') throw new Error(`${definition.TableName}: only on-demand (PAY_PER_REQUEST) billing is mapped, not ${billing}`);
  const streamSpecification = definition.StreamSpecification;
  return {
    ...table,
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    stream: streamSpecification?.StreamEnabled ? (streamSpecification.StreamViewType as dynamodb.StreamViewType) : undefined,
    globalSecondaryIndexes,
    localSecondaryIndexes,
  };
}

function projection(given: Projection | undefined): Pick<dynamodb.GlobalSecondaryIndexProps, 'projectionType' | 'nonKeyAttributes'> {
  const type = given?.ProjectionType ?? 'ALL';
  const projectionType = PROJECTIONS[type];
  if (!projectionType) throw new Error(`unsupported projection type ${type}`);
  return projectionType === dynamodb.ProjectionType.INCLUDE ? { projectionType, nonKeyAttributes: given?.NonKeyAttributes ?? [] } : { projectionType };
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new Error(`${what} is missing`);
  return value;
}
