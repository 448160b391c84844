import type { CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import { itemSize, type WireItem } from './item-size';

export const WRITE_UNIT_BYTES = 1024;
export const READ_UNIT_BYTES = 4096;

/** One secondary index as pricing needs it: which attributes put an item in it, and what it copies. */
export interface IndexShape {
  name: string;
  kind: 'GSI' | 'LSI';
  /** All of them present on an item = the item is in the index (a sparse index skips the others). */
  keyAttributes: string[];
  projection: Projection;
}

/** A table as pricing needs it, read from its CreateTable definition so it follows the definition. */
export interface TableShape {
  tableName: string;
  keyAttributes: string[];
  indexes: IndexShape[];
}

const names = (schema: KeySchemaElement[] | undefined): string[] => (schema ?? []).map((element) => element.AttributeName!);

/** The shape of a table from the same CreateTableCommandInput that creates it. */
export function tableShapeOf(definition: CreateTableCommandInput): TableShape {
  const keyAttributes = names(definition.KeySchema);
  const hashKey = (definition.KeySchema ?? []).find((element) => element.KeyType === 'HASH')?.AttributeName;
  const indexes: IndexShape[] = [
    ...(definition.GlobalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName!,
      kind: 'GSI' as const,
      keyAttributes: names(index.KeySchema),
      projection: index.Projection ?? { ProjectionType: 'ALL' },
    })),
    ...(definition.LocalSecondaryIndexes ?? []).map((index) => ({
      name: index.IndexName!,
      kind: 'LSI' as const,
      keyAttributes: [...new Set([...(hashKey ? [hashKey] : []), ...names(index.KeySchema)])],
      projection: index.Projection ?? { ProjectionType: 'ALL' },
    })),
  ];
  return { tableName: definition.TableName!, keyAttributes, indexes };
}

/** The item's primary key (the table's key attributes of it). */
export function keyOf(table: TableShape, item: WireItem): WireItem {
  return Object.fromEntries(table.keyAttributes.map((name) => [name, item[name]]));
}

/** Write units of one item write: ⌈larger of before and after / 1 KB⌉, at least 1. */
export function writeUnits(beforeBytes: number, afterBytes: number): number {
  return Math.max(1, Math.ceil(Math.max(beforeBytes, afterBytes) / WRITE_UNIT_BYTES));
}

/** Read units of `bytes` read in one go: ⌈bytes / 4 KB⌉ (at least 1), half of it when eventually consistent. */
export function readUnits(bytes: number, consistentRead: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistentRead ? units : units / 2;
}

const inIndex = (index: IndexShape, item: WireItem | undefined): item is WireItem =>
  item !== undefined && index.keyAttributes.every((name) => item[name] !== undefined);

/** What an index holds of an item: all of it, its keys, or its keys plus the included attributes. */
export function projectedItem(table: TableShape, index: IndexShape, item: WireItem): WireItem {
  if (index.projection.ProjectionType === 'ALL') return item;
  const kept = new Set([...table.keyAttributes, ...index.keyAttributes, ...(index.projection.NonKeyAttributes ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([name]) => kept.has(name)));
}

/** A stable text of a value (object keys sorted), to tell whether two images differ. */
function canonical(value: unknown): string {
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('base64')}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when the two images hold the same attributes and values. */
export function sameItem(a: WireItem | undefined, b: WireItem | undefined): boolean {
  return canonical(a ?? null) === canonical(b ?? null);
}

/** One index's write units for an item going from `before` to `after` (either may be absent). */
export function indexWriteUnits(table: TableShape, index: IndexShape, before: WireItem | undefined, after: WireItem | undefined): number {
  const wasIn = inIndex(index, before);
  const isIn = inIndex(index, after);
  const units = (item: WireItem) => writeUnits(0, itemSize(projectedItem(table, index, item)));
  if (wasIn && isIn) {
    const keyChanged = index.keyAttributes.some((name) => !sameItem({ v: before[name] }, { v: after[name] }));
    if (keyChanged) return units(before) + units(after); // a delete of the old entry and a put of the new one
    const [old, now] = [projectedItem(table, index, before), projectedItem(table, index, after)];
    return sameItem(old, now) ? 0 : writeUnits(itemSize(old), itemSize(now));
  }
  if (wasIn) return units(before);
  if (isIn) return units(after);
  return 0;
}

/** One item written (or checked) and what it costs. */
export interface PricedWrite {
  tableWcu: number;
  /** Write units per index (only those the item is in before or after). */
  indexWcu: Record<string, number>;
}

/**
 * Prices one item of a write by AWS's rules: ⌈max(before, after) / 1 KB⌉ on the table, doubled inside
 * TransactWriteItems (a ConditionCheck too, by the item's current size), plus each index the item is
 * in before or after at its projected size (two writes when the index key changes). A write that
 * failed its condition, or sat in a cancelled transaction, is billed as if it wrote (its table units;
 * no index changed). `attempted` is the item a Put would have written.
 */
export function priceItemWrite(input: {
  table: TableShape;
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  before: WireItem | undefined;
  after: WireItem | undefined;
  transactional: boolean;
  failed: boolean;
  attempted?: WireItem;
}): PricedWrite {
  const { table, kind, before, after, transactional, failed } = input;
  const factor = transactional ? 2 : 1;
  const beforeBytes = itemSize(before);
  const afterBytes = kind === 'Delete' || kind === 'ConditionCheck' ? 0 : failed ? itemSize(input.attempted) : itemSize(after);
  const tableWcu = factor * writeUnits(beforeBytes, afterBytes);
  const indexWcu: Record<string, number> = {};
  if (!failed && kind !== 'ConditionCheck') {
    for (const index of table.indexes) {
      const units = indexWriteUnits(table, index, before, kind === 'Delete' ? undefined : after);
      if (units > 0) indexWcu[index.name] = units;
    }
  }
  return { tableWcu, indexWcu };
}
