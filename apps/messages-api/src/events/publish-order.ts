interface Slot {
  state: 'waiting' | 'ready' | 'done';
  position?: string;
  run?: () => void;
  /** The slots still writing when this one's write came back: any of them may have committed before it. */
  blockers: Set<Slot>;
}

/** A place in a conversation's publishing order, taken before the message is written. */
export interface PublishSlot {
  /** The message is stored at `position` (its sort key): publish it with `run` in position order. */
  ready(position: string, run: () => void): void;
  /** The write failed: nothing to publish, and nothing waits for this one any more. */
  cancel(): void;
}

/**
 * Keeps one instance's live publishes in created_at order within each conversation. Writes into a
 * conversation commit one at a time, in created_at order (libs/ddb put-message), but their answers can
 * come back to this process in another order; a stream that has sent the later message can no longer
 * send the earlier one in order (it would end, and the client resume). So each send takes a slot before
 * writing; when its write comes back, the sends still writing at that moment might have committed before
 * it (and none started later can have), so it waits for them, and what is ready goes out in position
 * order. The wait is at most the slower of concurrent writes into one conversation. Across instances the
 * stream's own straggler rule remains the safety net.
 */
export class PublishOrder {
  private readonly slots = new Map<string, Set<Slot>>();

  reserve(conversation: string): PublishSlot {
    const own = this.slots.get(conversation) ?? new Set<Slot>();
    this.slots.set(conversation, own);
    const slot: Slot = { state: 'waiting', blockers: new Set() };
    own.add(slot);
    return {
      ready: (position, run) => {
        if (slot.state !== 'waiting') return;
        for (const other of own) if (other !== slot && other.state === 'waiting') slot.blockers.add(other);
        Object.assign(slot, { state: 'ready', position, run });
        this.settle(conversation, slot);
      },
      cancel: () => {
        if (slot.state !== 'waiting') return;
        slot.state = 'done';
        own.delete(slot);
        this.settle(conversation, slot);
      },
    };
  }

  /** Conversations with sends in flight (empty when nothing is pending). */
  get pendingConversations(): number {
    return this.slots.size;
  }

  private settle(conversation: string, settled: Slot): void {
    const own = this.slots.get(conversation)!;
    for (const slot of own) slot.blockers.delete(settled);
    // Ready slots go in position order; the first one still blocked holds back the rest.
    const ready = [...own].filter((slot) => slot.state === 'ready').sort((a, b) => (a.position! < b.position! ? -1 : 1));
    for (const slot of ready) {
      if ([...slot.blockers].some((blocker) => blocker.state === 'waiting')) break;
      slot.state = 'done';
      own.delete(slot);
      for (const other of own) other.blockers.delete(slot);
      slot.run!();
    }
    if (own.size === 0) this.slots.delete(conversation);
  }
}
