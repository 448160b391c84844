import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  DuplicateItemError,
  InvalidArgumentError,
  groupSummaryKeys,
  messageGroupUuidFor,
  messageKeys,
  nowIso,
  toMessageItem,
  type Person,
} from '@app/ddb';
import { useTestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

describe('starting a conversation (pattern D) and listing groups (pattern B)', () => {
  const db = useTestTable();

  async function partition(pk: string) {
    const output = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    return output.Items ?? [];
  }

  it('creates the group, both summaries and the message together', async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const sent = await db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'hi Bob' });

    expect(sent.groupCreated).toBe(true);
    const aliceGroups = await db.table.listMessageGroups(alice.uuid);
    const bobGroups = await db.table.listMessageGroups(bob.uuid);
    expect(aliceGroups.items).toEqual([
      expect.objectContaining({ messageGroupUuid: sent.message.messageGroupUuid, otherPerson: bob, lastMessage: 'hi Bob' }),
    ]);
    expect(bobGroups.items).toEqual([
      expect.objectContaining({ messageGroupUuid: sent.message.messageGroupUuid, otherPerson: alice, lastMessage: 'hi Bob' }),
    ]);
    expect((await db.table.listMessages(sent.message.messageGroupUuid)).items).toEqual([sent.message]);
  });

  it('writes nothing at all when one of the creation conditions fails', async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const groupUuid = messageGroupUuidFor(alice.uuid, bob.uuid);
    const planned = { messageUuid: randomUUID(), createdAt: nowIso() };
    // An item already at the first message's key makes that put's condition fail inside the transaction.
    const squatter = toMessageItem({ ...planned, messageGroupUuid: groupUuid, message: 'already here', sender: bob });
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: squatter }));

    await expect(db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'hi Bob', ...planned })).rejects.toBeInstanceOf(
      DuplicateItemError,
    );

    expect(await db.table.getMessageGroup(groupUuid)).toBeNull();
    expect(await partition(groupSummaryKeys.partition(alice.uuid))).toEqual([]);
    expect(await partition(groupSummaryKeys.partition(bob.uuid))).toEqual([]);
    expect(await partition(messageKeys.partition(groupUuid))).toEqual([squatter]);
  });

  it('makes exactly one group when 20 first messages race in both directions, and keeps all 20 messages', async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const [sender, recipient] = i % 2 ? [alice, bob] : [bob, alice];
      return db.table.createMessageGroup({ sender, recipient, message: `first ${i}` });
    });
    const results = await Promise.all(attempts);

    expect(results.filter((result) => result.groupCreated)).toHaveLength(1);
    const groupUuids = new Set(results.map((result) => result.message.messageGroupUuid));
    expect(groupUuids.size).toBe(1);
    const [groupUuid] = groupUuids;

    const group = await db.table.getMessageGroup(groupUuid);
    expect(group?.members.map((member: Person) => member.uuid).sort()).toEqual([alice.uuid, bob.uuid].sort());
    expect((await partition(groupSummaryKeys.partition(alice.uuid))).length).toBe(1);
    expect((await partition(groupSummaryKeys.partition(bob.uuid))).length).toBe(1);
    const messages = (await db.table.listMessages(groupUuid, { limit: 100 })).items;
    expect(messages.map((message) => message.message).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `first ${i}`).sort());
  });

  it('posts into the existing group when the pair already has one', async () => {
    const [alice, bob] = [aPerson(), aPerson()];
    const first = await db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'one' });
    const second = await db.table.createMessageGroup({ sender: bob, recipient: alice, message: 'two' });

    expect(second.groupCreated).toBe(false);
    expect(second.message.messageGroupUuid).toBe(first.message.messageGroupUuid);
    expect((await db.table.listMessageGroups(bob.uuid)).items).toHaveLength(1);
  });

  it('refuses a conversation with oneself', async () => {
    const alice = aPerson();
    await expect(db.table.createMessageGroup({ sender: alice, recipient: alice, message: 'me' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(await partition(groupSummaryKeys.partition(alice.uuid))).toEqual([]);
  });

  it('lists groups most recent first, paged, across years', async () => {
    const me = aPerson();
    const years = ['2019', '2023', '2026', '2021', '2025'];
    for (const year of years) {
      await db.table.createMessageGroup({
        sender: aPerson(),
        recipient: me,
        message: `from ${year}`,
        createdAt: `${year}-06-01T12:00:00.000Z`,
      });
    }
    const first = await db.table.listMessageGroups(me.uuid, { limit: 3 });
    const second = await db.table.listMessageGroups(me.uuid, { limit: 3, cursor: first.nextCursor });

    expect(first.items.map((group) => group.lastMessage)).toEqual(['from 2026', 'from 2025', 'from 2023']);
    expect(second.items.map((group) => group.lastMessage)).toEqual(['from 2021', 'from 2019']);
    expect(second.nextCursor).toBeNull();
  });
});
