import {
  type CreateTableCommandInput,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { itemSize, type WireItem } from './item-size';
import { keyOf, type PricedWrite, priceItemWrite, readUnits, type TableShape, tableShapeOf } from './pricing';

/** Capacity one caller spent on one operation, table and indexes apart. */
export interface CapacityTally {
  requests: number;
  tableRcu: number;
  indexRcu: number;
  tableWcu: number;
  indexWcu: number;
}

/** One item a metered request wrote, checked or read, and its price (the meter's itemised bill). */
export interface PricedItem {
  operation: string;
  who: string;
  command: string;
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck' | 'Get' | 'Query' | 'Scan';
  tableName: string;
  indexName?: string;
  /** The item's key (reads of a Query/Scan: the request's key condition instead). */
  key: Record<string, string>;
  beforeBytes: number;
  afterBytes: number;
  failed: boolean;
  rcu: number;
  tableWcu: number;
  indexWcu: Record<string, number>;
}

type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
interface PlannedWrite {
  table: TableShape;
  kind: WriteKind;
  key: WireItem;
  attempted?: WireItem;
}
interface PlannedRead {
  table: TableShape;
  key: WireItem;
  consistent: boolean;
  transactional: boolean;
}

/** The parts of the low-level commands' inputs the meter reads (wire format, after any document marshalling). */
interface WireInput {
  TableName?: string;
  IndexName?: string;
  Item?: WireItem;
  Key?: WireItem;
  ConsistentRead?: boolean;
  RequestItems?: Record<
    string,
    Array<{ PutRequest?: { Item: WireItem }; DeleteRequest?: { Key: WireItem } }> | { Keys?: WireItem[]; ConsistentRead?: boolean }
  >;
  TransactItems?: Array<Record<string, { TableName?: string; Item?: WireItem; Key?: WireItem } | undefined>>;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: WireItem;
  [other: string]: unknown;
}

const emptyTally = (): CapacityTally => ({ requests: 0, tableRcu: 0, indexRcu: 0, tableWcu: 0, indexWcu: 0 });
const keyText = (key: WireItem): Record<string, string> =>
  Object.fromEntries(
    Object.entries(key).map(([name, value]) => [name, String(value.S ?? value.N ?? (value.B ? '<binary>' : JSON.stringify(value)))]),
  );

/** A conditional write that failed or a transaction that was cancelled: billed all the same. */
const isBilledFailure = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException');

/** Keeps only the `#name`s and `:value`s the given expressions use (DynamoDB refuses unused ones). */
function usedBy<T>(map: Record<string, T> | undefined, expressions: Array<string | undefined>): Record<string, T> | undefined {
  if (!map) return undefined;
  const text = expressions.join(' ');
  const kept = Object.entries(map).filter(([token]) => new RegExp(`${token}(?![A-Za-z0-9_])`).test(text));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * Prices every DynamoDB request of the clients it is attached to by AWS's published rules, because
 * DynamoDB Local's ConsumedCapacity under-reports transactions (a 10-item transaction as 2–3 units).
 *
 * For each write it reads the before-image of every item touched (a strongly consistent GetItem
 * through `reader`, an unmetered client, before the request goes out) and the after-image once it
 * returns; for each read it reads again what the request read (whole items: a projection or a filter
 * does not lower the price). The tables are known by their CreateTable definitions (so indexes are
 * priced as the definition declares them); requests to other tables are counted as unpriced.
 *
 * Usage: `meter.attach(client, 'app')` for each client (a DynamoDBDocumentClient shares its
 * client's middleware stack), then `await meter.measure('send', () => ...)`. Outside `measure`,
 * requests pass untouched. Meant for sequential measurements: concurrent writes to the same item
 * blur its before- and after-images.
 */
export class CapacityMeter {
  private readonly tables: Map<string, TableShape>;
  private current: string | null = null;
  private inFlight = 0;
  private readonly tallies = new Map<string, Map<string, CapacityTally>>();
  private readonly log: PricedItem[] = [];
  /** Requests to tables the meter does not know (not priced). */
  unpriced = 0;

  constructor(
    private readonly reader: DynamoDBClient,
    definitions: CreateTableCommandInput[],
  ) {
    this.tables = new Map(definitions.map((definition) => [definition.TableName!, tableShapeOf(definition)]));
  }

  /** Meters every request `client` sends from now on, as spent by `who` (e.g. 'app', 'worker'). */
  attach(client: DynamoDBClient, who: string): void {
    client.middlewareStack.add(
      // The build step sees the wire-format input (a document client has marshalled it by then) once per call, before retries.
      (next, context) => async (args) => {
        const operation = this.current;
        if (operation === null) return next(args);
        this.inFlight += 1;
        try {
          return await this.metered(operation, who, context.commandName ?? 'unknown', args.input as WireInput, () => next(args));
        } finally {
          this.inFlight -= 1;
        }
      },
      { step: 'build', name: `capacityMeter:${who}`, priority: 'high', override: true },
    );
  }

  /** Runs `work` with its requests (and those that trail it) counted under `operation`. */
  async measure<T>(operation: string, work: () => Promise<T>): Promise<T> {
    this.current = operation;
    try {
      const result = await work();
      await this.settled();
      return result;
    } finally {
      this.current = null;
    }
  }

  /** Resolves once no metered request has been in flight for a short while. */
  async settled(quietMs = 50): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.inFlight === 0) return;
    }
  }

  /** Capacity per operation and per caller, summed over everything measured. */
  totals(): Map<string, Map<string, CapacityTally>> {
    return this.tallies;
  }

  /** Every priced item, in order. */
  items(): readonly PricedItem[] {
    return this.log;
  }

  private tally(operation: string, who: string): CapacityTally {
    const byWho = this.tallies.get(operation) ?? new Map<string, CapacityTally>();
    this.tallies.set(operation, byWho);
    const tally = byWho.get(who) ?? emptyTally();
    byWho.set(who, tally);
    return tally;
  }

  private async metered<T>(operation: string, who: string, command: string, input: WireInput, send: () => Promise<T>): Promise<T> {
    const writes = this.plannedWrites(command, input);
    const reads = this.plannedReads(command, input);
    const scans = command === 'QueryCommand' || command === 'ScanCommand';
    if (writes === null && reads === null && !scans) return send(); // not a data request (DescribeTable, say)
    if (!scans && (writes ?? reads ?? []).length === 0) {
      this.unpriced += 1;
      return send();
    }
    const tally = this.tally(operation, who);
    tally.requests += 1;
    const before = await Promise.all((writes ?? []).map((write) => this.currentItem(write.table, write.key)));
    let failure: unknown;
    let result: T | undefined;
    try {
      result = await send();
    } catch (error) {
      if (!isBilledFailure(error)) throw error;
      failure = error;
    }
    const failed = failure !== undefined;
    if (writes) {
      const after = failed ? before : await Promise.all(writes.map((write) => this.currentItem(write.table, write.key)));
      const transactional = command === 'TransactWriteItemsCommand';
      writes.forEach((write, i) => {
        const price = priceItemWrite({
          table: write.table,
          kind: write.kind,
          before: before[i],
          after: after[i],
          transactional,
          failed,
          attempted: write.attempted,
        });
        this.recordWrite(tally, { operation, who, command, write, before: before[i], after: after[i], failed, price });
      });
    }
    if (reads) await this.priceReads(tally, { operation, who, command }, reads);
    if (scans) await this.priceQuery(tally, { operation, who, command }, input);
    if (failed) throw failure;
    return result as T;
  }

  /** The items a write touches, or null when the command is not a write. */
  private plannedWrites(command: string, input: WireInput): PlannedWrite[] | null {
    const known = (name: string | undefined) => (name ? this.tables.get(name) : undefined);
    switch (command) {
      case 'PutItemCommand':
      case 'UpdateItemCommand':
      case 'DeleteItemCommand': {
        const table = known(input.TableName);
        if (!table) return [];
        const kind = command === 'PutItemCommand' ? 'Put' : command === 'UpdateItemCommand' ? 'Update' : 'Delete';
        return [{ table, kind, key: input.Item ? keyOf(table, input.Item) : input.Key!, attempted: input.Item }];
      }
      case 'BatchWriteItemCommand':
        return Object.entries(input.RequestItems ?? {}).flatMap(([tableName, requests]) => {
          const table = known(tableName);
          if (!table || !Array.isArray(requests)) return [];
          return requests.map((request): PlannedWrite =>
            request.PutRequest
              ? { table, kind: 'Put', key: keyOf(table, request.PutRequest.Item), attempted: request.PutRequest.Item }
              : { table, kind: 'Delete', key: request.DeleteRequest!.Key },
          );
        });
      case 'TransactWriteItemsCommand':
        return (input.TransactItems ?? []).flatMap((entry) => {
          const [kind, action] = Object.entries(entry).find(([, value]) => value !== undefined) ?? [];
          const table = known(action?.TableName);
          if (!table || !action) return [];
          return [{ table, kind: kind as WriteKind, key: action.Item ? keyOf(table, action.Item) : action.Key!, attempted: action.Item }];
        });
      default:
        return null;
    }
  }

  /** The items a key-addressed read reads, or null when the command is not one. */
  private plannedReads(command: string, input: WireInput): PlannedRead[] | null {
    switch (command) {
      case 'GetItemCommand': {
        const table = this.tables.get(input.TableName ?? '');
        return table ? [{ table, key: input.Key!, consistent: input.ConsistentRead === true, transactional: false }] : [];
      }
      case 'BatchGetItemCommand':
        return Object.entries(input.RequestItems ?? {}).flatMap(([tableName, request]) => {
          const table = this.tables.get(tableName);
          if (!table || Array.isArray(request)) return [];
          return (request.Keys ?? []).map((key) => ({ table, key, consistent: request.ConsistentRead === true, transactional: false }));
        });
      case 'TransactGetItemsCommand':
        return (input.TransactItems ?? []).flatMap((entry) => {
          const get = entry.Get;
          const table = this.tables.get(get?.TableName ?? '');
          return table && get?.Key ? [{ table, key: get.Key, consistent: true, transactional: true }] : [];
        });
      default:
        return null;
    }
  }

  private async currentItem(table: TableShape, key: WireItem): Promise<WireItem | undefined> {
    const { Item } = await this.reader.send(new GetItemCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
    return Item;
  }

  private recordWrite(
    tally: CapacityTally,
    entry: {
      operation: string;
      who: string;
      command: string;
      write: PlannedWrite;
      before?: WireItem;
      after?: WireItem;
      failed: boolean;
      price: PricedWrite;
    },
  ): void {
    const { write, price } = entry;
    const indexWcu = Object.values(price.indexWcu).reduce((sum, units) => sum + units, 0);
    tally.tableWcu += price.tableWcu;
    tally.indexWcu += indexWcu;
    this.log.push({
      operation: entry.operation,
      who: entry.who,
      command: entry.command,
      kind: write.kind,
      tableName: write.table.tableName,
      key: keyText(write.key),
      beforeBytes: itemSize(entry.before),
      afterBytes: itemSize(entry.after),
      failed: entry.failed,
      rcu: 0,
      tableWcu: price.tableWcu,
      indexWcu: price.indexWcu,
    });
  }

  /** Key-addressed reads: each item ⌈size / 4 KB⌉ (a missing one the minimum), half if eventually consistent, double if transactional. */
  private async priceReads(
    tally: CapacityTally,
    request: { operation: string; who: string; command: string },
    reads: PlannedRead[],
  ): Promise<void> {
    const items = await Promise.all(reads.map((read) => this.currentItem(read.table, read.key)));
    reads.forEach((read, i) => {
      const bytes = itemSize(items[i]);
      const rcu = (read.transactional ? 2 : 1) * readUnits(bytes, read.consistent || read.transactional);
      tally.tableRcu += rcu;
      this.log.push({
        ...request,
        kind: 'Get',
        tableName: read.table.tableName,
        key: keyText(read.key),
        beforeBytes: bytes,
        afterBytes: bytes,
        failed: false,
        rcu,
        tableWcu: 0,
        indexWcu: {},
      });
    });
  }

  /**
   * Query and Scan: the request is run again without its filter and projection (DynamoDB bills the
   * items it reads, not those it returns), and the sizes of the items read are summed per request:
   * ⌈sum / 4 KB⌉, half if eventually consistent. From an index, the items are its projections.
   */
  private async priceQuery(
    tally: CapacityTally,
    request: { operation: string; who: string; command: string },
    input: WireInput,
  ): Promise<void> {
    const table = this.tables.get(input.TableName ?? '');
    if (!table) {
      this.unpriced += 1;
      return;
    }
    const expressions = [input.KeyConditionExpression];
    const probe = {
      TableName: input.TableName,
      IndexName: input.IndexName,
      KeyConditionExpression: input.KeyConditionExpression,
      KeyConditions: input.KeyConditions,
      ExpressionAttributeNames: usedBy(input.ExpressionAttributeNames, expressions),
      ExpressionAttributeValues: usedBy(input.ExpressionAttributeValues, expressions),
      ExclusiveStartKey: input.ExclusiveStartKey,
      Limit: input.Limit,
      ScanIndexForward: input.ScanIndexForward,
      ConsistentRead: input.ConsistentRead,
      Segment: input.Segment,
      TotalSegments: input.TotalSegments,
    };
    const { Items } =
      request.command === 'QueryCommand'
        ? await this.reader.send(new QueryCommand(probe as QueryCommandInput))
        : await this.reader.send(new ScanCommand(probe as ScanCommandInput));
    const bytes = (Items ?? []).reduce((sum, item) => sum + itemSize(item), 0);
    const rcu = readUnits(bytes, input.ConsistentRead === true);
    if (input.IndexName) tally.indexRcu += rcu;
    else tally.tableRcu += rcu;
    const condition = input.ExpressionAttributeValues ? keyText(usedBy(input.ExpressionAttributeValues, expressions) ?? {}) : {};
    this.log.push({
      ...request,
      kind: request.command === 'QueryCommand' ? 'Query' : 'Scan',
      tableName: table.tableName,
      ...(input.IndexName ? { indexName: input.IndexName } : {}),
      key: condition,
      beforeBytes: bytes,
      afterBytes: bytes,
      failed: false,
      rcu,
      tableWcu: 0,
      indexWcu: {},
    });
  }
}
