import { connect } from 'node:net';
import { startDynamoDbLocal } from '@app/dev-infra';

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500, () => (socket.destroy(), done(false)));
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/**
 * One in-memory DynamoDB Local for the whole e2e run, on a free port. Its endpoint reaches the
 * test workers through the environment (they are started after this runs); each test file then
 * makes its own table, so files run in parallel without seeing each other's items.
 */
export default async function globalSetup(): Promise<void> {
  // Node 20 is supported by this project; the SDK's notice about its 2027 plans is noise in test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const started = Date.now();
  const dynamoDb = await startDynamoDbLocal();
  process.env.DDB_ENDPOINT = dynamoDb.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  // In-process apps log refusals (4xx) at warn; a test run shows only real errors.
  process.env.LOG_LEVEL ??= 'error';
  (globalThis as { __DYNAMODB_LOCAL__?: typeof dynamoDb }).__DYNAMODB_LOCAL__ = dynamoDb;
  // The users transport is also tested over the brokers this machine runs (CI runs NATS and Redis);
  // a newcomer's machine without them still runs every other test.
  const brokers = await Promise.all([
    listening(4222).then((up) => (up ? 'nats' : null)),
    listening(6379).then((up) => (up ? 'redis' : null)),
  ]);
  process.env.TEST_BROKERS = brokers.filter(Boolean).join(',');
  if (process.env.CI !== 'true') return;
  process.stdout.write(`\nDynamoDB Local ready at ${dynamoDb.endpoint} in ${Date.now() - started} ms\n`);
}
