import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DdbOptions } from './ddb.config';

export interface DynamoDbClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** The SDK clients for one DdbOptions: bounded timeouts, plain JS values in and out. */
export function createDynamoDbClients(options: DdbOptions): DynamoDbClients {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 3,
    requestHandler: {
      connectionTimeout: Math.min(options.requestTimeoutMs, 1000),
      requestTimeout: options.requestTimeoutMs,
    },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
}

/** True when the endpoint is a DynamoDB Local (or other non-AWS) endpoint rather than real AWS. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  return !new URL(endpoint).hostname.endsWith('.amazonaws.com');
}
