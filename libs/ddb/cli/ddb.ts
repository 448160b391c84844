/**
 * Ops commands for the messaging table, mirroring the original `bin/ddb` scripts:
 *   npm run ddb -- <command> [options]
 * They read the same DDB_* / AWS_* configuration as the apps: DynamoDB Local by default,
 * real AWS when DDB_ENDPOINT is set to an empty string.
 */
import { parseArgs } from 'node:util';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import {
  createDeadLetterTable,
  createDynamoDbClients,
  createLeaseTable,
  defaultDeadLetterTableName,
  defaultLeaseTableName,
  ddbConfig,
  type DynamoDbClients,
  isLocalEndpoint,
  MessagingTable,
  migrateToStableSummaries,
  type DdbOptions,
  DdbUnavailableError,
  TableNotFoundError,
} from '@app/ddb';
import { createMessagingTable, deleteTable, listTableNames, runCommand, seedConversation } from '@app/dev-infra';

const USAGE = `Usage: npm run ddb -- <command> [options]

Commands:
  schema-load                                 create the messaging table and its lease table (if missing)
  drop [--force]                              delete the messaging table
  list-tables                                 list the tables at the endpoint
  scan [--force]                              print every item of the messaging table
  seed                                        write the seed conversation (idempotent)
  migrate --from <old-table>                  copy a table of the model before stable summaries into this one
                                              (DDB_TABLE_NAME, created if missing); idempotent and resumable;
                                              stop the apps first, then point them at the new table
  patterns get-conversation <group_uuid>      pattern A: a group's messages [--limit N] [--cursor C]
  patterns list-conversations <user_uuid>     pattern B: a person's groups with unread counts [--limit N] [--cursor C]

scan and drop refuse a non-local table unless --force is given.
Configuration: DDB_ENDPOINT (default http://127.0.0.1:8000; empty = real AWS), DDB_TABLE_NAME, AWS_REGION.
The dead-letter commands are the stream-worker's: npm run dead-letters -- list | replay <sequence> | replay --all.`;

class UsageError extends Error {}

interface Context {
  options: DdbOptions;
  clients: DynamoDbClients;
  table: MessagingTable;
  flags: { force: boolean; limit?: number; cursor?: string; from?: string };
  args: string[];
}

const where = (options: DdbOptions) => `${options.tableName} @ ${options.endpoint ?? `AWS ${options.region}`}`;

function refuseRemoteWithoutForce(context: Context, action: string): void {
  if (!isLocalEndpoint(context.options.endpoint) && !context.flags.force) {
    throw new UsageError(`refusing to ${action} ${where(context.options)}: not a local table (add --force to insist)`);
  }
}

const commands: Record<string, (context: Context) => Promise<void>> = {
  'schema-load': async ({ clients, options }) => {
    const outcome = await createMessagingTable(clients.client, options.tableName);
    console.log(outcome === 'created' ? `created ${where(options)}` : `already exists: ${where(options)}`);
    // The stream-worker's leases and checkpoints (it also creates this table itself when missing).
    const leases = { ...options, tableName: defaultLeaseTableName(options.tableName) };
    const leaseOutcome = await createLeaseTable(clients.client, leases.tableName);
    console.log(leaseOutcome === 'created' ? `created ${where(leases)}` : `already exists: ${where(leases)}`);
    const deadLetters = { ...options, tableName: defaultDeadLetterTableName(options.tableName) };
    const deadLetterOutcome = await createDeadLetterTable(clients.client, deadLetters.tableName);
    console.log(deadLetterOutcome === 'created' ? `created ${where(deadLetters)}` : `already exists: ${where(deadLetters)}`);
  },

  drop: async (context) => {
    refuseRemoteWithoutForce(context, 'drop');
    const outcome = await deleteTable(context.clients.client, context.options.tableName);
    console.log(outcome === 'deleted' ? `dropped ${where(context.options)}` : `no such table: ${where(context.options)}`);
  },

  'list-tables': async ({ clients }) => {
    const names = await listTableNames(clients.client);
    console.log(names.length ? names.join('\n') : '(no tables)');
  },

  scan: async (context) => {
    refuseRemoteWithoutForce(context, 'scan');
    const { doc } = context.clients;
    let count = 0;
    for await (const page of paginateScan({ client: doc }, { TableName: context.options.tableName })) {
      for (const item of page.Items ?? []) {
        count += 1;
        const { pk, sk, entity, ...rest } = item;
        console.log(`${String(entity ?? '?').padEnd(5)} ${pk} | ${sk}\n      ${JSON.stringify(rest)}`);
      }
    }
    console.log(`${count} item(s) in ${where(context.options)}`);
  },

  migrate: async ({ clients, options, flags }) => {
    if (!flags.from) throw new UsageError('migrate needs --from <old-table>');
    if (flags.from === options.tableName) throw new UsageError('migrate copies into another table: set DDB_TABLE_NAME to the new table');
    const created = await createMessagingTable(clients.client, options.tableName);
    console.log(created === 'created' ? `created ${where(options)}` : `into the existing ${where(options)}`);
    const report = await migrateToStableSummaries(clients.doc, flags.from, options.tableName);
    if (report.resumedAt === 'done') {
      console.log(`already migrated from ${flags.from}: nothing to do`);
      return;
    }
    if (report.resumedAt) console.log(`resumed after ${report.resumedAt}`);
    for (const [entity, count] of Object.entries(report.copied)) console.log(`copied ${count} ${entity} item(s)`);
    console.log(`rebuilt ${report.summariesRebuilt} summary item(s), ${report.readStatesFolded} with a read marker folded in`);
    for (const skipped of report.skipped) console.log(`skipped ${skipped.pk} | ${skipped.sk}: ${skipped.reason}`);
    if (report.skipped.length > 0) process.exitCode = 2;
  },

  seed: async ({ table, options }) => {
    const report = await seedConversation(table);
    console.log(
      `seeded ${where(options)}: group ${report.messageGroupUuid}, ${report.written} message(s) written, ` +
        `${report.alreadyThere} already there`,
    );
  },

  patterns: async (context) => {
    const [pattern, id] = context.args;
    const page = { limit: context.flags.limit, cursor: context.flags.cursor };
    if (!id) throw new UsageError(`patterns ${pattern ?? '<pattern>'} needs a uuid`);
    if (pattern === 'get-conversation') {
      const result = await context.table.listMessages(id, page);
      for (const message of result.items) {
        console.log(`${message.createdAt}  ${message.sender.displayName} (@${message.sender.handle}): ${message.message}`);
      }
      printPageEnd(result.items.length, result.nextCursor);
    } else if (pattern === 'list-conversations') {
      const result = await context.table.listMessageGroups(id, page);
      for (const group of result.items) {
        const unread = group.unreadCount;
        console.log(
          `${group.lastMessageAt}  ${group.messageGroupUuid}  with ${group.otherPerson.displayName} ` +
            `(@${group.otherPerson.handle}), ${unread} unread: ${group.lastMessage}`,
        );
      }
      printPageEnd(result.items.length, result.nextCursor);
      const totals = await context.table.unreadTotals(id);
      console.log(`-- ${totals.unreadCount} unread in ${totals.unreadConversations} conversation(s) in all`);
    } else {
      throw new UsageError(`unknown pattern "${pattern ?? ''}" (get-conversation | list-conversations)`);
    }
  },

  'dead-letters': async () => {
    throw new UsageError(
      'the dead-letter commands moved to the stream-worker: npm run dead-letters -- list | replay <sequence> | replay --all',
    );
  },
};

function printPageEnd(count: number, nextCursor: string | null): void {
  console.log(nextCursor ? `-- ${count} shown; next page: --cursor ${nextCursor}` : `-- ${count} shown; no more pages`);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      from: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [name, ...args] = positionals;
  if (values.help || !name) {
    console.log(USAGE);
    return;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const options = ddbConfig();
  const clients = createDynamoDbClients(options);
  try {
    await command({
      options,
      clients,
      table: new MessagingTable(clients.doc, options.tableName),
      flags: { force: values.force, limit, cursor: values.cursor, from: values.from },
      args,
    });
  } finally {
    clients.client.destroy();
  }
}

runCommand('ddb', () => main(process.argv.slice(2)), {
  hint: (error) =>
    error instanceof DdbUnavailableError
      ? 'Is DynamoDB Local running? `npm start` starts it.'
      : error instanceof TableNotFoundError
        ? 'Create the table first: `npm run ddb -- schema-load`.'
        : error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
          ? `\n${USAGE}`
          : undefined,
});
