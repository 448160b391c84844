import { randomUUID } from 'node:crypto';
import { DuplicateItemError, InvalidArgumentError, InvalidCursorError, MessageGroupNotFoundError, type Message } from '@app/ddb';
import { usePairPerTest, useTestTable } from '../helpers/ddb';
import { aPerson } from '../helpers/people';

describe('messages of a group (patterns A and C)', () => {
  const db = useTestTable();
  const pair = usePairPerTest(db, { message: 'hello' });

  async function readAll(limit: number): Promise<{ pages: Message[][]; lastCursor: string | null }> {
    const pages: Message[][] = [];
    let cursor: string | null = null;
    do {
      const page = await db.table.listMessages(pair.groupUuid, { limit, cursor });
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    return { pages, lastCursor: cursor };
  }

  it('keeps two messages sent at the same instant, each at its own millisecond, in the order they committed', async () => {
    const [one, two] = await Promise.all([
      db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message: 'one' }),
      db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.bob, message: 'two' }),
    ]);

    const page = await db.table.listMessages(pair.groupUuid);
    expect(page.items.map((message) => message.message).sort()).toEqual(['hello', 'one', 'two']);
    expect(one.createdAt).not.toBe(two.createdAt);
    const [first, second] = one.sequence!.seq < two.sequence!.seq ? [one, two] : [two, one];
    expect([first.sequence!.seq, second.sequence!.seq]).toEqual([2, 3]);
    expect(first.createdAt < second.createdAt).toBe(true);
  });

  it('refuses an explicit created_at at or before the newest message, and says duplicate when it is that very message', async () => {
    const last = await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message: 'last' });
    await expect(
      db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.bob, message: 'late', createdAt: '2020-01-01T00:00:00.000Z' }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      db.table.putMessage({
        messageGroupUuid: pair.groupUuid,
        sender: pair.alice,
        message: 'last',
        messageUuid: last.messageUuid,
        createdAt: last.createdAt,
      }),
    ).rejects.toBeInstanceOf(DuplicateItemError);
  });

  it('pages 55 messages, 20 at a time, each exactly once, newest page first and oldest→newest within a page', async () => {
    // A group whose first message is older than all of the 54 (explicit times must come in order).
    const carol = aPerson();
    pair.groupUuid = (
      await db.table.createMessageGroup({ sender: pair.alice, recipient: carol, message: 'hello', createdAt: '2024-12-01T00:00:00.000Z' })
    ).message.messageGroupUuid;
    const base = Date.parse('2025-01-01T00:00:00.000Z');
    for (let i = 1; i <= 54; i++) {
      await db.table.putMessage({
        messageGroupUuid: pair.groupUuid,
        sender: i % 2 ? pair.alice : carol,
        message: `message ${i}`,
        // Spread over more than a year: no year filter may hide the older ones.
        createdAt: new Date(base + i * 7 * 24 * 3600 * 1000).toISOString(),
      });
    }

    const { pages, lastCursor } = await readAll(20);

    expect(pages.map((page) => page.length)).toEqual([20, 20, 15]);
    expect(lastCursor).toBeNull();
    const chronological = pages.reverse().flat();
    const texts = chronological.map((message) => message.message);
    expect(texts).toEqual(['hello', ...Array.from({ length: 54 }, (_, i) => `message ${i + 1}`)]);
    expect(new Set(chronological.map((message) => message.messageUuid)).size).toBe(55);
  });

  it('ends without an empty page when the count divides evenly by the limit', async () => {
    for (let i = 0; i < 19; i++) {
      await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message: `m${i}` });
    }
    const { pages } = await readAll(10);
    expect(pages.map((page) => page.length)).toEqual([10, 10]);
  });

  it('rejects a tampered cursor, and a cursor from another group, with InvalidCursorError', async () => {
    for (let i = 0; i < 3; i++) await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message: `m${i}` });
    const { nextCursor } = await db.table.listMessages(pair.groupUuid, { limit: 2 });
    expect(nextCursor).toEqual(expect.any(String));

    const tampered = [
      `${nextCursor}x`,
      nextCursor!.slice(0, -4),
      Buffer.from(JSON.stringify({ pk: `MSG#${pair.groupUuid}`, sk: 'ZZZ' })).toString('base64url'),
      'not a cursor!',
      'a'.repeat(5000),
    ];
    for (const cursor of tampered) {
      await expect(db.table.listMessages(pair.groupUuid, { cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }

    const other = await db.table.createMessageGroup({ sender: pair.alice, recipient: aPerson(), message: 'hi' });
    await expect(db.table.listMessages(other.message.messageGroupUuid, { cursor: nextCursor })).rejects.toThrow(
      new InvalidCursorError('cursor belongs to another listing'),
    );
  });

  it('refuses limits outside 1–100 and group ids that are not uuids', async () => {
    for (const limit of [0, 101, 2.5]) {
      await expect(db.table.listMessages(pair.groupUuid, { limit })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(db.table.listMessages('not-a-uuid')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('lets only members post, and says "not found" for an unknown group too', async () => {
    const stranger = aPerson();
    await expect(db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: stranger, message: 'let me in' })).rejects.toBeInstanceOf(
      MessageGroupNotFoundError,
    );
    await expect(db.table.putMessage({ messageGroupUuid: randomUUID(), sender: pair.alice, message: 'anyone?' })).rejects.toBeInstanceOf(
      MessageGroupNotFoundError,
    );

    const page = await db.table.listMessages(pair.groupUuid);
    expect(page.items.map((message) => message.message)).toEqual(['hello']);
  });

  it('refuses blank, untrimmed and over-long messages before writing anything', async () => {
    const bad = ['', '   ', ' padded ', '😀'.repeat(1025)];
    for (const message of bad) {
      await expect(db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message })).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    }
    // 1024 code points is allowed even when they take 2048 UTF-16 units.
    await db.table.putMessage({ messageGroupUuid: pair.groupUuid, sender: pair.alice, message: '😀'.repeat(1024) });
    expect((await db.table.listMessages(pair.groupUuid)).items).toHaveLength(2);
  });
});
