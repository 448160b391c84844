import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Message,
  MessageGroupNotFoundError,
  messageGroupKeys,
  messageKeys,
  MessagingTable,
  type Person,
  UnknownMessageError,
} from '@app/ddb';
import { usePairPerTest, useTestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

/**
 * Read state in the table: derived from the counts each message carries, through the summaries
 * pattern E moves (applied here right after each send, as the stream-worker would: "settled").
 */
describe('read state (libs/ddb)', () => {
  const db = useTestTable();
  const pair = usePairPerTest(db, { message: 'hello' });

  /** A message sent, then pattern E applied to it (the stream settled). */
  const send = async (sender: Person, message: string) => {
    const sent = await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender, message });
    await db.table.updateGroupSummary(sent);
    return sent;
  };
  const unreadOf = async (person: Person) => (await db.table.readStates(person.uuid, [pair.groupUuid])).get(pair.groupUuid)!.unreadCount;

  async function allMessages(): Promise<Message[]> {
    const page = await db.table.listMessages(pair.groupUuid, { limit: 100 });
    return page.items;
  }

  it('sequences 20 concurrent sends by both people: gapless seqs, created_at strictly increasing in seq order, exact counts', async () => {
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: i % 2 ? pair.bob : pair.alice, message: `burst ${i}` }),
      ),
    );
    // The stream delivers them in any order: pattern E is monotonic.
    for (const message of [...sent].reverse()) await db.table.updateGroupSummary(message);

    const group = (await db.table.getMessageGroup(pair.groupUuid))!;
    expect(group.messageCount).toBe(21);
    expect(group.sentCounts).toEqual({ [pair.alice.uuid]: 11, [pair.bob.uuid]: 10 });
    const messages = await allMessages();
    expect(messages).toHaveLength(21);
    // Pattern A's order (created_at) is the sequence order, without gaps.
    expect(messages.map((message) => message.sequence!.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    for (let i = 1; i < messages.length; i++) expect(messages[i - 1].createdAt < messages[i].createdAt).toBe(true);
    // counts_after is each member's running count in that order.
    const running = { [pair.alice.uuid]: 0, [pair.bob.uuid]: 0 };
    for (const message of messages) {
      running[message.sender.uuid] += 1;
      expect(message.sequence!.countsAfter).toEqual(running);
    }
    // The newest committed message is the group's newest, and its sender has nothing unread.
    expect(group.lastCommitted?.messageUuid).toBe(messages.at(-1)!.messageUuid);
    expect(sent.map((message) => message.messageUuid).sort()).toEqual(
      messages
        .slice(1)
        .map((message) => message.messageUuid)
        .sort(),
    );
    const newestSender = messages.at(-1)!.sender.uuid === pair.alice.uuid ? pair.alice : pair.bob;
    const other = newestSender === pair.alice ? pair.bob : pair.alice;
    expect(await unreadOf(newestSender)).toBe(0);
    // The other has unread exactly the newest sender's messages after the other's own last message.
    const lastOwn = messages.findLastIndex((message) => message.sender.uuid === other.uuid);
    expect(await unreadOf(other)).toBe(messages.slice(lastOwn + 1).length);
  });

  it('marks read forward only: to the newest, to a message, never back; the further of two devices wins', async () => {
    const fromBob: Message[] = [];
    for (let i = 1; i <= 7; i++) fromBob.push(await send(pair.bob, `b${i}`));
    expect(await unreadOf(pair.alice)).toBe(7);

    await expect(
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: fromBob[2].messageUuid }),
    ).resolves.toMatchObject({
      unreadCount: 4,
      readUpTo: fromBob[2].createdAt,
      moved: true,
    });
    await expect(
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: fromBob[1].messageUuid }),
    ).resolves.toMatchObject({
      unreadCount: 4,
      readUpTo: fromBob[2].createdAt,
      moved: false,
    });

    // Two devices at once: one to b5, one to the newest; whatever the interleaving, the newest wins.
    await Promise.all([
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: fromBob[4].messageUuid }),
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid }),
    ]);
    const state = (await db.table.readStates(pair.alice.uuid, [pair.groupUuid])).get(pair.groupUuid)!;
    expect(state).toMatchObject({ unreadCount: 0, readCount: 7, readUpTo: fromBob[6].createdAt, readUpToUuid: fromBob[6].messageUuid });
    expect((await db.table.unreadTotals(pair.alice.uuid)).unreadConversations).toBe(0);
  });

  /**
   * A table whose mark-read writes wait at a gate: `hold(n)` makes the next n UpdateItems wait
   * until `release(i)` lets the i-th of them through, so a race is played in a chosen order.
   */
  function gatedTable() {
    const waiting: Array<{ go: () => void }> = [];
    let arrived: () => void = () => undefined;
    const doc = {
      send: async (command: unknown) => {
        if (command instanceof UpdateCommand && holding > 0) {
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
    for (let i = 1; i <= 5; i++) fromBob.push(await send(pair.bob, `b${i}`));
    const gate = gatedTable();
    gate.hold(2);
    const near = gate.table.markRead({
      readerUuid: pair.alice.uuid,
      messageGroupUuid: pair.groupUuid,
      messageUuid: fromBob[1].messageUuid,
    });
    await gate.waitingCount(1);
    const far = gate.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: fromBob[3].messageUuid });
    await gate.waitingCount(2);
    // Both read the same state; the further one commits first, the nearer one after it.
    gate.release(1);
    await expect(far).resolves.toMatchObject({ moved: true, unreadCount: 1 });
    gate.release(0);
    await expect(near).resolves.toMatchObject({ moved: false, unreadCount: 1, readUpTo: fromBob[3].createdAt });
    expect((await db.table.readStates(pair.alice.uuid, [pair.groupUuid])).get(pair.groupUuid)).toMatchObject({
      readUpTo: fromBob[3].createdAt,
      unreadCount: 1,
    });
    expect(await db.table.unreadTotals(pair.alice.uuid)).toMatchObject({ unreadCount: 1, unreadConversations: 1 });
  });

  it('never waits on a send, and a send that raced a mark-read stays unread', async () => {
    const b1 = await send(pair.bob, 'b1');
    const gate = gatedTable();
    gate.hold(1);
    // alice marks "up to the newest" (b1) and stalls before writing; bob's b2 commits meanwhile.
    const marking = gate.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: undefined });
    await gate.waitingCount(1);
    await send(pair.bob, 'b2');
    gate.release(0);
    // The marker lands where it was aimed (b1), at its first try: b2 is unread, in every count.
    await expect(marking).resolves.toMatchObject({ readUpTo: b1.createdAt, moved: true });
    expect((await db.table.readStates(pair.alice.uuid, [pair.groupUuid])).get(pair.groupUuid)).toMatchObject({
      readUpTo: b1.createdAt,
      unreadCount: 1,
    });
    expect(await db.table.unreadTotals(pair.alice.uuid)).toEqual({ unreadCount: 1, unreadConversations: 1 });
  });

  it('marks the sender read up to the message they send, whatever they had unread', async () => {
    await send(pair.bob, 'b1');
    await send(pair.bob, 'b2');
    expect(await unreadOf(pair.alice)).toBe(2);
    const reply = await send(pair.alice, 'a1');
    expect((await db.table.readStates(pair.alice.uuid, [pair.groupUuid])).get(pair.groupUuid)).toMatchObject({
      unreadCount: 0,
      readCount: 2,
      readUpTo: reply.createdAt,
      readUpToUuid: reply.messageUuid,
    });
    // bob read everything up to his b2 when he sent it: only alice's reply is new to him.
    expect(await unreadOf(pair.bob)).toBe(1);
  });

  it('refuses a message of another conversation as unknown, and a non-member as not found', async () => {
    const carol = aPerson();
    const elsewhere = await db.table.createMessageGroup({ sender: pair.alice, recipient: carol, message: 'elsewhere' });
    await expect(
      db.table.markRead({ readerUuid: pair.bob.uuid, messageGroupUuid: pair.groupUuid, messageUuid: elsewhere.message.messageUuid }),
    ).rejects.toBeInstanceOf(UnknownMessageError);
    await expect(db.table.markRead({ readerUuid: carol.uuid, messageGroupUuid: pair.groupUuid })).rejects.toBeInstanceOf(
      MessageGroupNotFoundError,
    );
    await expect(db.table.getConversation(carol.uuid, pair.groupUuid)).rejects.toBeInstanceOf(MessageGroupNotFoundError);
  });

  it('totals what is unread over all conversations from the summaries alone', async () => {
    const carol = aPerson();
    const c1 = await db.table.createMessageGroup({ sender: carol, recipient: pair.alice, message: 'c1' });
    await send(pair.bob, 'b1');
    expect(await db.table.unreadTotals(pair.alice.uuid)).toEqual({ unreadCount: 2, unreadConversations: 2 });
    expect(await db.table.unreadTotals(pair.bob.uuid)).toEqual({ unreadCount: 0, unreadConversations: 0 });
    expect(await db.table.unreadTotals(carol.uuid)).toEqual({ unreadCount: 0, unreadConversations: 0 });

    await db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid });
    expect(await db.table.unreadTotals(pair.alice.uuid)).toEqual({ unreadCount: 1, unreadConversations: 1 });
    await db.table.markRead({
      readerUuid: pair.alice.uuid,
      messageGroupUuid: c1.message.messageGroupUuid,
      messageUuid: c1.message.messageUuid,
    });
    expect(await db.table.unreadTotals(pair.alice.uuid)).toEqual({ unreadCount: 0, unreadConversations: 0 });
  });

  it('moves the sender’s summary right after the message when asked; pattern E moves the recipient’s, then nothing is left to do', async () => {
    const moved = await db.table.putMessage({
      messageGroupUuid: pair.groupUuid,
      sender: pair.bob,
      message: 'moved with me',
      movesSummaries: true,
    });
    expect((await db.table.listMessageGroups(pair.bob.uuid)).items).toEqual([
      expect.objectContaining({ lastMessage: 'moved with me', lastMessageAt: moved.createdAt, unreadCount: 0 }),
    ]);
    await expect(db.table.updateGroupSummary(moved)).resolves.toMatchObject({
      update: 'moved',
      moved: [expect.objectContaining({ ownerUuid: pair.alice.uuid, unreadCount: 1 })],
    });
    await expect(db.table.updateGroupSummary(moved)).resolves.toEqual({ update: 'unchanged', moved: [] });
    for (const person of [pair.alice, pair.bob]) {
      expect((await db.table.listMessageGroups(person.uuid)).items).toEqual([
        expect.objectContaining({ lastMessage: 'moved with me', lastMessageAt: moved.createdAt }),
      ]);
    }
    const conversation = await db.table.getConversation(pair.alice.uuid, pair.groupUuid);
    expect(conversation).toMatchObject({
      summary: { lastMessage: 'moved with me' },
      mine: { unreadCount: 1 },
      other: { readUpTo: moved.createdAt },
    });
  });

  it('finds any message for a mark-read by its uuid alone, however old', async () => {
    const first = await send(pair.bob, 'the oldest of many');
    for (let i = 0; i < 30; i++) await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.bob, message: `later ${i}` });
    await expect(
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: first.messageUuid }),
    ).resolves.toMatchObject({
      readUpTo: first.createdAt,
      unreadCount: 30,
      moved: true,
    });
  });

  it('counts a group written before read state (as migrated) from its first message after it', async () => {
    const hello = (await allMessages())[0];
    // What such a group looks like after the migration: no counts on GROUP or MSG, no markers.
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: messageGroupKeys.of(pair.groupUuid),
        UpdateExpression: 'REMOVE message_count, sent_counts',
      }),
    );
    await db.doc.send(
      new UpdateCommand({ TableName: db.tableName, Key: messageKeys.of(hello), UpdateExpression: 'REMOVE seq, counts_after' }),
    );

    const b1 = await send(pair.bob, 'b1');
    expect(b1.sequence).toEqual({ seq: 1, countsAfter: { [pair.alice.uuid]: 0, [pair.bob.uuid]: 1 } });
    expect(b1.createdAt > hello.createdAt).toBe(true);
    // The old message counts as read: marking it changes nothing that matters, the new one is unread.
    await expect(
      db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid, messageUuid: hello.messageUuid }),
    ).resolves.toMatchObject({
      unreadCount: 1,
    });
    await expect(db.table.markRead({ readerUuid: pair.alice.uuid, messageGroupUuid: pair.groupUuid })).resolves.toMatchObject({
      unreadCount: 0,
      readUpTo: b1.createdAt,
    });
  });
});
