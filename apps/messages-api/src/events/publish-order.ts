interface Reservation {
  position: string;
  state: 'waiting' | 'ready' | 'cancelled';
  run?: () => void;
}

/** A place in a conversation's publishing queue, taken before the message is written. */
export interface PublishSlot {
  /** The message is stored: publish it with `run` once every earlier message of the conversation is out (or given up). */
  ready(run: () => void): void;
  /** The write failed: nothing to publish, and later messages no longer wait for this one. */
  cancel(): void;
}

/**
 * Keeps one instance's live publishes in created_at order within each conversation. Two sends into
 * one conversation can commit, or get their answers back, in the other order than their created_at
 * (DynamoDB latency varies); a stream that has sent the later one can no longer send the earlier in
 * order (it ends, and the client resumes). So each send takes a slot before writing, and its events
 * go out only after those of every earlier slot of the conversation: the wait is at most the slower
 * write. Across instances the stream's own straggler rule remains the safety net.
 */
export class PublishOrder {
  private readonly queues = new Map<string, Reservation[]>();

  reserve(conversation: string, position: string): PublishSlot {
    const reservation: Reservation = { position, state: 'waiting' };
    const queue = this.queues.get(conversation) ?? [];
    // Stamps of one process nearly always come in order; insert in place should they not.
    let index = queue.length;
    while (index > 0 && queue[index - 1].position > position) index--;
    queue.splice(index, 0, reservation);
    this.queues.set(conversation, queue);
    const settle = (state: 'ready' | 'cancelled', run?: () => void) => {
      if (reservation.state !== 'waiting') return;
      reservation.state = state;
      reservation.run = run;
      this.flush(conversation);
    };
    return { ready: (run) => settle('ready', run), cancel: () => settle('cancelled') };
  }

  /** Conversations with sends in flight (for tests: empty when nothing is pending). */
  get pendingConversations(): number {
    return this.queues.size;
  }

  private flush(conversation: string): void {
    const queue = this.queues.get(conversation);
    if (!queue) return;
    while (queue.length > 0 && queue[0].state !== 'waiting') queue.shift()!.run?.();
    if (queue.length === 0) this.queues.delete(conversation);
  }
}
