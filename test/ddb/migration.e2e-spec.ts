import { randomUUID } from 'node:crypto';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type Person, messageGroupKeys, messageGroupUuidFor, migrateToStableSummaries } from '@app/ddb';
import { type TestTable, useTestTable } from '../helpers/ddb';
import { createOldShapeTable } from '../helpers/old-shape-table';
import { aPerson } from '../helpers/people';

/**
 * A table of the model before stable summaries, written as that model wrote it: the GSI every item
 * fed, GRP summaries keyed by time, read state on MEMBER items with UNREAD entries. One conversation
 * with counted messages (the recipient's summary one message behind, as when pattern E lagged), one
 * from before read state (no counts at all), and an Idempotency-Key record.
 */
async function oldShapeTable(db: TestTable, [alice, bob, carol]: Person[]) {
  const old = await createOldShapeTable(db.client, db.doc);
  const member = (person: Person) => ({ uuid: person.uuid, display_name: person.displayName, handle: person.handle });
  const counted = messageGroupUuidFor(alice.uuid, bob.uuid);
  const texts = ['a1', 'b1', 'b2', 'b3'];
  const messages: Array<
    Record<string, unknown> & {
      message_uuid: string;
      created_at: string;
      counts_after: Record<string, number>;
      message: string;
      sk: string;
    }
  > = texts.map((text, index) => {
    const sender = text.startsWith('a') ? alice : bob;
    const createdAt = `2026-10-01T10:00:0${index}.000Z`;
    const countsAfter = {
      [alice.uuid]: texts.slice(0, index + 1).filter((t) => t.startsWith('a')).length,
      [bob.uuid]: texts.slice(0, index + 1).filter((t) => t.startsWith('b')).length,
    };
    const messageUuid = randomUUID();
    return {
      pk: `MSG#${counted}`,
      sk: `${createdAt}#${messageUuid}`,
      message_uuid: messageUuid,
      entity: 'MSG',
      message_group_uuid: counted,
      message: text,
      user_uuid: sender.uuid,
      user_display_name: sender.displayName,
      user_handle: sender.handle,
      created_at: createdAt,
      seq: index + 1,
      counts_after: countsAfter,
    };
  });
  const newest = messages.at(-1)!;
  const grp = (owner: Person, other: Person, shown: (typeof messages)[number], group: string) => ({
    pk: `GRP#${owner.uuid}`,
    sk: `${shown.created_at}#${group}`,
    entity: 'GRP',
    owner_user_uuid: owner.uuid,
    message_group_uuid: group,
    message: shown.message,
    last_message_at: shown.created_at,
    user_uuid: other.uuid,
    user_display_name: other.displayName,
    user_handle: other.handle,
  });
  const legacy = messageGroupUuidFor(carol.uuid, alice.uuid);
  const legacyMessage = {
    pk: `MSG#${legacy}`,
    sk: `2026-09-01T09:00:00.000Z#${randomUUID()}`,
    entity: 'MSG',
    message_group_uuid: legacy,
    message: 'from before read state',
    user_uuid: carol.uuid,
    user_display_name: carol.displayName,
    user_handle: carol.handle,
    created_at: '2026-09-01T09:00:00.000Z',
  } as Record<string, unknown>;
  legacyMessage.message_uuid = String(legacyMessage.sk).split('#')[1];
  const items: Array<Record<string, unknown>> = [
    ...messages,
    {
      ...messageGroupKeys.of(counted),
      entity: 'GROUP',
      message_group_uuid: counted,
      members: [member(alice), member(bob)].sort((x, y) => (x.uuid < y.uuid ? -1 : 1)),
      last_message_uuid: newest.message_uuid,
      last_message_at: newest.created_at,
      created_at: messages[0].created_at,
      message_count: 4,
      sent_counts: newest.counts_after,
      last_committed_uuid: newest.message_uuid,
      last_committed_at: newest.created_at,
    },
    grp(bob, alice, newest, counted),
    // Pattern E had not moved alice's summary to b3 yet.
    grp(alice, bob, messages[2], counted),
    // alice read up to b1: b2 and b3 unread. bob read everything (he sent last).
    {
      pk: `MEMBER#${alice.uuid}`,
      sk: `GROUP#${counted}`,
      entity: 'MEMBER',
      owner_user_uuid: alice.uuid,
      message_group_uuid: counted,
      read_up_to: messages[1].created_at,
      read_up_to_uuid: messages[1].message_uuid,
      read_count: 1,
      unread_count: 2,
    },
    {
      pk: `MEMBER#${alice.uuid}`,
      sk: `UNREAD#${counted}`,
      entity: 'UNREAD',
      owner_user_uuid: alice.uuid,
      message_group_uuid: counted,
      unread_count: 2,
    },
    {
      pk: `MEMBER#${bob.uuid}`,
      sk: `GROUP#${counted}`,
      entity: 'MEMBER',
      owner_user_uuid: bob.uuid,
      message_group_uuid: counted,
      read_up_to: newest.created_at,
      read_up_to_uuid: newest.message_uuid,
      read_count: 1,
      unread_count: 0,
    },
    legacyMessage,
    {
      ...messageGroupKeys.of(legacy),
      entity: 'GROUP',
      message_group_uuid: legacy,
      members: [member(carol), member(alice)].sort((x, y) => (x.uuid < y.uuid ? -1 : 1)),
      last_message_uuid: legacyMessage.message_uuid,
      last_message_at: legacyMessage.created_at,
      created_at: legacyMessage.created_at,
    },
    grp(carol, alice, legacyMessage as never, legacy),
    grp(alice, carol, legacyMessage as never, legacy),
    {
      pk: `IDEMPOTENCY#${alice.uuid}#key-1`,
      sk: 'IDEMPOTENCY',
      entity: 'IDEMPOTENCY',
      owner_user_uuid: alice.uuid,
      idempotency_key: 'key-1',
      request_hash: 'h',
      response: '{}',
      expires_at: 4102444800,
    },
  ];
  await old.put(items);
  return { tableName: old.tableName, drop: old.drop, counted, legacy, messages, newest };
}

describe('npm run ddb -- migrate (to stable summaries)', () => {
  const db = useTestTable();
  let old: Awaited<ReturnType<typeof oldShapeTable>>;
  const [alice, bob, carol] = [aPerson(), aPerson(), aPerson()];

  beforeAll(async () => {
    old = await oldShapeTable(db, [alice, bob, carol]);
  });
  afterAll(() => old.drop());

  it('keeps every conversation’s history, order and unread counts, folds read state into the summaries, and is idempotent', async () => {
    const report = await migrateToStableSummaries(db.doc, old.tableName, db.tableName);
    expect(report).toMatchObject({ copied: { MSG: 5, GROUP: 2, IDEMPOTENCY: 1 }, summariesRebuilt: 4, readStatesFolded: 2, skipped: [] });

    // alice's list: both conversations, newest first; her lagging summary caught up with b3; counts as before.
    const list = await db.table.listMessageGroups(alice.uuid);
    expect(list.items.map((summary) => [summary.otherPerson.handle, summary.lastMessage, summary.unreadCount])).toEqual([
      [bob.handle, 'b3', 2],
      [carol.handle, 'from before read state', 0],
    ]);
    expect((await db.table.listMessageGroups(bob.uuid)).items.map((summary) => [summary.lastMessage, summary.unreadCount])).toEqual([
      ['b3', 0],
    ]);
    expect(await db.table.unreadTotals(alice.uuid)).toEqual({ unreadCount: 2, unreadConversations: 1 });
    expect((await db.table.listMessages(old.counted)).items.map((message) => message.message)).toEqual(['a1', 'b1', 'b2', 'b3']);
    expect((await db.table.getConversation(bob.uuid, old.counted)).other).toMatchObject({
      readUpTo: old.messages[1].created_at,
      unreadCount: 2,
    });

    // It goes on from there: the next message is the 5th, mark-read clears alice's count.
    const next = await db.table.putMessage({ messageGroupUuid: old.counted, sender: bob, message: 'b4', movesSummaries: true });
    expect(next.sequence).toEqual({ seq: 5, countsAfter: { [alice.uuid]: 1, [bob.uuid]: 4 } });
    await db.table.updateGroupSummary(next);
    expect(await db.table.unreadTotals(alice.uuid)).toEqual({ unreadCount: 3, unreadConversations: 1 });
    await db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: old.counted });
    expect(await db.table.unreadTotals(alice.uuid)).toEqual({ unreadCount: 0, unreadConversations: 0 });
    const legacyReply = await db.table.putMessage({
      messageGroupUuid: old.legacy,
      sender: alice,
      message: 'hello again',
      movesSummaries: true,
    });
    expect(legacyReply.sequence).toEqual({ seq: 1, countsAfter: { [alice.uuid]: 1, [carol.uuid]: 0 } });

    // Run again: nothing to do. Run again from scratch (the marker gone): nothing doubled, nothing newer overwritten.
    await expect(migrateToStableSummaries(db.doc, old.tableName, db.tableName)).resolves.toMatchObject({ resumedAt: 'done' });
    const before = (await db.doc.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items!.length;
    await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: `MIGRATION#${old.tableName}`, sk: 'MIGRATION' } }));
    await expect(migrateToStableSummaries(db.doc, old.tableName, db.tableName)).resolves.toMatchObject({
      copied: {},
      summariesRebuilt: 0,
      alreadyThere: 12,
    });
    expect(await db.table.unreadTotals(alice.uuid)).toEqual({ unreadCount: 0, unreadConversations: 0 });
    expect((await db.table.getMessageGroup(old.counted))!.messageCount).toBe(5);
    const items = (await db.doc.send(new ScanCommand({ TableName: db.tableName, ConsistentRead: true }))).Items!;
    expect(items.length).toBe(before);
    expect(items.filter((item) => item.entity === 'MEMBER' || item.entity === 'UNREAD')).toEqual([]);
    expect(items.filter((item) => item.pk === `GRP#${alice.uuid}`)).toHaveLength(2);
  });
});
