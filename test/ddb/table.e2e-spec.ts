import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  ACTIVITY_ATTRIBUTE,
  CONVERSATION_ACTIVITY_INDEX,
  createDynamoDbClients,
  ddbConfig,
  describeTable,
  EntityType,
  messagingTableDefinition,
} from '@app/ddb';
import { createMessagingTable } from '@app/dev-infra';
import { streamRecords } from '../helpers/stream-records';
import { waitFor } from '../helpers/wait-for';
import { useTestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

describe('the messaging table', () => {
  const db = useTestTable();

  it('has the keys, the one index and the stream the design names', async () => {
    const table = await describeTable(db.client, db.tableName);

    expect(table.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.GlobalSecondaryIndexes ?? []).toEqual([]);
    expect(table.LocalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: CONVERSATION_ACTIVITY_INDEX,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: ACTIVITY_ATTRIBUTE, KeyType: 'RANGE' },
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

  /**
   * Every index costs a write for every item carrying its key. The only index is the one patterns
   * B and the resume query (the activity of a conversation summary), and only summaries carry its
   * key: a message, a group, a ticket or an idempotency record costs no index write.
   */
  it('has no index that no access pattern queries, and no item but a summary carries an index key', async () => {
    const indexes = [
      ...(messagingTableDefinition('x').GlobalSecondaryIndexes ?? []),
      ...(messagingTableDefinition('x').LocalSecondaryIndexes ?? []),
    ].map((index) => index.IndexName);
    expect(indexes).toEqual([CONVERSATION_ACTIVITY_INDEX]);

    const [alice, bob] = [aPerson(), aPerson()];
    const first = await db.table.createMessageGroup({
      sender: alice,
      recipient: bob,
      message: 'first',
      idempotency: (message) => ({
        ownerUuid: alice.uuid,
        key: 'k',
        requestHash: 'h',
        response: JSON.stringify(message),
        expiresAt: 4102444800,
      }),
    });
    const reply = await db.table.putMessage({
      messageGroupUuid: first.message.messageGroupUuid,
      sender: bob,
      message: 'reply',
      movesSummaries: true,
    });
    await db.table.updateGroupSummary(reply);
    await db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: first.message.messageGroupUuid });
    await db.table.putEventTicket({ ticketHash: 'hash', person: alice, expiresAt: 4102444800 });

    const mine = (item: Record<string, unknown>) =>
      [alice.uuid, bob.uuid, first.message.messageGroupUuid, 'hash'].some((id) => String(item.pk).includes(id));
    const items = ((await db.doc.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items ?? []).filter(mine);
    const keyAttributes = new Set(
      (messagingTableDefinition('x').AttributeDefinitions ?? [])
        .map((definition) => definition.AttributeName)
        .filter((name) => name !== 'pk' && name !== 'sk'),
    );
    const carriers = items.filter((item) => Object.keys(item).some((name) => keyAttributes.has(name)));
    expect(new Set(items.map((item) => item.entity))).toEqual(
      new Set([EntityType.MessageGroup, EntityType.GroupSummary, EntityType.Message, EntityType.Idempotency, EntityType.EventTicket]),
    );
    expect(carriers.map((item) => item.entity).sort()).toEqual([EntityType.GroupSummary, EntityType.GroupSummary]);
  });
});
