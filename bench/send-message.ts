/**
 * Sends one message into the seed conversation (andrewbrown → bayko) and reports how long it took
 * until both members' summaries showed it: a hand check that a running stream-worker tails the stream.
 *
 *   npm start                                   # DynamoDB Local with the seed
 *   npx nest start stream-worker                # in another terminal
 *   node -r @swc-node/register bench/send-message.ts
 */
import { createDynamoDbClients, ddbConfig, messageGroupUuidFor, MessagingTable } from '@app/ddb';
import { runCommand, SEED_PEOPLE, waitUntil } from '@app/dev-infra';
import { quietNodeVersionNotice } from './bench.config';

async function main(): Promise<void> {
  quietNodeVersionNotice();
  const options = ddbConfig();
  const { client, doc } = createDynamoDbClients(options);
  const table = new MessagingTable(doc, options.tableName);
  const { andrewbrown, bayko } = SEED_PEOPLE;
  try {
    const sent = await table.putMessage({
      messageGroupUuid: messageGroupUuidFor(andrewbrown.uuid, bayko.uuid),
      sender: { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName },
      message: `ping at ${new Date().toISOString()}`,
    });
    await waitUntil(
      async () => {
        const views = await Promise.all([andrewbrown, bayko].map((person) => table.listMessageGroups(person.uuid, { limit: 1 })));
        return views.every((view) => view.items[0]?.lastMessageAt === sent.createdAt);
      },
      { timeoutMs: 10_000, intervalMs: 10, what: 'both summaries moving (is the stream-worker running?)' },
    );
    console.log(`"${sent.message}": both summaries moved ${Date.now() - Date.parse(sent.createdAt)} ms after created_at`);
  } finally {
    client.destroy();
  }
}

runCommand('send-message', main);
