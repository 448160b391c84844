import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { fromMessageGroupItem, type MessageGroup, messageGroupKeys } from '../entities/message-group.entity';
import { translated } from '../errors';
import type { TableContext } from './table-context';
import { assertUuid } from './validate';

/** A group by uuid, read strongly consistently (membership must never lag a creation); null if absent. */
export async function getMessageGroup(table: TableContext, messageGroupUuid: string): Promise<MessageGroup | null> {
  assertUuid(messageGroupUuid, 'messageGroupUuid');
  const output = await translated(() =>
    table.doc.send(new GetCommand({ TableName: table.tableName, Key: messageGroupKeys.of(messageGroupUuid), ConsistentRead: true })),
  );
  return output.Item ? fromMessageGroupItem(output.Item) : null;
}
