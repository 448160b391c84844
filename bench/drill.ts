/**
 * `npm run drill`: failure drills against a private copy of the whole local system. Each prints
 * one PASS/FAIL line with its figures; the command exits non-zero if any drill fails.
 *
 *   1. users service killed and restarted during traffic: 503s while down, no other 5xx, recovery
 *   2. DynamoDB Local restarted: apps recover without restarts, the worker resumes from checkpoints
 *   3. stream-worker SIGKILLed during a burst of sends: every conversation converges after restart
 *   4. 1,000 malformed requests: zero 5xx, no crash, nothing stored
 *   5. DynamoDB stopped for 5 s under send traffic: every conversation converges, no summary left behind
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { createDynamoDbClients, ddbConfig, messageGroupUuidFor, MessagingTable } from '@app/ddb';
import { type LocalSystem, runCommand, SEED_PEOPLE, waitUntil } from '@app/dev-infra';
import { seedPersonToken } from '../apps/users/cli';
import { startPrivateSystem } from './local-run';

type Outcome = { pass: boolean; line: string };
let lastLogs = '';
const { andrewbrown, bayko, londo } = SEED_PEOPLE;

async function call(
  api: string,
  path: string,
  init: { token?: string; body?: string; headers?: Record<string, string>; method?: string } = {},
) {
  const started = Date.now();
  try {
    const response = await fetch(`${api}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token !== undefined ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: Date.now() - started };
  } catch {
    return { status: 0, ms: Date.now() - started };
  }
}

/** Sends a request every `everyMs` until stopped; records (time, status). */
function traffic(send: () => Promise<{ status: number; ms: number }>, everyMs: number) {
  const log: Array<{ at: number; status: number; ms: number }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      const { status, ms } = await send();
      log.push({ at, status, ms });
      await delay(Math.max(0, everyMs - (Date.now() - at)));
    }
  })();
  return { log, stop: async () => ((running = false), await loop) };
}

/** What every drill works with: the private system, the seed people's tokens and the table. */
interface DrillContext {
  system: LocalSystem;
  api: string;
  andrew: string;
  londoToken: string;
  table: MessagingTable;
  /** andrewbrown and bayko's conversation. */
  group: string;
}

/** 1. users killed and restarted during traffic: 503s while down, no other 5xx, recovery. */
async function usersKilledAndRestarted({ system, api, andrew }: DrillContext): Promise<Outcome> {
  const load = traffic(
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 'drill 1', handle: 'londo' }) }),
    50,
  );
  await delay(1500);
  await system.stopApp('users', 'SIGKILL');
  const downAt = Date.now();
  await delay(3000);
  const restartAt = Date.now();
  await system.startApp('users'); // resolves once it listens again
  const upAt = Date.now();
  await delay(3000);
  await load.stop();
  const during = load.log.filter((r) => r.at > downAt + 200 && r.at < restartAt);
  const after = load.log.filter((r) => r.at > upAt + 500);
  const unexpected = load.log.filter((r) => r.status >= 500 && r.status !== 503).length + load.log.filter((r) => r.status === 0).length;
  const firstOk = load.log.find((r) => r.at >= upAt && r.status === 200);
  const maxDownMs = Math.max(0, ...during.map((r) => r.ms));
  return {
    pass:
      during.length > 0 &&
      during.every((r) => r.status === 503) &&
      unexpected === 0 &&
      after.length > 0 &&
      after.every((r) => r.status === 200),
    line:
      `users killed and restarted: ${during.filter((r) => r.status === 503).length}/${during.length} answered 503 while down (slowest ${maxDownMs} ms); ${unexpected} other 5xx/failures; ` +
      `first 200 ${firstOk ? firstOk.at - upAt : '∞'} ms after it listened again; ${after.filter((r) => r.status === 200).length}/${after.length} OK after`,
  };
}

/** 2. DynamoDB Local restarted under traffic: apps recover without restarts, the worker resumes from its checkpoints. */
async function dynamoDbRestarted({ system, api, andrew, table, group }: DrillContext): Promise<Outcome> {
  const load = traffic(() => call(api, `/api/messages/${group}`, { token: andrew }), 50);
  await delay(1000);
  const downAt = Date.now();
  await system.restartDynamoDb(2000);
  const upAt = Date.now();
  await delay(4000);
  await load.stop();
  const unexpected = load.log.filter((r) => (r.status >= 500 && r.status !== 503) || r.status === 0).length;
  const during = load.log.filter((r) => r.at > downAt + 200 && r.at < upAt - 500);
  const after = load.log.filter((r) => r.at > upAt + 2000);
  const sent = await call(api, '/api/messages', {
    token: andrew,
    body: JSON.stringify({ message: 'after the outage', message_group_uuid: group }),
  });
  const movedAt = await pollUntil(
    async () => (await table.listMessageGroups(bayko.uuid)).items.some((g) => g.lastMessage === 'after the outage'),
    20_000,
  );
  return {
    pass: unexpected === 0 && after.length > 0 && after.every((r) => r.status === 200) && sent.status === 200 && movedAt !== null,
    line:
      `DynamoDB Local restarted: ${during.filter((r) => r.status === 503).length}/${during.length} answered 503 while down, ${unexpected} other 5xx/failures; ` +
      `${after.filter((r) => r.status === 200).length}/${after.length} OK after, no app restarted; worker moved a new message ${movedAt ?? '∞'} ms after it was sent`,
  };
}

/** 3. stream-worker SIGKILLed during a burst of sends: every conversation converges after its restart. */
async function streamWorkerKilledMidBurst({ system, api, andrew, londoToken, table }: DrillContext): Promise<Outcome> {
  const pairs = [
    [andrew, 'bayko'],
    [andrew, 'londo'],
    [londoToken, 'bayko'],
  ] as const;
  // Six senders at once, two per conversation, each sending its share back to back: writes into
  // one conversation commit one at a time (its total order), so 50 simultaneous sends into one
  // DM would measure DynamoDB Local's contention, not the worker's recovery.
  const statuses: Array<{ status: number; ms: number }> = new Array(150);
  const lanes = Array.from({ length: 6 }, async (_, lane) => {
    for (let i = lane; i < 150; i += 6) {
      statuses[i] = await call(api, '/api/messages', {
        token: pairs[i % 3][0],
        body: JSON.stringify({ message: `burst ${i}`, handle: pairs[i % 3][1] }),
      });
    }
  });
  await delay(300);
  await system.stopApp('stream-worker', 'SIGKILL');
  await Promise.all(lanes);
  await system.startApp('stream-worker');
  const converged = await pollUntil(async () => (await summariesBehind(table)).length === 0, 60_000);
  return {
    pass: statuses.every((s) => s.status === 200) && converged !== null,
    line: `stream-worker SIGKILLed mid-burst: ${statuses.filter((s) => s.status === 200).length}/150 sends OK (statuses ${JSON.stringify(countBy(statuses))}); all 3 conversations converged (one summary per member, at the newest message) ${converged ?? '∞'} ms after restart`,
  };
}

/** 4. 1,000 malformed requests: zero 5xx, no crash, nothing stored. */
async function malformedRequests({ system, api, andrew, table, group }: DrillContext): Promise<Outcome> {
  const before =
    (await table.listMessages(group, { limit: 100 })).items.length +
    (await table.listMessageGroups(andrewbrown.uuid, { limit: 100 })).items.length;
  const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const [header, payload] = andrew.split('.');
  const resigned = `${header}.${payload}.${sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), foreignKey).toString('base64url')}`;
  const kinds: Array<() => Promise<{ status: number; ms: number }>> = [
    () => call(api, '/api/messages', { token: andrew, body: '{"message": "x",' }),
    () => call(api, '/api/messages', { token: andrew, body: 'null' }),
    () => call(api, '/api/messages', { token: andrew, body: '[1,2,3]' }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 42, message_group_uuid: group }) }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: ['a'], handle: { $ne: 1 } }) }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 'x'.repeat(1025), message_group_uuid: group }) }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 'y'.repeat(100_000), message_group_uuid: group }) }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 'hi', message_group_uuid: 'not-a-uuid' }) }),
    () => call(api, '/api/messages', { token: andrew, body: JSON.stringify({ message: 'hi', handle: '../../etc/passwd' }) }),
    () =>
      call(api, '/api/messages', { token: andrew, body: 'message=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    () => call(api, `/api/messages/${group}?cursor=${'A'.repeat(600)}`, { token: andrew }),
    () => call(api, `/api/messages/${group}?cursor=eyJwayI6Ik1TRyN4Iiwic2siOiJ5In0`, { token: andrew }),
    () => call(api, `/api/messages/${group}?limit=-1&cursor[]=x`, { token: andrew }),
    () => call(api, '/api/messages/%27%20OR%201=1', { token: andrew }),
    () => call(api, '/api/message_groups?limit=1e309', { token: andrew }),
    () => call(api, '/api/message_groups', { token: andrew.slice(0, -7) }),
    () => call(api, '/api/message_groups', { token: resigned }),
    () => call(api, '/api/message_groups', { token: 'a.b.c' }),
    () => call(api, '/api/message_groups', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }),
    () => call(api, '/api/users/@%00/short', { token: andrew }),
  ];
  const results = [];
  for (let i = 0; i < 1000; i += 20) {
    results.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => kinds[(i + j) % kinds.length]()))));
  }
  const after =
    (await table.listMessages(group, { limit: 100 })).items.length +
    (await table.listMessageGroups(andrewbrown.uuid, { limit: 100 })).items.length;
  const fiveXx = results.filter((r) => r.status >= 500 || r.status === 0).length;
  const alive = (await call(api, '/health')).status === 200 && system.apps.size === 3;
  return {
    pass: fiveXx === 0 && alive && after === before,
    line: `1000 malformed requests (${kinds.length} kinds): statuses ${JSON.stringify(countBy(results))}; ${fiveXx} × 5xx; all apps alive: ${alive}; items stored: ${after - before}`,
  };
}

/**
 * 5. DynamoDB stopped for 5 s while people keep sending: the worker holds its shard (it never
 * checkpoints past a message it could not apply) and every conversation converges afterwards.
 */
async function dynamoDbStoppedUnderSends({ system, api, andrew, londoToken, table }: DrillContext): Promise<Outcome> {
  const pairs = [
    [andrew, 'bayko'],
    [andrew, 'londo'],
    [londoToken, 'bayko'],
  ] as const;
  let sent = 0;
  const load = traffic(() => {
    const [token, handle] = pairs[sent % 3];
    return call(api, '/api/messages', { token, body: JSON.stringify({ message: `outage ${sent++}`, handle }) });
  }, 40);
  await delay(1000);
  const downAt = Date.now();
  await system.restartDynamoDb(5000);
  const upAt = Date.now();
  await delay(2000);
  await load.stop();
  const ok = load.log.filter((r) => r.status === 200).length;
  const during = load.log.filter((r) => r.at > downAt + 200 && r.at < upAt - 500);
  const unexpected = load.log.filter((r) => (r.status >= 500 && r.status !== 503) || r.status === 0).length;
  const converged = await pollUntil(async () => (await summariesBehind(table)).length === 0, 60_000);
  const behind = converged === null ? await summariesBehind(table).catch(() => ['unknown']) : [];
  return {
    pass: converged !== null && behind.length === 0 && unexpected === 0,
    line:
      `DynamoDB stopped ${upAt - downAt} ms under send traffic: ${ok}/${load.log.length} sends OK (statuses ${JSON.stringify(countBy(load.log))}; ${during.filter((r) => r.status === 503).length}/${during.length} answered 503 while down), ${unexpected} other 5xx/failures; ` +
      `all 3 conversations converged ${converged ?? '∞'} ms after DynamoDB returned; ${behind.length} summaries left behind`,
  };
}

/** The drills, in the order they run (each leaves the system as the next expects it). */
const DRILLS: Array<(context: DrillContext) => Promise<Outcome>> = [
  usersKilledAndRestarted,
  dynamoDbRestarted,
  streamWorkerKilledMidBurst,
  malformedRequests,
  dynamoDbStoppedUnderSends,
];

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  // Summaries moved by the stream alone: the drills are about pattern E surviving failures.
  const { system, logs, cleanup } = await startPrivateSystem({
    SEND_MOVES_SUMMARIES: 'false',
    RATE_LIMIT_SENDS_BURST: '0',
    RATE_LIMIT_INBOUND_BURST: '0',
    RATE_LIMIT_EDITS_BURST: '0',
    RATE_LIMIT_DELETES_BURST: '0',
    RATE_LIMIT_PROFILE_BURST: '0',
    RATE_LIMIT_READS_BURST: '0',
  });
  const outcomes: Outcome[] = [];
  try {
    const ddb = ddbConfig();
    const { client, doc } = createDynamoDbClients(ddb);
    const context: DrillContext = {
      system,
      api: system.urls.api,
      andrew: await seedPersonToken('andrewbrown'),
      londoToken: await seedPersonToken('londo'),
      table: new MessagingTable(doc, ddb.tableName),
      group: messageGroupUuidFor(andrewbrown.uuid, bayko.uuid),
    };
    for (const drill of DRILLS) {
      const outcome = await drill(context);
      outcomes.push(outcome);
      console.log(`${outcome.pass ? 'PASS' : 'FAIL'} ${outcome.line}`);
    }
    client.destroy();
    lastLogs = logs();
  } catch (error) {
    console.error(logs().slice(-3000));
    throw error;
  } finally {
    await cleanup();
  }
  const failed = outcomes.filter((o) => !o.pass).length;
  if (failed) console.log(`\nlast app log lines:\n${lastLogs.split('\n').slice(-60).join('\n')}`);
  console.log(`\n${outcomes.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

function countBy(results: Array<{ status: number }>): Record<number, number> {
  return results.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {});
}

/** The seed people's three conversations whose two summaries do not show their newest message (one line each). */
async function summariesBehind(table: MessagingTable): Promise<string[]> {
  const behind: string[] = [];
  for (const [a, b] of [
    [andrewbrown, bayko],
    [andrewbrown, londo],
    [londo, bayko],
  ] as const) {
    const id = messageGroupUuidFor(a.uuid, b.uuid);
    const newest = (await table.listMessages(id, { limit: 1 })).items.at(-1)!;
    for (const person of [a, b]) {
      const mine = (await table.listMessageGroups(person.uuid, { limit: 100 })).items.filter((g) => g.messageGroupUuid === id);
      if (mine.length !== 1 || mine[0].lastMessageAt !== newest.createdAt || mine[0].lastMessage !== newest.message) {
        behind.push(`${person.handle} in ${id}`);
      }
    }
  }
  return behind;
}

/** Polls until `probe` is true; returns the milliseconds it took, or null at the timeout. */
async function pollUntil(probe: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  // A probe that fails counts as "not yet": a dependency may still be coming back.
  const met = await waitUntil(() => probe().catch(() => false), { timeoutMs }).then(
    () => true,
    () => false,
  );
  return met ? Date.now() - started : null;
}

runCommand('drill', main);
