/** `message_group.read` (docs/design.md §8 and §9): who read how far, for both members' open streams. */
export interface MessageGroupRead {
  message_group_uuid: string;
  /** The reader's handle. */
  handle: string;
  read_up_to: string | null;
  /** Who should hear about it: both members of the conversation, less one who blocks the reader. */
  recipientUuids: string[];
}

/**
 * The port through which a mark-read announces itself, so MarkReadService does not depend on the
 * live events; MessagesApiModule binds it to LiveReadEventsPublisher. Called only when a marker
 * actually moved, after the write committed; it must not throw (a read is stored whatever happens
 * to its announcement).
 */
export abstract class ReadEventsPublisher {
  abstract messageGroupRead(event: MessageGroupRead): void;
}
