import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Item } from './entities/entity';
import { isMessageItem, type Message, parseMessageItem } from './entities/message.entity';

/** A stream record's image as DynamoDB Streams (SDK) or a Lambda event carries it: typed attribute values. */
export type StreamImage = Record<string, unknown>;

/** A stream image as a plain item (`{ S: 'x' }` → `'x'`); the Lambda event's JSON has the SDK's shape. */
export function itemFromStreamImage(image: StreamImage): Item {
  return unmarshall(image as Record<string, AttributeValue>);
}

/**
 * The message a stream image holds, or null when the image is another entity (GRP, GROUP). A MSG
 * image that does not parse is a CorruptItemError: it will never apply, so callers fail it at once.
 */
export function messageFromStreamImage(image: StreamImage | undefined): Message | null {
  if (!image) return null;
  const item = itemFromStreamImage(image);
  return isMessageItem(item) ? parseMessageItem(item) : null;
}
