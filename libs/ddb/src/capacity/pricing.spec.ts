import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { messagingTableDefinition } from '../table.definition';
import { attributeValueSize, itemSize, numberSize, type WireItem } from './item-size';
import { indexWriteUnits, priceItemWrite, readUnits, tableShapeOf, writeUnits } from './pricing';

const s = (text: string) => ({ S: text });

describe('item size (the developer guide\'s "Item sizes and formats")', () => {
  it('counts attribute names and string values in UTF-8 bytes', () => {
    expect(itemSize({ pk: s('abc') })).toBe(2 + 3);
    expect(itemSize({ né: s('€') })).toBe(3 + 3);
  });

  it('sizes numbers by their significant digits: ⌈digits / 2⌉ + 1, zeroes at either end trimmed', () => {
    expect(numberSize('7')).toBe(2);
    expect(numberSize('12345')).toBe(4);
    expect(numberSize('-0012.3400')).toBe(3);
    expect(numberSize('1000000')).toBe(2);
  });

  it('sizes binaries by raw bytes, booleans and nulls as 1 byte', () => {
    expect(attributeValueSize({ B: new Uint8Array(10) })).toBe(10);
    expect(attributeValueSize({ BOOL: true })).toBe(1);
    expect(attributeValueSize({ NULL: true })).toBe(1);
  });

  it('gives lists and maps 3 bytes plus 1 per element, and a map its key names', () => {
    expect(attributeValueSize({ L: [] })).toBe(3);
    expect(attributeValueSize({ L: [s('ab'), { N: '1' }] })).toBe(3 + (1 + 2) + (1 + 2));
    expect(attributeValueSize({ M: { ab: s('xyz') } })).toBe(3 + 2 + 1 + 3);
  });

  it('sums the elements of sets', () => {
    expect(attributeValueSize({ SS: ['a', 'bc'] })).toBe(3);
    expect(attributeValueSize({ NS: ['1', '22'] })).toBe(4);
  });
});

describe('units', () => {
  it('writes cost ⌈larger of before and after / 1 KB⌉, at least 1', () => {
    expect(writeUnits(0, 0)).toBe(1);
    expect(writeUnits(0, 1024)).toBe(1);
    expect(writeUnits(1025, 10)).toBe(2);
  });

  it('reads cost ⌈bytes / 4 KB⌉ strongly consistent, half of it eventually consistent', () => {
    expect(readUnits(0, true)).toBe(1);
    expect(readUnits(4097, true)).toBe(2);
    expect(readUnits(4097, false)).toBe(1);
    expect(readUnits(100, false)).toBe(0.5);
  });
});

/** A table with a GSI projected ALL on `group` and a KEYS_ONLY LSI on `at`. */
const definition: CreateTableCommandInput = {
  TableName: 't',
  AttributeDefinitions: [],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    { IndexName: 'by-group', KeySchema: [{ AttributeName: 'group', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
  ],
  LocalSecondaryIndexes: [
    { IndexName: 'by-time', KeySchema: [{ AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
  ],
};
const table = tableShapeOf(definition);
const [gsi, lsi] = table.indexes;
const item = (extra: WireItem = {}): WireItem => ({ pk: s('P'), sk: s('S'), ...extra });

describe('index writes', () => {
  it('reads the indexes from the table definition (GSI keys; an LSI keyed by the table hash key and its range key)', () => {
    expect(table.indexes.map((index) => [index.name, index.kind, index.keyAttributes])).toEqual([
      ['by-group', 'GSI', ['group']],
      ['by-time', 'LSI', ['pk', 'at']],
    ]);
    expect(tableShapeOf(messagingTableDefinition('m')).tableName).toBe('m');
  });

  it('costs nothing for an item in the index neither before nor after (a sparse index)', () => {
    expect(indexWriteUnits(table, gsi, item(), item({ body: s('x') }))).toBe(0);
  });

  it('costs one write of the projected size when the item enters, leaves or changes in the index', () => {
    expect(indexWriteUnits(table, gsi, undefined, item({ group: s('g'), body: s('x'.repeat(1500)) }))).toBe(2);
    expect(indexWriteUnits(table, gsi, item({ group: s('g') }), item())).toBe(1);
    expect(indexWriteUnits(table, gsi, item({ group: s('g'), n: { N: '1' } }), item({ group: s('g'), n: { N: '2' } }))).toBe(1);
  });

  it('costs two writes (delete and put) when the index key changes', () => {
    expect(indexWriteUnits(table, gsi, item({ group: s('g') }), item({ group: s('h') }))).toBe(2);
  });

  it('prices a KEYS_ONLY index by the keys alone, and skips a write that changes nothing it projects', () => {
    const big = s('x'.repeat(3000));
    expect(indexWriteUnits(table, lsi, undefined, item({ at: s('1'), body: big }))).toBe(1);
    expect(indexWriteUnits(table, lsi, item({ at: s('1'), body: s('a') }), item({ at: s('1'), body: big }))).toBe(0);
  });
});

describe('pricing writes', () => {
  it('prices a Put whose item grows past 1 KB at 2 WCU, and its GSI copy at 2 more', () => {
    const before = item({ group: s('g'), body: s('x'.repeat(900)) });
    const after = item({ group: s('g'), body: s('x'.repeat(1100)) });
    expect(itemSize(before)).toBeLessThan(1024);
    expect(itemSize(after)).toBeGreaterThan(1024);
    expect(priceItemWrite({ table, kind: 'Put', before, after, transactional: false, failed: false })).toEqual({
      tableWcu: 2,
      indexWcu: { 'by-group': 2 },
    });
  });

  it('prices a 10-item TransactWriteItems at twice each item, ConditionCheck included, plus index writes once', () => {
    const small = (i: number, extra: WireItem = {}) => ({ pk: s(`P${i}`), sk: s('S'), ...extra });
    const items = [
      // 6 small puts of new items, 2 of them in the GSI
      ...[0, 1, 2, 3, 4, 5].map((i) => ({ kind: 'Put' as const, before: undefined, after: small(i, i < 2 ? { group: s('g') } : {}) })),
      // an update that grows an item in the GSI from 1 KB to 2 KB (by its projection ALL)
      {
        kind: 'Update' as const,
        before: small(6, { group: s('g'), body: s('x'.repeat(1000)) }),
        after: small(6, { group: s('g'), body: s('x'.repeat(2000)) }),
      },
      // a delete of a 3 KB item (priced by the item deleted), in no index
      { kind: 'Delete' as const, before: small(7, { body: s('x'.repeat(3000)) }), after: undefined },
      // two condition checks, priced by the current item's size; they never touch an index
      { kind: 'ConditionCheck' as const, before: small(8, { group: s('g') }), after: small(8, { group: s('g') }) },
      { kind: 'ConditionCheck' as const, before: small(9, { body: s('x'.repeat(1500)) }), after: small(9, { body: s('x'.repeat(1500)) }) },
    ];
    const priced = items.map((entry) => priceItemWrite({ table, ...entry, transactional: true, failed: false }));
    const tableWcu = priced.reduce((sum, price) => sum + price.tableWcu, 0);
    const indexWcu = priced.reduce((sum, price) => sum + Object.values(price.indexWcu).reduce((a, b) => a + b, 0), 0);
    // 6 puts × 2 + update 2 KB × 2 + delete 3 KB × 2 + checks (1 + 2) × 2
    expect(tableWcu).toBe(12 + 4 + 6 + 2 + 4);
    // 2 puts into the GSI + the update's 2 KB copy
    expect(indexWcu).toBe(2 + 2);

    const cancelled = items.map((entry) =>
      priceItemWrite({ table, ...entry, after: entry.before, transactional: true, failed: true, attempted: entry.after }),
    );
    // a cancelled transaction is billed as if it wrote (what each Put would have written); no index changed
    expect(cancelled.reduce((sum, price) => sum + price.tableWcu, 0)).toBe(12 + 4 + 6 + 2 + 4);
    expect(cancelled.every((price) => Object.keys(price.indexWcu).length === 0)).toBe(true);
  });

  it('prices a delete by the item deleted and a failed conditional put as if it wrote', () => {
    const big = item({ body: s('x'.repeat(2500)) });
    expect(priceItemWrite({ table, kind: 'Delete', before: big, after: undefined, transactional: false, failed: false }).tableWcu).toBe(3);
    expect(
      priceItemWrite({ table, kind: 'Put', before: undefined, after: undefined, transactional: false, failed: true, attempted: big })
        .tableWcu,
    ).toBe(3);
  });
});
