import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DdbUnavailableError, MessagingTable } from '@app/ddb';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

/**
 * A send is answered by whether its message was stored. The sender's summary move that follows the
 * commit is read-your-writes only (pattern E on the stream is the guarantee), so its failure must not
 * turn a stored message into an error the client would retry — and duplicate.
 */
describe('a send whose summary move fails after the message is stored', () => {
  let db: TestTable;

  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(() => db.drop());

  it('answers with the stored message, leaves the move to pattern E, and stores it once', async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const { message: first } = await db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'first' });
    // DynamoDB fails every single-item update (the summary move) from now on; the send's transaction goes through.
    const failingMoves = {
      send: async (command: unknown) => {
        if (command instanceof UpdateCommand) throw new DdbUnavailableError('DynamoDB unavailable: timeout');
        return db.doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const table = new MessagingTable(failingMoves, db.tableName);

    const stored = await table.putMessageIntoGroup({
      messageGroupUuid: first.messageGroupUuid,
      sender: bob,
      message: 'stored anyway',
      movesSummaries: true,
    });

    expect(stored.message).toMatchObject({ message: 'stored anyway', sequence: { seq: 2 } });
    expect(stored.summaries).toEqual([]);
    expect((await db.table.listMessages(first.messageGroupUuid)).items.map((message) => message.message)).toEqual([
      'first',
      'stored anyway',
    ]);
    // Pattern E catches up.
    await db.table.updateGroupSummary(stored.message);
    expect((await db.table.listMessageGroups(bob.uuid)).items[0]).toMatchObject({ lastMessage: 'stored anyway', unreadCount: 0 });
  });
});
