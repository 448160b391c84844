import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Item } from './entities/entity';
import { isMessageItem, type Message, parseMessageItem } from './entities/message.entity';
import { fromProfileItem, isProfileItem, type ProfileCopy } from './entities/profile.entity';

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

/** The profile copy a stream image holds, or null when the image is another entity; a PROFILE image that does not parse is a CorruptItemError. */
export function profileFromStreamImage(image: StreamImage | undefined): ProfileCopy | null {
  if (!image) return null;
  const item = itemFromStreamImage(image);
  return isProfileItem(item) ? fromProfileItem(item) : null;
}

/** What the stream-worker acts on in an image, read once: a message, a profile copy, or null (another entity). Corrupt ones throw. */
export type StreamEntity = { message: Message; profile?: undefined } | { profile: ProfileCopy; message?: undefined } | null;

export function entityFromStreamImage(image: StreamImage): StreamEntity {
  const item = itemFromStreamImage(image);
  if (isMessageItem(item)) return { message: parseMessageItem(item) };
  if (isProfileItem(item)) return { profile: fromProfileItem(item) };
  return null;
}
