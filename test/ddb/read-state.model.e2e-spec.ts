import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Message, migrateToStableSummaries, type Person } from '@app/ddb';
import type { UsersClient } from '@app/users-client';
import type { Caller } from '../../apps/messages-api/src/auth/caller.decorator';
import { EditMessageService } from '../../apps/messages-api/src/edit-message/edit-message.service';
import { GetMessageGroupService } from '../../apps/messages-api/src/get-message-group/get-message-group.service';
import { ListMessageGroupsService } from '../../apps/messages-api/src/list-message-groups/list-message-groups.service';
import { MarkReadService } from '../../apps/messages-api/src/mark-read/mark-read.service';
import type { MessageGroupRead, ReadEventsPublisher } from '../../apps/messages-api/src/mark-read/read-events.publisher';
import { SendMessageService } from '../../apps/messages-api/src/send-message/send-message.service';
import { UnreadService } from '../../apps/messages-api/src/unread/unread.service';
import type { GroupEventsPublisher } from '../../apps/stream-worker/src/events/group-events.publisher';
import type { LivePublisher } from '../../apps/messages-api/src/events/live-publisher';
import type { InboundLimit } from '../../apps/messages-api/src/rate-limit/inbound-limit';
import { UpdateGroupSummariesService } from '../../apps/stream-worker/src/group-summaries/update-group-summaries.service';
import { StreamMetrics } from '../../apps/stream-worker/src/metrics/stream-metrics';
import type { ChangeRecord } from '../../apps/stream-worker/src/record-processing/change-record';
import { createTestTable, type TestTable, useTestTable } from '../helpers/ddb';
import { createOldShapeTable } from '../helpers/old-shape-table';
import { aPerson } from '../helpers/people';
import { streamRecords } from '../helpers/stream-records';
import { waitFor } from '../helpers/wait-for';

/**
 * Model-based test of read state (docs/design.md §9, "Exact", and §12): random interleavings of sends by both
 * people, mark-reads from several devices (to the newest, to an earlier message), edits and deletes of
 * read and unread messages by their senders (concurrent with mark-reads too), concurrent pairs
 * of them, stream replays (new messages' and changes' records) (the table's own stream records through pattern E's record processor,
 * duplicated and reordered) and a worker restarted mid-batch, against a model that knows only
 * which messages exist in which order and where each marker is, and a migration from the data
 * model before stable summaries in the middle of it all. After every command the counts
 * the API shows are never negative; then pattern E catches up with the stream (the settled state
 * docs/design.md §9 promises exactness for) and every count is read back through the real services
 * and compared with the model; the summaries must show the model's newest message too.
 *
 * Replay a failure with the seed and path it prints: READ_STATE_SEED=… READ_STATE_PATH=… npx jest <this file>.
 */

const NUM_RUNS = 10;
const MAX_COMMANDS = 12;

interface ModelMessage {
  uuid: string;
  senderUuid: string;
  createdAt: string;
  /** Its current text ('' once deleted). */
  text: string;
  deleted: boolean;
  /** How many edits and deletes it had (0: as sent). */
  revision: number;
  /** The revision of the edit whose text it shows (0: as sent). */
  textRevision: number;
}

interface ModelGroup {
  uuid: string;
  members: [Person, Person];
  /** In conversation order (created_at order: the real system must agree, see the settle check). */
  messages: ModelMessage[];
  /** created_at of each member's marker, or null. */
  readUpTo: Record<string, string | null>;
  /** Edits and deletes that changed a message (each one a MODIFY record in the stream). */
  changes: number;
}

interface Model {
  people: Person[];
  groups: ModelGroup[];
}

interface Real {
  db: TestTable;
  /** Points every service at another table (after a migration). */
  moveTo(db: TestTable): void;
  send: (movesSummaries: boolean) => SendMessageService;
  change: EditMessageService;
  list: ListMessageGroupsService;
  get: GetMessageGroupService;
  unread: UnreadService;
  markRead: MarkReadService;
  processor: UpdateGroupSummariesService;
  readEvents: MessageGroupRead[];
}

const asCaller = (person: Person): Caller => ({ uuid: person.uuid, handle: person.handle, display_name: person.displayName });
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

function unreadOf(group: ModelGroup, personUuid: string): number {
  const marker = group.readUpTo[personUuid];
  return group.messages.filter(
    (message) => message.senderUuid !== personUuid && !message.deleted && (marker === null || message.createdAt > marker),
  ).length;
}

function insertMessage(group: ModelGroup, message: ModelMessage): void {
  group.messages.push(message);
  group.messages.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  // Sending marks the sender read up to the message.
  group.readUpTo[message.senderUuid] = later(group.readUpTo[message.senderUuid], message.createdAt);
}

/** One operation of a person on a group; `concurrent` = it runs alongside another, so its own answer is checked only loosely. */
interface Operation {
  describe(model: Model): string;
  execute(model: Model, real: Real, concurrent: boolean): Promise<void>;
}

class Send implements Operation {
  constructor(
    readonly groupIndex: number,
    readonly senderIndex: 0 | 1,
    readonly movesSummaries: boolean,
  ) {}

  describe(): string {
    return `Send(g${this.groupIndex}, m${this.senderIndex}${this.movesSummaries ? ', moves' : ''})`;
  }

  async execute(model: Model, real: Real): Promise<void> {
    const group = model.groups[this.groupIndex];
    const sender = group.members[this.senderIndex];
    const text = `${sender.handle} #${group.messages.length + 1}`;
    const newestBefore = group.messages.at(-1)!;
    const sent = await real.send(this.movesSummaries).send(asCaller(sender), { message: text, message_group_uuid: group.uuid });
    // Never earlier than anything committed before it started.
    expect(sent.created_at > newestBefore.createdAt).toBe(true);
    insertMessage(group, {
      uuid: sent.uuid,
      senderUuid: sender.uuid,
      createdAt: sent.created_at,
      text,
      deleted: false,
      revision: 0,
      textRevision: 0,
    });
  }
}

/**
 * The sender edits or deletes one of their messages (picked by `target`, a fraction of their
 * messages existing now; an already deleted one too: deleting it again changes nothing, editing
 * it is refused). The counts are checked once the stream has been applied (catchUp).
 */
class Change implements Operation {
  constructor(
    readonly kind: 'edit' | 'delete',
    readonly groupIndex: number,
    readonly senderIndex: 0 | 1,
    readonly target: number,
  ) {}

  private pick(model: Model): ModelMessage | undefined {
    const group = model.groups[this.groupIndex];
    const mine = group.messages.filter((message) => message.senderUuid === group.members[this.senderIndex].uuid);
    return mine[Math.floor(this.target * mine.length)];
  }

  describe(model: Model): string {
    const group = model.groups[this.groupIndex];
    const picked = this.pick(model);
    return `${this.kind === 'edit' ? 'Edit' : 'Delete'}(g${this.groupIndex}, m${this.senderIndex}, #${picked ? group.messages.indexOf(picked) + 1 : '-'})`;
  }

  /**
   * Alone, each outcome is exact: an edit takes the next revision, an edit of a deleted message is
   * refused. Alongside another change of the same message (`concurrent`), either may commit first:
   * an edit may then find it deleted; the model counts each change that took effect (the revision),
   * keeps the text of the highest edit, and a deletion wins over any edit's text.
   */
  async execute(model: Model, real: Real, concurrent: boolean): Promise<void> {
    const group = model.groups[this.groupIndex];
    const sender = asCaller(group.members[this.senderIndex]);
    const message = this.pick(model);
    if (!message) return;
    if (this.kind === 'delete') {
      await real.change.delete(sender, group.uuid, message.uuid);
      if (message.deleted) return;
      Object.assign(message, { deleted: true, text: '', revision: message.revision + 1 });
    } else {
      const text = `${message.text || 'gone'} (edited)`;
      if (message.deleted) {
        await expect(real.change.edit(sender, group.uuid, message.uuid, text)).rejects.toMatchObject({ code: 'message_deleted' });
        return;
      }
      let edited;
      try {
        edited = await real.change.edit(sender, group.uuid, message.uuid, text);
      } catch (error) {
        if (concurrent && (error as { code?: string }).code === 'message_deleted') return;
        throw error;
      }
      if (!concurrent) expect(edited.revision).toBe(message.revision + 1);
      if (!message.deleted && edited.revision > message.textRevision) Object.assign(message, { text, textRevision: edited.revision });
      message.revision += 1;
    }
    group.changes += 1;
  }
}

class MarkRead implements Operation {
  /** `target` null = up to the newest; else a fraction picking one of the messages existing now. */
  constructor(
    readonly groupIndex: number,
    readonly readerIndex: 0 | 1,
    readonly target: number | null,
  ) {}

  describe(model: Model): string {
    const group = model.groups[this.groupIndex];
    const at = this.target === null ? 'newest' : `#${Math.floor(this.target * group.messages.length) + 1}`;
    return `MarkRead(g${this.groupIndex}, m${this.readerIndex}, ${at})`;
  }

  async execute(model: Model, real: Real, concurrent: boolean): Promise<void> {
    const group = model.groups[this.groupIndex];
    const reader = group.members[this.readerIndex];
    const target = this.target === null ? undefined : group.messages[Math.floor(this.target * group.messages.length)];
    const before = group.readUpTo[reader.uuid];
    const newestBefore = group.messages.at(-1)!.createdAt;
    const result = await real.markRead.markRead(asCaller(reader), group.uuid, target?.uuid);
    const expectedMarker = later(before, target ? target.createdAt : newestBefore);
    expect(result.unread_count).toBeGreaterThanOrEqual(0);
    if (concurrent) {
      // Another operation may have moved things meanwhile: the marker is at least where this one put it.
      expect(result.read_up_to! >= expectedMarker!).toBe(true);
    } else {
      expect(result.read_up_to).toBe(expectedMarker);
    }
    group.readUpTo[reader.uuid] = later(group.readUpTo[reader.uuid], result.read_up_to);
    if (!concurrent) expect(result.unread_count).toBe(unreadOf(group, reader.uuid));
  }
}

type Command = fc.AsyncCommand<Model, Real>;

/** Runs one operation alone. */
class Alone implements Command {
  constructor(readonly operation: Operation) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    this.label = this.operation.describe(model);
    await this.operation.execute(model, real, false);
    await catchUp(model, real);
  }
  label = '';
  toString = () => this.label || 'Alone';
}

/**
 * Two operations at once (Promise.all): the model applies each one's outcome as it returns; the
 * real system must end in a state the model agrees with, whatever order they committed in.
 */
class Together implements Command {
  constructor(
    readonly first: Operation,
    readonly second: Operation,
  ) {}
  check = () => true;
  label = '';
  async run(model: Model, real: Real): Promise<void> {
    this.label = `Together(${this.first.describe(model)}, ${this.second.describe(model)})`;
    // Both read the model as it was before either ran; each applies its own outcome.
    await Promise.all([this.first.execute(model, real, true), this.second.execute(model, real, true)]);
    await catchUp(model, real);
  }
  toString = () => this.label || 'Together';
}

/** The stream records of the model's messages and of their changes seen so far, as the worker would get them. */
async function messageRecords(model: Model, real: Real): Promise<ChangeRecord[]> {
  const groups = new Set(model.groups.map((group) => group.uuid));
  return (await streamRecords(real.db))
    .filter(
      (record) =>
        (record.eventName === 'INSERT' || record.eventName === 'MODIFY') &&
        record.newImage?.entity?.S === 'MSG' &&
        groups.has(record.newImage.message_group_uuid?.S ?? ''),
    )
    .map((record) => ({
      sequenceNumber: record.sequenceNumber,
      eventName: record.eventName as 'INSERT' | 'MODIFY',
      newImage: record.newImage,
    }));
}

/** `uuid@revision` of a record's message, or of a model message: what the records so far have shown of it. */
const versionOfRecord = (record: ChangeRecord) =>
  `${(record.newImage?.message_uuid as { S?: string } | undefined)?.S}@${(record.newImage?.revision as { N?: string } | undefined)?.N ?? 0}`;
const versionOf = (message: ModelMessage) => `${message.uuid}@${message.revision}`;

/** Replays the stream so far through pattern E, reordered by `order` and with some records twice. */
class StreamReplay implements Command {
  constructor(
    readonly order: number[],
    readonly duplicates: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const records = await messageRecords(model, real);
    const rank = (index: number) => this.order[index % this.order.length] * 1e6 + index;
    const shuffled = records
      .map((record, index) => ({ record, at: rank(index) }))
      .sort((x, y) => x.at - y.at)
      .map(({ record }) => record);
    const batch = [...shuffled, ...shuffled.slice(0, this.duplicates)];
    const outcomes = await real.processor.processRecords(batch);
    expect(outcomes.every((outcome) => outcome.kind === 'applied')).toBe(true);
    await checkCounts(model, real);
    await checkSummaries(model, real, records);
  }
  toString = () => `StreamReplay(order ${this.order.join('/')}, +${this.duplicates} duplicates)`;
}

/** A worker killed mid-batch: it applied a prefix and never checkpointed, so the whole batch comes again. */
class WorkerRestart implements Command {
  constructor(readonly prefix: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const records = await messageRecords(model, real);
    await real.processor.processRecords(records.slice(0, Math.floor(this.prefix * records.length)));
    await checkCounts(model, real);
    const outcomes = await real.processor.processRecords(records);
    expect(outcomes.every((outcome) => outcome.kind === 'applied')).toBe(true);
    await checkCounts(model, real);
    await checkSummaries(model, real, records);
  }
  toString = () => `WorkerRestart(prefix ${this.prefix.toFixed(2)})`;
}

/**
 * The table is rewritten in the shape of the model before stable summaries (time-keyed GRP items
 * without markers, read state on MEMBER items with UNREAD entries, each summary where it stood, a
 * lagging one too) and moved back with `npm run ddb -- migrate`'s migration into a fresh table,
 * where everything goes on: every count must be what it was, and stay exact afterwards.
 */
class MigrateMidway implements Command {
  // The data model before stable summaries had no edits or deletes: a table is migrated before any.
  check = (model: Readonly<Model>) => model.groups.every((group) => group.changes === 0);
  async run(model: Model, real: Real): Promise<void> {
    const old = await createOldShapeTable(real.db.client, real.db.doc);
    try {
      await old.put(await oldShapeItems(model, real));
      const fresh = await createTestTable();
      migratedTables.push(fresh);
      const report = await migrateToStableSummaries(fresh.doc, old.tableName, fresh.tableName);
      expect(report.skipped).toEqual([]);
      real.moveTo(fresh);
    } finally {
      await old.drop();
    }
    await checkCounts(model, real);
  }
  toString = () => 'MigrateMidway';
}

/** Tables made by MigrateMidway, dropped after the test. */
const migratedTables: TestTable[] = [];

/** The model's conversations as the model before stable summaries stored them, from what the table holds now. */
async function oldShapeItems(model: Model, real: Real): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  const query = async (pk: string) =>
    (
      await real.db.doc.send(
        new QueryCommand({
          TableName: real.db.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  for (const group of model.groups) {
    items.push(...(await query(`MSG#${group.uuid}`)));
    const [groupItem] = await query(`GROUP#${group.uuid}`);
    items.push(groupItem);
    for (const member of group.members) {
      const summary = (await real.db.table.readStates(member.uuid, [group.uuid])).get(group.uuid)!;
      const [grp] = (await query(`GRP#${member.uuid}`)).filter((item) => item.message_group_uuid === group.uuid);
      const other = group.members.find((candidate) => candidate.uuid !== member.uuid)!;
      items.push({
        pk: `GRP#${member.uuid}`,
        sk: `${grp.last_message_at}#${group.uuid}`,
        entity: 'GRP',
        owner_user_uuid: member.uuid,
        message_group_uuid: group.uuid,
        message: grp.message,
        last_message_at: grp.last_message_at,
        user_uuid: grp.user_uuid,
        user_display_name: grp.user_display_name,
        user_handle: grp.user_handle,
      });
      const unread = Math.max(0, ((groupItem.sent_counts as Record<string, number>)[other.uuid] ?? 0) - summary.readCount);
      items.push({
        pk: `MEMBER#${member.uuid}`,
        sk: `GROUP#${group.uuid}`,
        entity: 'MEMBER',
        owner_user_uuid: member.uuid,
        message_group_uuid: group.uuid,
        ...(summary.readUpTo ? { read_up_to: summary.readUpTo, read_up_to_uuid: summary.readUpToUuid } : {}),
        read_count: summary.readCount,
        unread_count: unread,
      });
      if (unread > 0)
        items.push({
          pk: `MEMBER#${member.uuid}`,
          sk: `UNREAD#${group.uuid}`,
          entity: 'UNREAD',
          owner_user_uuid: member.uuid,
          message_group_uuid: group.uuid,
          unread_count: unread,
        });
    }
  }
  return items;
}

/** Before pattern E caught up, counts may lag (never negative); then the worker applies the stream so far and every count is exact. */
async function catchUp(model: Model, real: Real): Promise<void> {
  for (const person of model.people) {
    for (const item of (await real.list.list(asCaller(person), { limit: 100 })).items) expect(item.unread_count).toBeGreaterThanOrEqual(0);
  }
  const records = await streamOfModel(model, real);
  const outcomes = await real.processor.processRecords(records);
  expect(outcomes.every((outcome) => outcome.kind === 'applied')).toBe(true);
  await checkCounts(model, real);
}

/** Every count the API shows, read through the real services, against the model; none negative. */
async function checkCounts(model: Model, real: Real): Promise<void> {
  for (const person of model.people) {
    const mine = model.groups.filter((group) => group.members.some((member) => member.uuid === person.uuid));
    const listed = await real.list.list(asCaller(person), { limit: 100 });
    for (const group of mine) {
      const expected = unreadOf(group, person.uuid);
      const item = listed.items.find((candidate) => candidate.uuid === group.uuid);
      expect({ person: person.handle, group: group.uuid, unread: item?.unread_count }).toEqual({
        person: person.handle,
        group: group.uuid,
        unread: expected,
      });
      const other = group.members.find((member) => member.uuid !== person.uuid)!;
      const one = await real.get.get(asCaller(person), group.uuid);
      expect({ person: person.handle, unread: one.unread_count, otherReadUpTo: one.other_read_up_to }).toEqual({
        person: person.handle,
        unread: expected,
        otherReadUpTo: group.readUpTo[other.uuid],
      });
    }
    for (const item of listed.items) expect(item.unread_count).toBeGreaterThanOrEqual(0);
    const unreadCounts = mine.map((group) => unreadOf(group, person.uuid));
    expect({ person: person.handle, totals: await real.unread.totals(asCaller(person)) }).toEqual({
      person: person.handle,
      totals: { unread_count: unreadCounts.reduce((a, b) => a + b, 0), unread_conversations: unreadCounts.filter((n) => n > 0).length },
    });
  }
}

/**
 * After pattern E has seen `records`: every group whose messages (as they are now: every change)
 * all were in them shows its newest message to both members, as it is now: edited text, or the
 * tombstone of a deleted one (never an older message).
 */
async function checkSummaries(model: Model, real: Real, records: ChangeRecord[]): Promise<void> {
  const seen = new Set(records.map(versionOfRecord));
  for (const group of model.groups) {
    if (!group.messages.every((message) => seen.has(versionOf(message)))) continue;
    const newest = group.messages.at(-1)!;
    for (const member of group.members) {
      const summaries = await real.db.table.listMessageGroups(member.uuid, { limit: 100 });
      const shown = summaries.items.filter((summary) => summary.messageGroupUuid === group.uuid);
      expect(shown.map((summary) => [summary.lastMessage, summary.lastMessageAt, summary.lastMessageDeleted])).toEqual([
        [newest.text, newest.createdAt, newest.deleted],
      ]);
    }
  }
}

/** The stream's records of every message of the model and every change, once it holds them all. */
async function streamOfModel(model: Model, real: Real): Promise<ChangeRecord[]> {
  const total = model.groups.reduce((sum, group) => sum + group.messages.length + group.changes, 0);
  return waitFor(async () => {
    const found = await messageRecords(model, real);
    return found.length >= total ? found : null;
  });
}

/** Waits until the stream holds every message of the model, then lets pattern E apply them all: the settled state. */
async function settle(model: Model, real: Real): Promise<void> {
  const records = await streamOfModel(model, real);
  const outcomes = await real.processor.processRecords(records);
  expect(outcomes.every((outcome) => outcome.kind === 'applied')).toBe(true);
  await checkCounts(model, real);
  await checkSummaries(model, real, records);
  // The real order is the model's: created_at order = seq order, gapless, and the counts after each message agree.
  for (const group of model.groups) {
    const stored: Message[] = (await real.db.table.listMessages(group.uuid, { limit: 100 })).items;
    expect(stored.map((message) => message.messageUuid)).toEqual(group.messages.map((message) => message.uuid));
    // Pattern A shows each message as it is now.
    expect(stored.map((message) => [message.message, message.deletedAt !== undefined, message.revision ?? 0])).toEqual(
      group.messages.map((message) => [message.text, message.deleted, message.revision]),
    );
    expect(stored.map((message) => message.sequence?.seq)).toEqual(stored.map((_, i) => i + 1));
  }
}

const operation = (groups: number): fc.Arbitrary<Operation> =>
  fc.oneof(
    fc
      .record({ group: fc.nat(groups - 1), sender: fc.constantFrom(0 as const, 1 as const), moves: fc.boolean() })
      .map(({ group, sender, moves }) => new Send(group, sender, moves)),
    fc
      .record({
        group: fc.nat(groups - 1),
        reader: fc.constantFrom(0 as const, 1 as const),
        target: fc.option(fc.double({ min: 0, max: 0.999, noNaN: true })),
      })
      .map(({ group, reader, target }) => new MarkRead(group, reader, target)),
    fc
      .record({
        kind: fc.constantFrom('edit' as const, 'delete' as const),
        group: fc.nat(groups - 1),
        sender: fc.constantFrom(0 as const, 1 as const),
        target: fc.double({ min: 0, max: 0.999, noNaN: true }),
      })
      .map(({ kind, group, sender, target }) => new Change(kind, group, sender, target)),
  );

describe('read state against a model (fast-check)', () => {
  const db = useTestTable();
  const seed = Number(process.env.READ_STATE_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const path = process.env.READ_STATE_PATH;

  beforeAll(() => Logger.overrideLogger(['error']));
  afterAll(async () => {
    for (const migrated of migratedTables) await migrated.drop();
    Logger.overrideLogger(true);
  });

  it(`stays exact under interleaved sends, marks from several devices, replays and restarts (seed ${seed})`, async () => {
    const readEvents: MessageGroupRead[] = [];
    const publisher = { messageGroupRead: (event: MessageGroupRead) => readEvents.push(event) } as unknown as ReadEventsPublisher;
    const noUsers = {} as UsersClient;
    const groupEvents = { published: () => undefined, changed: () => undefined } as unknown as GroupEventsPublisher;
    // Live events are not this model's subject: a publisher that publishes nothing.
    // The recipients' inbound limit is not this model's subject either: everyone is admitted.
    const admitAll = { admit: async () => undefined } as unknown as InboundLimit;
    const noLive = {
      reserve: () => ({ ready: () => undefined, cancel: () => undefined }),
      messageCreated: () => undefined,
      summariesUpdated: () => undefined,
      publish: () => undefined,
    } as unknown as LivePublisher;
    const servicesOn = (on: TestTable) => ({
      db: on,
      send: (movesSummaries: boolean) => new SendMessageService(on.table, noUsers, { movesSummaries }, noLive, admitAll),
      change: new EditMessageService(on.table, noLive),
      list: new ListMessageGroupsService(on.table),
      get: new GetMessageGroupService(on.table),
      unread: new UnreadService(on.table),
      markRead: new MarkReadService(on.table, publisher),
      processor: new UpdateGroupSummariesService(on.table, { concurrency: 4 }, new StreamMetrics(), groupEvents),
    });
    const real: Real = {
      ...servicesOn(db),
      moveTo: (to) => Object.assign(real, servicesOn(to)),
      readEvents,
    };

    const commands = fc.commands<Model, Real, false>(
      [
        // Operations twice as likely as stream events: the counts are what is under test.
        operation(2).map((op) => new Alone(op)),
        operation(2).map((op) => new Alone(op)),
        fc.tuple(operation(2), operation(2)).map(([first, second]) => new Together(first, second)),
        fc.tuple(operation(2), operation(2)).map(([first, second]) => new Together(first, second)),
        fc
          .record({ order: fc.array(fc.nat(9), { minLength: 1, maxLength: 8 }), duplicates: fc.nat(4) })
          .map(({ order, duplicates }) => new StreamReplay(order, duplicates)),
        fc.double({ min: 0, max: 1, noNaN: true }).map((prefix) => new WorkerRestart(prefix)),
        fc.constant(new MigrateMidway()),
      ],
      { maxCommands: MAX_COMMANDS },
    );

    const property = fc.asyncProperty(commands, async (cmds) => {
      // Fresh people and groups per run: a with b (started by a), and c with a (started by c).
      const [a, b, c] = [aPerson(), aPerson(), aPerson()];
      const model: Model = { people: [a, b, c], groups: [] };
      for (const [sender, recipient] of [
        [a, b],
        [c, a],
      ] as const) {
        const first = await real.db.table.createMessageGroup({ sender, recipient, message: `${sender.handle} #1` });
        model.groups.push({
          uuid: first.message.messageGroupUuid,
          members: [sender, recipient],
          messages: [
            {
              uuid: first.message.messageUuid,
              senderUuid: sender.uuid,
              createdAt: first.message.createdAt,
              text: first.message.message,
              deleted: false,
              revision: 0,
              textRevision: 0,
            },
          ],
          readUpTo: { [sender.uuid]: first.message.createdAt, [recipient.uuid]: null },
          changes: 0,
        });
      }
      await fc.asyncModelRun(() => ({ model, real }), cmds);
      await settle(model, real);
    });

    const outcome = await fc.check(property, { seed, path, numRuns: NUM_RUNS, endOnFailure: true });
    if (outcome.failed) {
      throw new Error(
        `${fc.defaultReportMessage(outcome)}\nReplay: READ_STATE_SEED=${outcome.seed} READ_STATE_PATH=${outcome.counterexamplePath}`,
      );
    }
    // The markers that moved were announced (the hook the live events will bind).
    expect(readEvents.length).toBeGreaterThan(0);
    expect(readEvents.every((event) => event.recipientUuids.length === 2)).toBe(true);
  });
});
