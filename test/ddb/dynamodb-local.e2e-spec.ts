import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoDbClients, ddbConfig } from '@app/ddb';
import { assertJava, createMessagingTable, listTableNames, startDynamoDbLocal } from '@app/dev-infra';

describe('DynamoDB Local helper', () => {
  it('keeps a file-backed database across restarts', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'ddb-local-'));
    try {
      const first = await startDynamoDbLocal({ dbPath });
      const clients = createDynamoDbClients({ ...ddbConfig(), endpoint: first.endpoint });
      await createMessagingTable(clients.client, 'kept');
      clients.client.destroy();
      await first.stop();

      const second = await startDynamoDbLocal({ dbPath, port: first.port });
      const again = createDynamoDbClients({ ...ddbConfig(), endpoint: second.endpoint });
      await expect(listTableNames(again.client)).resolves.toEqual(['kept']);
      again.client.destroy();
      await second.stop();
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it('says how to install Java when it is missing', () => {
    expect(() => assertJava({ PATH: '/nonexistent' })).toThrow(/Java was not found.*Java 17 or newer.*apt-get install/s);
    expect(() => assertJava()).not.toThrow();
  });

  it('names the port when it is already taken', async () => {
    const running = await startDynamoDbLocal();
    try {
      await expect(startDynamoDbLocal({ port: running.port })).rejects.toThrow(`Port ${running.port} is already in use`);
    } finally {
      await running.stop();
    }
  });
});
