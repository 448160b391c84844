/**
 * The stream-worker's dead-letter commands (docs/design.md §10):
 *   npm run dead-letters -- list | replay <sequence> | replay --all
 * Same configuration as the worker: DDB_* / AWS_* for the tables, STREAM_DEAD_LETTER_TABLE_NAME,
 * and EVENTS_TRANSPORT (with its secret) so that a replay that applies publishes the live events
 * the worker publishes for an applied message.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import {
  type DeadLetter,
  DeadLetterStore,
  DdbUnavailableError,
  DYNAMODB_CLIENT,
  DYNAMODB_DOCUMENT_CLIENT,
  MessagingTable,
  TableNotFoundError,
} from '@app/ddb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GroupEventsPublisher } from '../src/events/group-events.publisher';
import { ProfileFanoutService } from '../src/profiles/profile-fanout.service';
import { replayDeadLetters } from '../src/record-processing/dead-letter-replay';
import { DeadLettersCliModule } from './dead-letters.module';
import { runCommand } from '@app/dev-infra';

const USAGE = `Usage: npm run dead-letters -- <command> [options]     (or bin/ddb/dead-letters <command>)

Commands:
  list                       stream records the worker could never apply (set aside, then passed)
  replay <sequence> | --all  apply them again (after fixing the data); applied ones are removed and
                             announced as the worker announces them (message.created, or message.updated /
                             message.deleted, to both members, message_group.updated for the summaries
                             moved; a profile change through the worker's fan-out); ones that still cannot
                             apply stay, with the new reason (exit code 2)

Configuration: as the stream-worker's: DDB_ENDPOINT, DDB_TABLE_NAME, AWS_REGION; the dead-letter table is
STREAM_DEAD_LETTER_TABLE_NAME (default <DDB_TABLE_NAME>-dead-letters) unless --dead-letter-table names
another; live events go where EVENTS_TRANSPORT says (none: nowhere).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      'dead-letter-table': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, sequenceNumber] = positionals;
  if (values.help || !action) {
    console.log(USAGE);
    return;
  }
  if (action !== 'list' && action !== 'replay') throw new UsageError(`unknown command "${action}" (list | replay)`);
  if (action === 'replay' && !values.all && !sequenceNumber) throw new UsageError('replay needs a sequence number or --all');

  const app = await NestFactory.createApplicationContext(DeadLettersCliModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const configured = app.get(DeadLetterStore);
    const store = values['dead-letter-table']
      ? new DeadLetterStore(
          app.get<DynamoDBClient>(DYNAMODB_CLIENT),
          app.get<DynamoDBDocumentClient>(DYNAMODB_DOCUMENT_CLIENT),
          values['dead-letter-table'],
        )
      : configured;
    if (action === 'list') {
      const letters = await store.list();
      for (const letter of letters) printDeadLetter(letter);
      console.log(`${letters.length} dead letter(s) in ${store.tableName}`);
      return;
    }
    const letters = values.all ? await store.list() : [await store.get(sequenceNumber)];
    if (letters[0] === null) throw new UsageError(`no dead letter ${sequenceNumber} in ${store.tableName}`);
    const results = await replayDeadLetters(
      { table: app.get(MessagingTable), store, events: app.get(GroupEventsPublisher), profiles: app.get(ProfileFanoutService) },
      letters as DeadLetter[],
    );
    let applied = 0;
    for (const outcome of results) {
      if (outcome.result === 'applied') {
        applied += 1;
        console.log(`${outcome.sequenceNumber}  applied (summaries ${outcome.summaries}); removed`);
      } else {
        console.log(`${outcome.sequenceNumber}  still cannot apply: ${outcome.reasonCode}: ${outcome.reason}`);
      }
    }
    console.log(`${applied} of ${results.length} replayed dead letter(s) applied`);
    if (applied < results.length) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

function printDeadLetter(letter: DeadLetter): void {
  const replays = letter.replayAttempts ? `; replayed ${letter.replayAttempts}x, last ${letter.lastReplayAt}` : '';
  console.log(
    `${letter.sequenceNumber}  ${letter.reasonCode.padEnd(17)} shard ${letter.shardId}  at ${letter.deadLetteredAt}${replays}\n      ${letter.reason}`,
  );
}

runCommand('dead-letters', () => main(process.argv.slice(2)), {
  hint: (error) =>
    error instanceof DdbUnavailableError
      ? 'Is DynamoDB Local running? `npm start` starts it.'
      : error instanceof TableNotFoundError
        ? 'Create the tables first: `npm run ddb -- schema-load`.'
        : error instanceof UsageError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
          ? `\n${USAGE}`
          : undefined,
});
