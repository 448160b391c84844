/**
 * `npm start`: the whole system on this machine, with nothing but Node and Java.
 *   DynamoDB Local (.data/dynamodb), the Cognito emulator (.data/cognito), Postgres (embedded
 *   PGlite in .data/pglite unless DATABASE_URL is set); schema, migrations and seed data loaded
 *   idempotently; then users, stream-worker and messages-api, their log lines prefixed.
 * `npm run infra` (`--infra`): only the infrastructure and the data, so each app can be run
 * alone with `npx nest start <app>`.
 * Ctrl-C stops every child; the data stays for the next start.
 */
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { type LocalSystem } from '@app/dev-infra';
import { startLocalSystem } from './local-system';

const ROOT = resolve(__dirname, '..');
const infraOnly = process.argv.includes('--infra');
let system: LocalSystem | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping…');
    await system?.stop();
  }
  process.exit(code);
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  process.env.LOG_FORMAT ??= 'pretty';
  const started = Date.now();
  system = await startLocalSystem(ROOT, { infraOnly, log: (line) => console.log(line) });
  for (const app of system.apps.values()) {
    app.child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`${app.name} exited (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    });
  }
  const { urls, ports, dataDir } = system;
  if (infraOnly) {
    console.log(`
Infrastructure is up: DynamoDB Local ${urls.dynamoDb}, Cognito emulator ${urls.cognito}, data in ${dataDir}.
Run an app alone with: npx nest start <messages-api | users | stream-worker>
Ctrl-C stops it.`);
    return;
  }
  console.log(`
\x1b[1mCruddur Messaging is running\x1b[0m (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)
  messages-api    ${urls.api}/api        (health /health, readiness /ready)
  OpenAPI         ${urls.api}/api/docs
  users           tcp://127.0.0.1:${ports.users}
  stream-worker   ${urls.worker}/metrics
  DynamoDB Local  ${urls.dynamoDb}   Cognito emulator ${urls.cognito}
  Data            ${dataDir}

Try it (seed people: andrewbrown, bayko, londo):
  curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" ${urls.api}/api/message_groups
  curl -H "Authorization: Bearer $(npm run -s token -- andrewbrown)" -H 'Content-Type: application/json' \\
       -d '{"message":"Hello from curl","handle":"bayko"}' ${urls.api}/api/messages

Watch bayko's live events (Server-Sent Events) in another terminal, then send the message above:
  curl -N -H "Authorization: Bearer $(npm run -s token -- bayko)" ${urls.api}/api/events

Ctrl-C stops everything.`);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
main().catch(async (error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
