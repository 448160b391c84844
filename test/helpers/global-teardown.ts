import type { LocalDynamoDb } from '@app/ddb';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __DYNAMODB_LOCAL__?: LocalDynamoDb }).__DYNAMODB_LOCAL__?.stop();
}
