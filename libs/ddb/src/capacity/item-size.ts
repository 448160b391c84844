import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** An item as DynamoDB's wire format holds it (what the low-level client sends and returns). */
export type WireItem = Record<string, AttributeValue>;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Bytes of a number by AWS's rule: leading and trailing zeroes trimmed, 1 byte per two significant
 * digits, plus 1 byte ("approximately", the guide says; this is the usual reading of it).
 */
export function numberSize(value: string): number {
  const mantissa = value
    .trim()
    .replace(/^[+-]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
  return Math.ceil(significant / 2) + 1;
}

const binarySize = (value: Uint8Array | string): number =>
  typeof value === 'string' ? Buffer.from(value, 'base64').length : value.byteLength;

/**
 * Bytes of one attribute value (without its name), by the DynamoDB developer guide's "Item sizes and
 * formats": strings and binaries their raw bytes, numbers as `numberSize`, booleans and nulls 1 byte,
 * lists and maps 3 bytes plus 1 byte per element plus the elements (and a map's key names), sets the
 * sum of their elements.
 */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return binarySize(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 0);
  if (value.M !== undefined) {
    return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + utf8Bytes(name) + 1 + attributeValueSize(element), 0);
  }
  if (value.SS !== undefined) return value.SS.reduce((sum, element) => sum + utf8Bytes(element), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, element) => sum + numberSize(element), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, element) => sum + binarySize(element), 0);
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

/** An item's size in bytes as DynamoDB bills it: every attribute's UTF-8 name plus its value. */
export function itemSize(item: WireItem | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8Bytes(name) + attributeValueSize(value), 0);
}
