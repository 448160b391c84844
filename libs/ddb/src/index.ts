export { createDynamoDbClients, isLocalEndpoint, type DynamoDbClients } from './client';
export { ddbConfig, type DdbOptions } from './ddb.config';
export { DYNAMODB_CLIENT, DYNAMODB_DOCUMENT_CLIENT } from './ddb.constants';
export { DdbHealthIndicator } from './ddb.health';
export { DdbModule } from './ddb.module';
export { DDB_OPTIONS } from './ddb.module-definition';
export { type Block, blockKeys } from './entities/block.entity';
export { EntityType, type Item, type ItemKey, type PageKey } from './entities/entity';
export {
  fromGroupSummaryItem,
  groupSummaryKeys,
  unreadOf,
  toGroupSummaryItem,
  type GroupSummary,
  type ReadMarkerState,
} from './entities/group-summary.entity';
export {
  fromMessageGroupItem,
  isMember,
  newestMessageOf,
  sentCount,
  messageGroupKeys,
  messageGroupUuidFor,
  otherMember,
  toMessageGroupItem,
  type MessageGroup,
} from './entities/message-group.entity';
export { idempotencyKeys, type IdempotencyRecord } from './entities/idempotency.entity';
export { eventTicketKeys, type EventTicket, type EventTicketReconnect } from './entities/event-ticket.entity';
export {
  createdAtOfMessageUuid,
  fromMessageItem,
  isDeleted,
  isMessageItem,
  messageKeys,
  messageUuidAt,
  toMessageItem,
  type Message,
} from './entities/message.entity';
export type { Person } from './entities/person';
export { noReadState, readStateOf, type ReadState } from './entities/read-state.entity';
export * from './errors';
export { MessagingTable } from './messaging-table';
export { migrateToStableSummaries, type MigrationReport } from './migration/migrate-to-stable-summaries';
export type { FirstMessage, SentMessage } from './operations/create-message-group';
export type { NewMessage, StoredMessage } from './operations/put-message';
export { FIND_MESSAGE_DEPTH } from './operations/find-message';
export type { MarkRead, ReadMarker } from './operations/mark-read';
export type { MessageRef } from './operations/message-changes';
export { messageChangeKeys } from './entities/message-change.entity';
export type { Conversation, UnreadTotals } from './operations/read-state';
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type PageRequest } from './operations/query-page';
export type { SummaryMove, SummaryUpdate } from './operations/update-group-summary';
export { MAX_SINCE_PAGE, type SincePage } from './operations/list-since';
export { MAX_MESSAGE_CHARS } from './operations/validate';
export { defaultLeaseTableName } from './lease-table.definition';
export { defaultDeadLetterTableName } from './dead-letter-table.definition';
export { type DeadLetter, DeadLetterReason, permanentFailureReason } from './dead-letters/dead-letter';
export { DeadLetterStore } from './dead-letters/dead-letter-store';
export { replayDeadLetter, type ReplayOutcome } from './dead-letters/replay-dead-letter';
export {
  entityFromStreamImage,
  messageFromStreamImage,
  profileFromStreamImage,
  type StreamEntity,
  type StreamImage,
} from './stream-record';
export { createDeadLetterTable, createLeaseTable, createTable, describeTable, enableTimeToLive } from './table-admin';
export { ACTIVITY_ATTRIBUTE, CONVERSATION_ACTIVITY_INDEX, messagingTableDefinition } from './table.definition';
export { nowIso } from './time';
export * from './capacity';
export { profileKeys, toProfileItem, type ProfileCopy } from './entities/profile.entity';
export type { ConversationPartner, ProfileCopyWrite } from './operations/profiles';
