import { Readable } from 'node:stream';
import {
  type AttributeValue,
  type CreateTableCommandInput,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CapacityMeter } from './capacity-meter';

type Item = Record<string, AttributeValue>;

/** A client whose "DynamoDB" is a map of items, answering GetItem from it; writes are applied by the test. */
function fakeDynamoDb(items: Map<string, Item>, onWrite: (target: string, input: Record<string, unknown>) => void) {
  const keyText = (key: Item) => `${key.pk.S}|${key.sk.S}`;
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body: string | Uint8Array }) => {
        const target = request.headers['x-amz-target'].split('.')[1];
        const input = JSON.parse(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body)) as Record<
          string,
          unknown
        >;
        let output: unknown = {};
        if (target === 'GetItem') output = { Item: items.get(keyText(input.Key as Item)) };
        else onWrite(target, input);
        const response = {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Readable.from([JSON.stringify(output)]),
        };
        return { response };
      },
    } as never,
  });
  return { client, keyText };
}

/** A table with one GSI projected ALL, keyed by `message_group_uuid` (as the seeds' table had). */
const definition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  AttributeDefinitions: [],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'by-group', KeySchema: [{ AttributeName: 'message_group_uuid', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
  ],
});

describe('CapacityMeter', () => {
  const tableName = 't';
  const big = 'x'.repeat(1100);

  it('prices a document client Put from its before- and after-images, and its index copy', async () => {
    const items = new Map<string, Item>();
    const { client: reader } = fakeDynamoDb(items, () => undefined);
    const { client, keyText } = fakeDynamoDb(items, (target, input) => {
      if (target === 'PutItem') items.set(keyText(input.Item as Item), input.Item as Item);
    });
    const meter = new CapacityMeter(reader, [definition(tableName)]);
    meter.attach(client, 'app');
    const doc = DynamoDBDocumentClient.from(client);
    items.set('P|S', { pk: { S: 'P' }, sk: { S: 'S' }, message_group_uuid: { S: 'g' } });

    await meter.measure('send', () =>
      doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'P', sk: 'S', message_group_uuid: 'g', body: big } })),
    );
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'P', sk: 'S' } })); // outside measure: not counted

    const tally = meter.totals().get('send')?.get('app');
    // 1.1 KB after (the larger image): 2 WCU on the table, 2 more for the index's copy of it
    expect(tally).toEqual({ requests: 1, tableWcu: 2, indexWcu: 2, tableRcu: 0, indexRcu: 0 });
    expect(meter.items()).toHaveLength(1);
    reader.destroy();
    client.destroy();
  });

  it('prices every item of a TransactWriteItems twice, a ConditionCheck by the current item, and counts reads apart', async () => {
    const items = new Map<string, Item>([['C|S', { pk: { S: 'C' }, sk: { S: 'S' }, body: { S: big } }]]);
    const { client: reader } = fakeDynamoDb(items, () => undefined);
    const { client, keyText } = fakeDynamoDb(items, (target, input) => {
      for (const entry of (input.TransactItems as Array<{ Put?: { Item: Item } }>) ?? [])
        if (entry.Put) items.set(keyText(entry.Put.Item), entry.Put.Item);
    });
    const meter = new CapacityMeter(reader, [definition(tableName)]);
    meter.attach(client, 'worker');

    await meter.measure('op', async () => {
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: { pk: { S: 'A' }, sk: { S: 'S' } } } },
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { pk: { S: 'C' }, sk: { S: 'S' } },
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      );
      await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'C' }, sk: { S: 'S' } } }));
    });

    // Put 1 KB × 2 + check of a 1.1 KB item × 2; an eventually consistent read of 1.1 KB: 0.5 RCU
    expect(meter.totals().get('op')?.get('worker')).toEqual({ requests: 2, tableWcu: 2 + 4, indexWcu: 0, tableRcu: 0.5, indexRcu: 0 });
    reader.destroy();
    client.destroy();
  });
});
