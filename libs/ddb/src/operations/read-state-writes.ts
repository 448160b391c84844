import { EntityType } from '../entities/entity';
import type { Message } from '../entities/message.entity';
import { readStateKeys, toReadStateItem } from '../entities/read-state.entity';

/**
 * The read-state writes that ride in a message's own transaction (patterns C and D): the sender has
 * read up to their own message (`readCount` = what the other has sent so far, unread 0, no unread
 * entry); the recipient has one more unread message, in the read state and in the unread entry
 * (ADD creates either when missing). They need no reads: the transaction's condition on the
 * group's `message_count` makes `senderReadCount` current, and ADD is exact because the
 * transaction commits exactly once.
 */
export function readStateWritesOfMessage(tableName: string, message: Message, recipientUuid: string, senderReadCount: number) {
  const group = message.messageGroupUuid;
  const addOneUnread = (key: ReturnType<typeof readStateKeys.of>, entity: string) => ({
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET entity = :entity, owner_user_uuid = :owner, message_group_uuid = :group ADD unread_count :one',
      ExpressionAttributeValues: { ':entity': entity, ':owner': recipientUuid, ':group': group, ':one': 1 },
    },
  });
  return [
    {
      Put: {
        TableName: tableName,
        Item: toReadStateItem({
          ownerUuid: message.sender.uuid,
          messageGroupUuid: group,
          readUpTo: message.createdAt,
          readUpToUuid: message.messageUuid,
          readCount: senderReadCount,
          unreadCount: 0,
        }),
      },
    },
    { Delete: { TableName: tableName, Key: readStateKeys.unreadEntry(message.sender.uuid, group) } },
    addOneUnread(readStateKeys.of(recipientUuid, group), EntityType.ReadState),
    addOneUnread(readStateKeys.unreadEntry(recipientUuid, group), EntityType.UnreadEntry),
  ];
}
