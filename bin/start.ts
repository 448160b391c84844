/**
 * `npm start`: the local system. Today it runs DynamoDB Local (data kept under .data/dynamodb)
 * with the schema and seed loaded; the users service, messages-api and stream-worker join it as
 * their issues land (each already runs alone with `npx nest start <app>`).
 */
import { resolve } from 'node:path';
import {
  createDynamoDbClients,
  createMessagingTable,
  ddbConfig,
  MessagingTable,
  startDynamoDbLocal,
} from '@app/ddb';
import { seedConversation } from '../libs/ddb/cli/seed';

const DATA_DIR = resolve(__dirname, '..', '.data', 'dynamodb');

async function main(): Promise<void> {
  const options = ddbConfig();
  if (!options.endpoint) throw new Error('npm start runs everything locally: leave DDB_ENDPOINT unset (it is set to real AWS)');
  const port = Number(new URL(options.endpoint).port || 8000);

  const started = Date.now();
  const dynamoDb = await startDynamoDbLocal({ port, dbPath: DATA_DIR });
  console.log(`DynamoDB Local ready on ${dynamoDb.endpoint} in ${Date.now() - started} ms (data in .data/dynamodb)`);

  const clients = createDynamoDbClients(options);
  try {
    const table = await createMessagingTable(clients.client, options.tableName);
    console.log(`table ${options.tableName}: ${table}`);
    const seed = await seedConversation(new MessagingTable(clients.doc, options.tableName));
    console.log(`seed: ${seed.written} message(s) written, ${seed.alreadyThere} already there`);
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  } finally {
    clients.client.destroy();
  }

  console.log(`
Cruddur Messaging (local)
  DynamoDB Local   ${dynamoDb.endpoint}   table ${options.tableName}
  Look inside:     npm run ddb -- scan
                   npm run ddb -- patterns list-conversations 8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b

Still to come in this command: Postgres + Cognito emulator, the users service, messages-api
(http://localhost:4567) and stream-worker. Each app already starts alone: npx nest start <app>.
Press Ctrl-C to stop.`);

  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping DynamoDB Local…`);
    await dynamoDb.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
