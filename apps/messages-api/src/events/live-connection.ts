import { conversationOf, type LiveDelivery } from '@app/live-events';
import { encodeEventId } from './event-id';
import { commentFrame, eventFrame, idFrame, retryFrame } from './sse-frame';

/** Where a connection writes: the raw HTTP response, or a double in unit specs. */
export interface StreamSink {
  /** Queues a chunk; false when the socket's buffer is over its high-water mark. */
  write(chunk: string): boolean;
  /** Bytes queued and not yet taken by the socket. */
  readonly writableLength: number;
  /** Resolves when the queued bytes have drained, or the stream has closed. */
  drained(): Promise<void>;
  /** Ends the response after what is queued. */
  end(): void;
  /** Drops the connection and what is queued. */
  destroy(): void;
}

export interface LiveConnectionOptions {
  /** Comment heartbeat interval; ≤ 15 s keeps proxies from closing an idle stream. */
  heartbeatMs: number;
  /** `retry:` advice: how long a client waits before reconnecting. */
  retryMs: number;
  /** Queued bytes beyond which a reader counts as too slow and is disconnected (it resumes). */
  maxBufferedBytes: number;
  /** Live events held while a resume replays from DynamoDB; more and the stream ends (it resumes). */
  maxPendingEvents: number;
  /** Message uuids (and conversations) remembered to never send an event twice on this connection. */
  seenCapacity: number;
  now?: () => number;
}

export type CloseReason = 'client_closed' | 'slow_reader' | 'out_of_order' | 'pending_overflow' | 'replay_failed' | 'server_shutdown';

type Verdict = { kind: 'send'; frame: string } | { kind: 'skip' } | { kind: 'out_of_order'; createdAtMs: number };

/** Sets `key` as the newest entry of a bounded map, dropping the oldest entry beyond `capacity`. */
function remember<V>(map: Map<string, V>, key: string, value: V, capacity: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > capacity) map.delete(map.keys().next().value!);
}

/**
 * One open `GET /api/events` stream of one person (think Mattermost's WebConn, Zulip's event
 * queue, without their limits). It owns:
 * - the **resume cursor**: every message event carries `id:` = its created_at (plus the stream's
 *   reconnect key, for ticket streams); a fresh stream starts at "now", a resumed one moves to the
 *   time its replay began once the replay is done;
 * - **dedupe and order**: a bounded seen-set of message uuids and of changes (uuid and revision: an
 *   event is never sent twice on one connection, whether it came from the send path, the worker or
 *   the replay) and the last
 *   message position per conversation. A message older than one already sent in its conversation
 *   (a straggler: a slow commit, a worker delivering what a dead instance never published) cannot
 *   be sent in order any more, so the stream moves the client's resume position before it and
 *   ends: the client reconnects and the replay brings it, in order;
 * - its **buffer**: the socket's own, bounded by `maxBufferedBytes` (a slower reader is
 *   disconnected rather than grown), and while replaying, at most `maxPendingEvents` live events;
 * - its **heartbeat**.
 */
export class LiveConnection {
  private state: 'new' | 'replaying' | 'live' | 'closed' = 'new';
  private pending: LiveDelivery[] = [];
  private readonly seenMessages = new Map<string, true>();
  private readonly lastMessagePosition = new Map<string, string>();
  private readonly lastGroupItem = new Map<string, { createdAt: string; json: string }>();
  private heartbeat?: NodeJS.Timeout;
  private readonly closeListeners: Array<(reason: CloseReason) => void> = [];
  private readonly now: () => number;
  closeReason?: CloseReason;

  constructor(
    readonly person: string,
    private readonly sink: StreamSink,
    private readonly options: LiveConnectionOptions,
    /** Present on streams opened with a ticket: lets their reconnects in (see event-id.ts). */
    private readonly reconnectKey?: string,
  ) {
    this.now = options.now ?? Date.now;
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  get isReplaying(): boolean {
    return this.state === 'replaying';
  }

  onClose(listener: (reason: CloseReason) => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * Starts the stream: `retry:` advice and the heartbeat; then either the current time as the
   * resume position (a fresh stream) or replay mode (a resume: live events wait in `pending`).
   */
  open(mode: 'fresh' | 'resume'): void {
    if (this.state !== 'new') return;
    this.sink.write(retryFrame(this.options.retryMs));
    this.heartbeat = setInterval(() => this.write(commentFrame()), this.options.heartbeatMs);
    this.heartbeat.unref();
    if (mode === 'resume') {
      this.state = 'replaying';
      this.sink.write(commentFrame('replaying'));
    } else {
      this.state = 'live';
      this.write(idFrame(this.idAt(this.now())));
    }
  }

  /** One missed event during a resume, waiting while the client's buffer is full (a replay is paced by its reader). */
  async replay(delivery: LiveDelivery): Promise<void> {
    if (this.state !== 'replaying' || delivery.person !== this.person) return;
    const verdict = this.judge(delivery, false);
    if (verdict.kind !== 'send') return;
    this.sink.write(verdict.frame);
    if (this.sink.writableLength > this.options.maxBufferedBytes) await this.sink.drained();
  }

  /**
   * Ends a resume's replay: the resume position moves to when the replay began (everything before
   * it, less the window, is now sent), then the live events that arrived meanwhile go out, deduplicated.
   */
  finishReplay(replayStartedAtMs: number): void {
    if (this.state !== 'replaying') return;
    this.state = 'live';
    this.write(idFrame(this.idAt(replayStartedAtMs)));
    const pending = this.pending;
    this.pending = [];
    for (const delivery of pending) this.deliver(delivery);
  }

  /** A live event for this person: sent now, held during a replay, or dropped as a duplicate. */
  deliver(delivery: LiveDelivery): void {
    if (this.state === 'closed' || this.state === 'new' || delivery.person !== this.person) return;
    // Typing is ephemeral: stale after a replay, so not held for one.
    if (this.state === 'replaying' && delivery.event === 'typing') return;
    if (this.state === 'replaying') {
      this.pending.push(delivery);
      if (this.pending.length > this.options.maxPendingEvents) this.close('pending_overflow');
      return;
    }
    const verdict = this.judge(delivery, true);
    if (verdict.kind === 'send') this.write(verdict.frame);
    else if (verdict.kind === 'out_of_order') {
      // The client resumes from just before the straggler, and the replay sends it in order.
      this.write(idFrame(this.idAt(verdict.createdAtMs - 1)));
      this.close('out_of_order');
    }
  }

  /** Ends the stream (idempotent); a slow reader's queued bytes are dropped, not flushed. */
  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    clearInterval(this.heartbeat);
    this.pending = [];
    if (reason === 'slow_reader' || reason === 'client_closed') this.sink.destroy();
    else this.sink.end();
    for (const listener of this.closeListeners) listener(reason);
  }

  private judge(delivery: LiveDelivery, withId: boolean): Verdict {
    const conversation = conversationOf(delivery);
    const capacity = this.options.seenCapacity;
    switch (delivery.event) {
      case 'message.created': {
        const { uuid, created_at: createdAt } = delivery.data;
        if (this.seenMessages.has(uuid)) return { kind: 'skip' };
        const position = `${createdAt}#${uuid}`;
        const last = this.lastMessagePosition.get(conversation);
        if (last !== undefined && position < last) {
          return withId ? { kind: 'out_of_order', createdAtMs: Date.parse(createdAt) } : { kind: 'skip' };
        }
        remember(this.seenMessages, uuid, true, capacity);
        remember(this.lastMessagePosition, conversation, position, capacity);
        const id = withId ? this.idAt(Date.parse(createdAt)) : undefined;
        return { kind: 'send', frame: eventFrame({ id, event: delivery.event, data: delivery.data }) };
      }
      case 'message_group.updated': {
        // A conversation-list item only moves forward: an older (or the same) one is stale.
        const json = JSON.stringify(delivery.data);
        const last = this.lastGroupItem.get(conversation);
        if (last && (delivery.data.created_at < last.createdAt || last.json === json)) return { kind: 'skip' };
        remember(this.lastGroupItem, conversation, { createdAt: delivery.data.created_at, json }, capacity);
        return { kind: 'send', frame: eventFrame({ event: delivery.event, data: delivery.data }) };
      }
      case 'message.updated':
      case 'message.deleted': {
        // Each change of a message once (from the API, the worker or a resume's change feed); no `id:`:
        // the resume position is time, and a resume replays the changes after it from the feed.
        const change = `${delivery.data.uuid}@${delivery.data.revision}`;
        if (this.seenMessages.has(change)) return { kind: 'skip' };
        remember(this.seenMessages, change, true, capacity);
        return { kind: 'send', frame: eventFrame({ event: delivery.event, data: delivery.data }) };
      }
      case 'message_group.read':
        return { kind: 'send', frame: eventFrame({ event: delivery.event, data: delivery.data }) };
      case 'typing':
        // Ephemeral: it never takes a resume position (docs/design.md §12), so no `id:`.
        return { kind: 'send', frame: eventFrame({ event: delivery.event, data: delivery.data }) };
    }
  }

  private idAt(positionMs: number): string {
    return encodeEventId({ positionMs, reconnectKey: this.reconnectKey });
  }

  /** Live writes: a reader whose queue is already over the limit is disconnected instead (it resumes from its last id). */
  private write(chunk: string): void {
    if (this.state === 'closed') return;
    if (this.sink.writableLength > this.options.maxBufferedBytes) {
      this.close('slow_reader');
      return;
    }
    this.sink.write(chunk);
  }
}
