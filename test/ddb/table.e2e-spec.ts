import { createDynamoDbClients, ddbConfig, describeTable, MESSAGE_GROUP_INDEX } from '@app/ddb';
import { createMessagingTable } from '@app/dev-infra';
import { streamRecords } from '../helpers/stream-records';
import { waitFor } from '../helpers/wait-for';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

describe('the messaging table', () => {
  let db: TestTable;

  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(() => db.drop());

  it('has the keys, index and stream the design names', async () => {
    const table = await describeTable(db.client, db.tableName);

    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: MESSAGE_GROUP_INDEX,
        KeySchema: [
          { AttributeName: 'message_group_uuid', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }),
    ]);
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(table.LatestStreamArn).toEqual(expect.any(String));
  });

  it('is created idempotently', async () => {
    const { client } = createDynamoDbClients(ddbConfig());
    await expect(createMessagingTable(client, db.tableName)).resolves.toBe('exists');
    client.destroy();
  });

  it('puts a written message on its stream', async () => {
    const sent = await db.table.createMessageGroup({ sender: aPerson(), recipient: aPerson(), message: 'streamed' });
    const images = await waitFor(async () => {
      const records = await streamRecords(db);
      const record = records.find((seen) => seen.newImage?.message_uuid?.S === sent.message.messageUuid);
      return record && { event: record.eventName, image: record.newImage };
    });

    expect(images).toEqual({
      event: 'INSERT',
      image: expect.objectContaining({ entity: { S: 'MSG' }, message: { S: 'streamed' } }),
    });
  });
});
