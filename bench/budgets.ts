/** docs/design.md §7's budgets that `npm run bench` checks. */
export const BUDGETS = {
  /** messages-api's CPU per request over the floor's, per read route. */
  cpuOverFloor: 1.3,
  /** RSS of a built app after its load, in MiB. */
  rssMiB: {
    'messages-api': 150,
    'stream-worker': 120,
    /** On a real Postgres; with the embedded PGlite the general 150 MiB applies. */
    usersOnPostgres: 120,
    users: 150,
  },
  /** Live events (docs/design.md §7): send → the recipient's open stream. */
  live: {
    oneInstanceP50Ms: 10,
    oneInstanceP99Ms: 50,
    acrossInstancesP99Ms: 100,
    /** RSS per idle open stream. */
    idleStreamKiB: 50,
  },
  /** DynamoDB capacity per operation, app + stream-worker + indexes (docs/design.md §7), priced by §3's rules. */
  capacity: {
    sendWcu: 10,
    sendRcu: 2,
    firstMessageWcu: 12,
    markReadWcu: 2,
    /** Mark-read by message_uuid, however old the message. */
    markReadByUuidRcu: 2,
    /** Block (the BLOCK item and the GROUP item's blocked_by, in one transaction) and unblock (docs/design.md §12). */
    blockWcu: 4,
    unblockWcu: 2,
    /** Typing stores nothing; an announced one reads the GROUP item for membership. */
    typingWcu: 0,
    typingRcu: 1,
    /**
     * Edit and delete (docs/design.md §12): the MSG item (1) and both members' change-feed entries
     * (1 + 1) for a message that is not the last one; a delete the other person had not read also
     * writes their summary's deleted-unread set (1 + 1 on the activity index); the last message's
     * change rewrites both summaries (2 × 2). Reads: an edit's GROUP check (1) and the worker's
     * strongly consistent read of both summaries (2).
     */
    changeNonLastWcu: 4,
    deleteUnreadWcu: 5,
    changeLastWcu: 7,
    editRcu: 3,
    deleteRcu: 2,
    /**
     * A profile change (docs/design.md §12): the PROFILE copy (1), then for each conversation of the
     * person the other member's summary (1 + 1 on the activity index, whose key does not change). Reads:
     * one strongly consistent Query of the person's own summaries, ≤ 1 RCU per 5 conversations (≤ ~0.8 KB each).
     */
    renameWcu: 1,
    renameWcuPerConversation: 2,
    renameConversationsPerRcu: 5,
    /** 20 concurrent sends into one DM, on DynamoDB Local. */
    burstP99Ms: 2000,
    /** The original week-5 design's figure per message, for comparison (not a budget). */
    originalWcuPerMessage: 9,
  },
} as const;
