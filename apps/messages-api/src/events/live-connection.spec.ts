import type { LiveDelivery } from '@app/live-events';

type Created = Extract<LiveDelivery, { event: 'message.created' }>;
import { decodeEventId } from './event-id';
import { LiveConnection, type LiveConnectionOptions, type StreamSink } from './live-connection';

const ME = '8f1b3c5e-2d4a-4e6f-9a7b-1c2d3e4f5a6b';
const GROUP = '4a410f51-a49e-58f1-bd11-830204adfd95';
const OTHER_GROUP = '5b521062-b5af-59f2-8e22-941315beae06';

let counter = 0;
function created(second: number, group = GROUP, uuid = `0b6f1a2c-3d4e-4f50-8a61-${String(++counter).padStart(12, '0')}`): Created {
  return {
    person: ME,
    event: 'message.created',
    data: {
      message_group_uuid: group,
      uuid,
      display_name: 'Bob',
      handle: 'bob',
      message: `m${counter}`,
      created_at: `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z`,
    },
  };
}

function updated(second: number, message = 'x'): LiveDelivery {
  return {
    person: ME,
    event: 'message_group.updated',
    data: {
      uuid: GROUP,
      display_name: 'Bob',
      handle: 'bob',
      message,
      created_at: `2026-11-21T10:00:${String(second).padStart(2, '0')}.000Z`,
    },
  };
}

/** A sink that records what the connection wrote; `backlog` plays the socket's unsent bytes. */
function fakeSink() {
  const sink = {
    chunks: [] as string[],
    backlog: 0,
    ended: false,
    destroyed: false,
    drainWaits: 0,
    write(chunk: string) {
      sink.chunks.push(chunk);
      return true;
    },
    get writableLength() {
      return sink.backlog;
    },
    async drained() {
      sink.drainWaits += 1;
      sink.backlog = 0;
    },
    end: () => (sink.ended = true),
    destroy: () => (sink.destroyed = true),
  };
  return sink as typeof sink & StreamSink;
}

const OPTIONS: LiveConnectionOptions = {
  heartbeatMs: 60_000,
  retryMs: 1500,
  maxBufferedBytes: 1000,
  maxPendingEvents: 3,
  seenCapacity: 100,
  now: () => Date.parse('2026-11-21T10:01:00.000Z'),
};

/** The events a browser would dispatch, with the Last-Event-ID it would hold after each. */
function dispatched(sink: ReturnType<typeof fakeSink>) {
  const events: Array<{ event: string; data: { uuid?: string; message?: string } }> = [];
  for (const block of sink.chunks.join('').split('\n\n')) {
    const event = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (event && data) events.push({ event, data: JSON.parse(data) });
  }
  return events;
}
const lastId = (sink: ReturnType<typeof fakeSink>) => [...sink.chunks.join('').matchAll(/^id: (.+)$/gm)].at(-1)?.[1];

describe('LiveConnection', () => {
  afterEach(() => jest.useRealTimers());

  it('opens with retry advice and "now" as the resume position', () => {
    const sink = fakeSink();
    new LiveConnection(ME, sink, OPTIONS).open('fresh');
    expect(sink.chunks[0]).toBe('retry: 1500\n\n');
    expect(decodeEventId(lastId(sink)!, Infinity)).toEqual({ positionMs: OPTIONS.now!() });
  });

  it('never sends a message twice on one connection, whichever path it came by', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    const message = created(1);
    connection.deliver(message);
    connection.deliver(message);
    connection.deliver({ ...message, data: { ...message.data } });
    expect(dispatched(sink)).toHaveLength(1);
    expect(decodeEventId(lastId(sink)!, Infinity)?.positionMs).toBe(Date.parse(message.data.created_at));
  });

  it('sends each change of a message once (by revision), without moving the resume position', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    const message = created(1);
    connection.deliver(message);
    const positionAfterMessage = lastId(sink);
    const change = (event: 'message.updated' | 'message.deleted', revision: number, text: string): LiveDelivery => ({
      person: ME,
      event,
      data: { ...message.data, message: text, revision },
    });
    connection.deliver(change('message.updated', 1, 'edited'));
    connection.deliver(change('message.updated', 1, 'edited'));
    connection.deliver(change('message.deleted', 2, ''));
    connection.deliver(change('message.deleted', 2, ''));
    expect(dispatched(sink).map((event) => [event.event, event.data.message])).toEqual([
      ['message.created', message.data.message],
      ['message.updated', 'edited'],
      ['message.deleted', ''],
    ]);
    expect(lastId(sink)).toBe(positionAfterMessage);
  });

  it('drops a stale or repeated conversation-list item, keeps a newer one', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    connection.deliver(updated(5, 'five'));
    connection.deliver(updated(5, 'five'));
    connection.deliver(updated(4, 'four'));
    connection.deliver(updated(6, 'six'));
    expect(dispatched(sink).map((event) => event.data.message)).toEqual(['five', 'six']);
  });

  it('ends the stream at a straggler, with the resume position just before it, instead of sending out of order', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    connection.deliver(created(5));
    connection.deliver(created(9, OTHER_GROUP));
    const straggler = created(3);
    connection.deliver(straggler);
    expect(dispatched(sink)).toHaveLength(2);
    expect(connection.closeReason).toBe('out_of_order');
    expect(sink.ended).toBe(true);
    expect(decodeEventId(lastId(sink)!, Infinity)?.positionMs).toBe(Date.parse(straggler.data.created_at) - 1);
  });

  it('holds live events during a replay, then sends them after it without repeating replayed ones', async () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('resume');
    const [a, b, c] = [created(1), created(2), created(3)];
    connection.deliver(b);
    connection.deliver(c);
    await connection.replay(a);
    await connection.replay(b);
    expect(dispatched(sink).map((event) => event.data.uuid)).toEqual([a.data.uuid, b.data.uuid]);
    connection.finishReplay(Date.parse('2026-11-21T10:00:59.000Z'));
    expect(dispatched(sink).map((event) => event.data.uuid)).toEqual([a, b, c].map((delivery) => delivery.data.uuid));
    expect(decodeEventId(lastId(sink)!, Infinity)?.positionMs).toBe(Date.parse(c.data.created_at));
  });

  it('ends a resume whose held live events outgrow their bound', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('resume');
    for (let i = 0; i < 4; i++) connection.deliver(created(i + 1));
    expect(connection.closeReason).toBe('pending_overflow');
  });

  it('disconnects a reader too slow to keep up instead of queueing more', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    connection.deliver(created(1));
    sink.backlog = 5000;
    connection.deliver(created(2));
    expect(connection.closeReason).toBe('slow_reader');
    expect(sink.destroyed).toBe(true);
    expect(dispatched(sink)).toHaveLength(1);
  });

  it('paces a replay by its reader, waiting for the socket to drain', async () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('resume');
    sink.backlog = 5000;
    await connection.replay(created(1));
    expect(sink.drainWaits).toBe(1);
    expect(connection.isOpen).toBe(true);
  });

  it('forgets the oldest uuids beyond its bound (memory stays flat on a long-lived stream)', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, { ...OPTIONS, seenCapacity: 2 });
    connection.open('fresh');
    const groups = Array.from({ length: 3 }, (_, i) => `4a410f51-a49e-58f1-bd11-83020400000${i}`);
    const first = created(1, groups[0]);
    connection.deliver(first);
    connection.deliver(created(2, groups[1]));
    connection.deliver(created(3, groups[2]));
    connection.deliver(first);
    expect(dispatched(sink)).toHaveLength(4);
  });

  it('ignores events of anyone else', () => {
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, OPTIONS);
    connection.open('fresh');
    connection.deliver({ ...created(1), person: '3a9e7c1d-5b2f-4d8e-a6c4-7f0b2e9d1c3a' });
    expect(dispatched(sink)).toHaveLength(0);
  });

  it('writes a heartbeat comment at its interval and stops it on close', () => {
    jest.useFakeTimers();
    const sink = fakeSink();
    const connection = new LiveConnection(ME, sink, { ...OPTIONS, heartbeatMs: 15_000 });
    connection.open('fresh');
    const before = sink.chunks.length;
    jest.advanceTimersByTime(30_000);
    expect(sink.chunks.slice(before)).toEqual([':\n\n', ':\n\n']);
    connection.close('server_shutdown');
    jest.advanceTimersByTime(30_000);
    expect(sink.chunks.length).toBe(before + 2);
  });
});
