import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { groupSummaryKeys, type Message, type Person, toMessageItem } from '@app/ddb';
import { usePairPerTest, useTestTable } from '../helpers/ddb';

describe('moving group summaries (pattern E)', () => {
  const db = useTestTable();
  const pair = usePairPerTest(db, { message: 'first', createdAt: '2026-11-21T10:00:00.000Z' });

  /** Every GRP item of a member (not just the first page), to catch duplicates. */
  async function summariesOf(person: Person) {
    const output = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': groupSummaryKeys.partition(person.uuid) },
        ConsistentRead: true,
      }),
    );
    return (output.Items ?? []).map((item) => ({ message: item.message, lastMessageAt: item.last_message_at }));
  }

  const post = (sender: Person, message: string, createdAt: string) =>
    db.table.putMessage({ messageGroupUuid: pair.first.messageGroupUuid, sender, message, createdAt });

  it('moves both members to a newer message', async () => {
    const newer = await post(pair.bob, 'newer', '2026-11-21T10:00:01.000Z');

    await expect(db.table.updateGroupSummary(newer)).resolves.toMatchObject({ update: 'moved' });

    const expected = [{ message: 'newer', lastMessageAt: newer.createdAt }];
    expect(await summariesOf(pair.alice)).toEqual(expected);
    expect(await summariesOf(pair.bob)).toEqual(expected);
  });

  it('changes nothing for an older or the same message (replays and late records)', async () => {
    // Stored in order (as every message is now); applied out of order, as the stream may deliver them.
    const older = await post(pair.alice, 'older', '2026-11-21T10:00:02.000Z');
    const newer = await post(pair.bob, 'newer', '2026-11-21T10:00:05.000Z');
    await db.table.updateGroupSummary(newer);

    await expect(db.table.updateGroupSummary(older)).resolves.toEqual({ update: 'unchanged', moved: [] });
    await expect(db.table.updateGroupSummary(newer)).resolves.toEqual({ update: 'unchanged', moved: [] });
    await expect(db.table.updateGroupSummary(pair.first)).resolves.toEqual({ update: 'unchanged', moved: [] });

    expect(await summariesOf(pair.alice)).toEqual([{ message: 'newer', lastMessageAt: newer.createdAt }]);
    expect(await summariesOf(pair.bob)).toEqual([{ message: 'newer', lastMessageAt: newer.createdAt }]);
  });

  it('moves within the same millisecond by message order, without doubling the item (messages from before sequencing)', async () => {
    // Messages written before a group sequenced its writes could share a millisecond: stored as they were then.
    const at = '2026-11-21T10:00:03.000Z';
    const stored = (sender: Person, message: string): Message => ({
      messageUuid: randomUUID(),
      messageGroupUuid: pair.first.messageGroupUuid,
      message,
      createdAt: at,
      sender,
    });
    const [one, two] = [stored(pair.alice, 'one'), stored(pair.bob, 'two')];
    for (const message of [one, two]) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: toMessageItem(message) }));
    const [lower, higher] = one.messageUuid < two.messageUuid ? [one, two] : [two, one];

    await db.table.updateGroupSummary(lower);
    await db.table.updateGroupSummary(higher);
    await db.table.updateGroupSummary(lower);

    expect(await summariesOf(pair.alice)).toEqual([{ message: higher.message, lastMessageAt: at }]);
    expect(await summariesOf(pair.bob)).toEqual([{ message: higher.message, lastMessageAt: at }]);
  });

  it('ends with one summary per member at the newest message after 10 concurrent moves', async () => {
    const messages: Message[] = [];
    for (let i = 1; i <= 10; i++) {
      messages.push(await post(i % 2 ? pair.alice : pair.bob, `message ${i}`, `2026-11-21T10:01:${String(i).padStart(2, '0')}.000Z`));
    }

    const outcomes = await Promise.all(messages.map((message) => db.table.updateGroupSummary(message)));

    expect(outcomes.map((outcome) => outcome.update)).toContain('moved');
    const newest = messages.at(-1)!;
    const expected = [{ message: newest.message, lastMessageAt: newest.createdAt }];
    expect(await summariesOf(pair.alice)).toEqual(expected);
    expect(await summariesOf(pair.bob)).toEqual(expected);
    expect((await db.table.listMessageGroups(pair.alice.uuid)).items[0].otherPerson).toEqual(pair.bob);
    expect((await db.table.listMessageGroups(pair.bob.uuid)).items[0].otherPerson).toEqual(pair.alice);
  });
});
