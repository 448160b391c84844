import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Message,
  MessageGroupNotFoundError,
  messageGroupKeys,
  messageKeys,
  MessagingTable,
  type Person,
  readStateKeys,
  UnknownMessageError,
} from '@app/ddb';
import { createTestTable, type TestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

/** Read state in the table: counts written by the message's and the mark-read's own transactions. */
describe('read state (libs/ddb)', () => {
  let db: TestTable;
  let alice: Person;
  let bob: Person;
  let groupUuid: string;

  beforeAll(async () => {
    db = await createTestTable();
  });
  afterAll(() => db.drop());

  beforeEach(async () => {
    alice = aPerson();
    bob = aPerson();
    groupUuid = (await db.table.createMessageGroup({ sender: alice, recipient: bob, message: 'hello' })).message.messageGroupUuid;
  });

  const send = (sender: Person, message: string) => db.table.putMessage({ messageGroupUuid: groupUuid, sender, message });
  const unreadOf = async (person: Person) => (await db.table.readStates(person.uuid, [groupUuid])).get(groupUuid)!.unreadCount;

  async function allMessages(): Promise<Message[]> {
    const page = await db.table.listMessages(groupUuid, { limit: 100 });
    return page.items;
  }

  it('sequences 20 concurrent sends by both people: gapless seqs, created_at strictly increasing in seq order, exact counts', async () => {
    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i % 2 ? bob : alice, `burst ${i}`)));

    const group = (await db.table.getMessageGroup(groupUuid))!;
    expect(group.messageCount).toBe(21);
    expect(group.sentCounts).toEqual({ [alice.uuid]: 11, [bob.uuid]: 10 });
    const messages = await allMessages();
    expect(messages).toHaveLength(21);
    // Pattern A's order (created_at) is the sequence order, without gaps.
    expect(messages.map((message) => message.sequence!.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    for (let i = 1; i < messages.length; i++) expect(messages[i - 1].createdAt < messages[i].createdAt).toBe(true);
    // counts_after is each member's running count in that order.
    const running = { [alice.uuid]: 0, [bob.uuid]: 0 };
    for (const message of messages) {
      running[message.sender.uuid] += 1;
      expect(message.sequence!.countsAfter).toEqual(running);
    }
    // The newest committed message is the group's newest, and its sender has nothing unread.
    expect(group.lastCommitted?.messageUuid).toBe(messages.at(-1)!.messageUuid);
    expect(sent.map((message) => message.messageUuid).sort()).toEqual(messages.slice(1).map((message) => message.messageUuid).sort());
    const newestSender = messages.at(-1)!.sender.uuid === alice.uuid ? alice : bob;
    const other = newestSender === alice ? bob : alice;
    expect(await unreadOf(newestSender)).toBe(0);
    // The other has unread exactly the newest sender's messages after the other's own last message.
    const lastOwn = messages.findLastIndex((message) => message.sender.uuid === other.uuid);
    expect(await unreadOf(other)).toBe(messages.slice(lastOwn + 1).length);
  });

  it('marks read forward only: to the newest, to a message, never back; the further of two devices wins', async () => {
    const fromBob: Message[] = [];
    for (let i = 1; i <= 7; i++) fromBob.push(await send(bob, `b${i}`));
    expect(await unreadOf(alice)).toBe(7);

    await expect(db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: fromBob[2].messageUuid })).resolves.toMatchObject({
      unreadCount: 4,
      readUpTo: fromBob[2].createdAt,
      moved: true,
    });
    await expect(db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: fromBob[1].messageUuid })).resolves.toMatchObject({
      unreadCount: 4,
      readUpTo: fromBob[2].createdAt,
      moved: false,
    });

    // Two devices at once: one to b5, one to the newest; whatever the interleaving, the newest wins.
    await Promise.all([
      db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: fromBob[4].messageUuid }),
      db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid }),
    ]);
    const state = (await db.table.readStates(alice.uuid, [groupUuid])).get(groupUuid)!;
    expect(state).toMatchObject({ unreadCount: 0, readCount: 7, readUpTo: fromBob[6].createdAt, readUpToUuid: fromBob[6].messageUuid });
    expect((await db.table.unreadTotals(alice.uuid)).unreadConversations).toBe(0);
  });

  /**
   * A table whose transactions wait at a gate: `hold(n)` makes the next n TransactWriteItems wait
   * until `release(i)` lets the i-th of them through, so a race is played in a chosen order.
   */
  function gatedTable() {
    const waiting: Array<{ go: () => void }> = [];
    let arrived: () => void = () => undefined;
    const doc = {
      send: async (command: unknown) => {
        if (command instanceof TransactWriteCommand && holding > 0) {
          holding -= 1;
          await new Promise<void>((go) => {
            waiting.push({ go });
            arrived();
          });
        }
        return db.doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    let holding = 0;
    return {
      table: new MessagingTable(doc, db.tableName),
      hold: (count: number) => {
        holding = count;
      },
      /** Resolves once `count` transactions wait at the gate. */
      waitingCount: (count: number) =>
        new Promise<void>((resolve) => {
          const check = () => (waiting.length >= count ? resolve() : undefined);
          arrived = check;
          check();
        }),
      release: (index: number) => waiting[index].go(),
    };
  }

  it('lets the further of two racing devices win even when the nearer one commits last (the forward condition)', async () => {
    const fromBob: Message[] = [];
    for (let i = 1; i <= 5; i++) fromBob.push(await send(bob, `b${i}`));
    const gate = gatedTable();
    gate.hold(2);
    const near = gate.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: fromBob[1].messageUuid });
    await gate.waitingCount(1);
    const far = gate.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: fromBob[3].messageUuid });
    await gate.waitingCount(2);
    // Both read the same state; the further one commits first, the nearer one after it.
    gate.release(1);
    await expect(far).resolves.toMatchObject({ moved: true, unreadCount: 1 });
    gate.release(0);
    await expect(near).resolves.toMatchObject({ moved: false, unreadCount: 1, readUpTo: fromBob[3].createdAt });
    expect((await db.table.readStates(alice.uuid, [groupUuid])).get(groupUuid)).toMatchObject({ readUpTo: fromBob[3].createdAt, unreadCount: 1 });
    expect(await db.table.unreadTotals(alice.uuid)).toMatchObject({ unreadCount: 1, unreadConversations: 1 });
  });

  it('recounts a mark-read that raced a send (the group check): the new message stays unread', async () => {
    await send(bob, 'b1');
    const gate = gatedTable();
    gate.hold(1);
    // alice marks "up to the newest" (b1) and stalls before writing; bob's b2 commits meanwhile.
    const marking = gate.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: undefined });
    await gate.waitingCount(1);
    const b2 = await send(bob, 'b2');
    gate.release(0);
    const marker = await marking;
    // Either it read again and marked b2 too, or it marked b1 and b2 is unread: never "0 unread at b1".
    const state = (await db.table.readStates(alice.uuid, [groupUuid])).get(groupUuid)!;
    expect(state.unreadCount).toBe(state.readUpTo === b2.createdAt ? 0 : 1);
    expect(marker).toMatchObject({ readUpTo: state.readUpTo, unreadCount: state.unreadCount });
    expect((await db.table.unreadTotals(alice.uuid)).unreadCount).toBe(state.unreadCount);
  });

  it('marks the sender read up to the message they send, whatever they had unread', async () => {
    await send(bob, 'b1');
    await send(bob, 'b2');
    expect(await unreadOf(alice)).toBe(2);
    const reply = await send(alice, 'a1');
    expect((await db.table.readStates(alice.uuid, [groupUuid])).get(groupUuid)).toMatchObject({
      unreadCount: 0,
      readCount: 2,
      readUpTo: reply.createdAt,
      readUpToUuid: reply.messageUuid,
    });
    // bob read everything up to his b2 when he sent it: only alice's reply is new to him.
    expect(await unreadOf(bob)).toBe(1);
  });

  it('refuses a message of another conversation as unknown, and a non-member as not found', async () => {
    const carol = aPerson();
    const elsewhere = await db.table.createMessageGroup({ sender: alice, recipient: carol, message: 'elsewhere' });
    await expect(
      db.table.markRead({ readerUuid: bob.uuid, messageGroupUuid: groupUuid, messageUuid: elsewhere.message.messageUuid }),
    ).rejects.toBeInstanceOf(UnknownMessageError);
    await expect(db.table.markRead({ readerUuid: carol.uuid, messageGroupUuid: groupUuid })).rejects.toBeInstanceOf(MessageGroupNotFoundError);
    await expect(db.table.getConversation(carol.uuid, groupUuid)).rejects.toBeInstanceOf(MessageGroupNotFoundError);
  });

  it('keeps the unread index sparse: an entry per conversation with something unread, and only while it has', async () => {
    const carol = aPerson();
    await db.table.createMessageGroup({ sender: carol, recipient: alice, message: 'c1' });
    await send(bob, 'b1');
    expect(await db.table.unreadTotals(alice.uuid)).toMatchObject({ unreadCount: 2, unreadConversations: 2 });
    expect(await db.table.unreadTotals(bob.uuid)).toMatchObject({ unreadCount: 0, unreadConversations: 0 });

    await db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid });
    const entries = await db.doc.send(
      new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': readStateKeys.partition(alice.uuid) } }),
    );
    // Read states of both groups, and the one unread entry (carol's).
    expect((entries.Items ?? []).map((item) => item.entity).sort()).toEqual(['MEMBER', 'MEMBER', 'UNREAD']);
    expect(await db.table.unreadTotals(alice.uuid)).toMatchObject({ unreadCount: 1, unreadConversations: 1 });
  });

  it('moves the summaries in the message’s own transaction when asked (then pattern E has nothing left to do)', async () => {
    const moved = await db.table.putMessage({ messageGroupUuid: groupUuid, sender: bob, message: 'moved with me', movesSummaries: true });
    for (const person of [alice, bob]) {
      expect((await db.table.listMessageGroups(person.uuid)).items).toEqual([
        expect.objectContaining({ lastMessage: 'moved with me', lastMessageAt: moved.createdAt }),
      ]);
    }
    await expect(db.table.updateGroupSummary(moved)).resolves.toBe('unchanged');
    const conversation = await db.table.getConversation(alice.uuid, groupUuid);
    expect(conversation).toMatchObject({ summary: { lastMessage: 'moved with me' }, mine: { unreadCount: 1 }, other: { readUpTo: moved.createdAt } });
  });

  it('counts a group written before read state from its first message after it', async () => {
    const hello = (await allMessages())[0];
    // What such a group looks like: no counts on GROUP, no seq on MSG, no read state items.
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: messageGroupKeys.of(groupUuid),
        UpdateExpression: 'REMOVE message_count, sent_counts, last_committed_uuid, last_committed_at',
      }),
    );
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: messageKeys.of(hello), UpdateExpression: 'REMOVE seq, counts_after' }));

    const b1 = await send(bob, 'b1');
    expect(b1.sequence).toEqual({ seq: 1, countsAfter: { [alice.uuid]: 0, [bob.uuid]: 1 } });
    expect(b1.createdAt > hello.createdAt).toBe(true);
    // The old message counts as read: marking it changes nothing that matters, the new one is unread.
    await expect(db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid, messageUuid: hello.messageUuid })).resolves.toMatchObject({
      unreadCount: 1,
    });
    await expect(db.table.markRead({ readerUuid: alice.uuid, messageGroupUuid: groupUuid })).resolves.toMatchObject({ unreadCount: 0, readUpTo: b1.createdAt });
  });
});
