/**
 * Pattern E lag at a steady message rate: from a message's created_at to the moment the worker
 * moved its group's summaries, observed as the worker's own `message_group.updated` event arriving
 * at a TCP sink here (EVENTS_TRANSPORT=tcp), on one clock. Also samples the worker's RSS.
 *
 *   node -r @swc-node/register bench/stream-lag.ts
 *   npx nest build stream-worker && BENCH_WORKER=built node -r @swc-node/register bench/stream-lag.ts
 * Settings (BENCH_RATE=50, BENCH_SECONDS=30, BENCH_WARMUP_SECONDS=5, BENCH_GROUPS=50) are in bench.config.ts.
 *
 * Everything runs on this machine: an in-memory DynamoDB Local, the worker as a child process with
 * its production defaults (poll interval, idle backoff, lease timings), and this sender.
 */
import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload, Transport } from '@nestjs/microservices';
import { createDynamoDbClients, type Message, MessagingTable } from '@app/ddb';
import { builtCommand, createMessagingTable, findFreePort, runCommand, startDynamoDbLocal, waitUntil } from '@app/dev-infra';
import { benchConfig, quietNodeVersionNotice, workerEnv } from './bench.config';

const ROOT = resolve(__dirname, '..');
const received = new Map<string, number>();

@Controller()
class EventSink {
  @EventPattern('message_group.updated')
  updated(@Payload() event: { messageUuid: string }): void {
    received.set(event.messageUuid, Date.now());
  }
}

@Module({ controllers: [EventSink] })
class EventSinkModule {}

async function main(): Promise<void> {
  const config = benchConfig();
  quietNodeVersionNotice();
  const dynamoDb = await startDynamoDbLocal();
  const tableName = `bench-${randomUUID().slice(0, 8)}`;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const { client, doc } = createDynamoDbClients({
    endpoint: dynamoDb.endpoint,
    region: 'us-east-1',
    credentials,
    tableName,
    requestTimeoutMs: 5000,
  });
  let worker: ChildProcess | undefined;
  const sinkPort = await findFreePort();
  const sink = await NestFactory.createMicroservice(EventSinkModule, {
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: sinkPort },
    logger: false,
  });
  try {
    await createMessagingTable(client, tableName);
    const table = new MessagingTable(doc, tableName);
    const groups = await createGroups(table, config.groups);
    await sink.listen();

    const workerPort = await findFreePort();
    const entry =
      config.worker === 'built' ? builtCommand('stream-worker') : ['-r', '@swc-node/register', 'apps/stream-worker/src/main.ts'];
    worker = spawn(process.execPath, entry, {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: workerEnv({
        DDB_ENDPOINT: dynamoDb.endpoint,
        DDB_TABLE_NAME: tableName,
        STREAM_WORKER_HOST: '127.0.0.1',
        STREAM_WORKER_PORT: String(workerPort),
        EVENTS_TRANSPORT: 'tcp',
        EVENTS_HOST: '127.0.0.1',
        EVENTS_PORT: String(sinkPort),
      }),
    });
    const metricsUrl = `http://127.0.0.1:${workerPort}/metrics`;
    const started = worker;
    await waitUntil(
      async () => {
        if (started.exitCode !== null) throw new Error('the worker exited at start (see above)');
        return (await sample(metricsUrl, 'stream_worker_leases_held').catch(() => 0)) === 1;
      },
      { timeoutMs: 30_000, what: 'the worker holding its lease' },
    );

    process.stdout.write(
      `worker ready (${config.worker}); warm-up ${config.warmupSeconds} s, then ${config.rate} msg/s for ${config.seconds} s over ${config.groups} groups\n`,
    );
    await sendSteadily(table, groups, config.rate, config.warmupSeconds * 1000, () => undefined);
    const measured: Message[] = [];
    const rss: number[] = [];
    const rssSampler = setInterval(
      () => void sample(metricsUrl, 'process_resident_memory_bytes').then((bytes) => bytes && rss.push(bytes)),
      1000,
    );
    const cpuBefore = await sample(metricsUrl, 'process_cpu_seconds_total');
    const errors = await sendSteadily(table, groups, config.rate, config.seconds * 1000, (message) => measured.push(message));
    await waitUntil(() => measured.every((message) => received.has(message.messageUuid)), { timeoutMs: 10_000 }).catch(() => undefined);
    clearInterval(rssSampler);
    const cpuAfter = await sample(metricsUrl, 'process_cpu_seconds_total');

    const lags = measured.flatMap((message) => {
      const at = received.get(message.messageUuid);
      return at === undefined ? [] : [at - Date.parse(message.createdAt)];
    });
    lags.sort((a, b) => a - b);
    const pct = (p: number) => lags[Math.min(lags.length - 1, Math.ceil((p / 100) * lags.length) - 1)];
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    const report = [
      `sent:      ${measured.length} messages in ${config.seconds} s (${(measured.length / config.seconds).toFixed(1)}/s), ${errors} send errors`,
      `moved:     ${lags.length} summaries moved with an event (${measured.length - lags.length} superseded by a newer message of the same group in one batch, or not seen)`,
      `lag:       p50 ${pct(50)} ms   p90 ${pct(90)} ms   p99 ${pct(99)} ms   max ${lags.at(-1)} ms   (created_at → summaries moved)`,
      `worker:    RSS max ${mb(Math.max(...rss))}, last ${mb(rss.at(-1) ?? 0)}; CPU ${(((cpuAfter - cpuBefore) / config.seconds) * 100).toFixed(0)}% of a core`,
    ];
    process.stdout.write(`${report.join('\n')}\n`);
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((done) => worker!.once('exit', done));
      worker.kill('SIGTERM');
      await exited;
    }
    await sink.close();
    client.destroy();
    await dynamoDb.stop();
  }
}

async function createGroups(table: MessagingTable, count: number) {
  const groups: Array<{ messageGroupUuid: string; members: Array<{ uuid: string; handle: string; displayName: string }> }> = [];
  for (let i = 0; i < count; i++) {
    const members = [0, 1].map((side) => ({ uuid: randomUUID(), handle: `bench${i}_${side}`, displayName: `Bench ${i}.${side}` }));
    const { message } = await table.createMessageGroup({
      sender: members[0],
      recipient: members[1],
      message: 'hello',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    groups.push({ messageGroupUuid: message.messageGroupUuid, members });
  }
  return groups;
}

/** Sends `rate` messages per second for `durationMs`, on a fixed schedule (not waiting for each write). */
async function sendSteadily(
  table: MessagingTable,
  groups: Awaited<ReturnType<typeof createGroups>>,
  rate: number,
  durationMs: number,
  onSent: (message: Message) => void,
): Promise<number> {
  const interval = 1000 / rate;
  const start = Date.now();
  const inFlight: Array<Promise<void>> = [];
  let errors = 0;
  for (let i = 0; i * interval < durationMs; i++) {
    const wait = start + i * interval - Date.now();
    if (wait > 0) await delay(wait);
    const group = groups[i % groups.length];
    inFlight.push(
      table
        .putMessage({ messageGroupUuid: group.messageGroupUuid, sender: group.members[i % 2], message: `bench ${i}` })
        .then(onSent, () => void errors++),
    );
  }
  await Promise.all(inFlight);
  return errors;
}

async function sample(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

runCommand('stream-lag', main, { stack: true });
