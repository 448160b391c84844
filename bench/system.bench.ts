/**
 * `npm run bench`: a repeatable benchmark of the whole local system (not a test).
 *
 * It starts a private copy of the system (fresh data, free ports), then for each route drives
 * messages-api with autocannon for a fixed time at fixed concurrency, and the same DynamoDB
 * operations straight through the SDK as the baseline; then sends at a steady rate and reads the
 * pattern E lag from the worker's histogram; then samples each service's RSS. Results are
 * printed and written to bench/results/<date>.json and .md.
 *
 * Settings: BENCH_HTTP_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_RATE (50/s), BENCH_SECONDS (30, lag phase).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Logger } from '@nestjs/common';
import { SEED_PEOPLE } from '@app/common';
import { createDynamoDbClients, ddbConfig, messageGroupUuidFor, MessagingTable } from '@app/ddb';
import { benchConfig, httpBenchConfig } from './bench.config';
import { seedPersonToken } from '../apps/users/cli/local-cognito';
import { ROOT, rssMiB, startPrivateSystem } from './local-run';

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function driveApi(url: string, token: string, seconds: number, connections: number, body?: object): Promise<Measured> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

async function driveSdk(seconds: number, connections: number, operation: () => Promise<unknown>): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          await operation();
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), errors };
}

/** Quantile from a Prometheus histogram's cumulative buckets (linear within a bucket). */
function histogramQuantile(buckets: Array<[number, number]>, q: number): number | null {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let [previousBound, previousCount] = [0, 0];
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(bound)) return previousBound;
      return previousBound + ((bound - previousBound) * (rank - previousCount)) / Math.max(1, count - previousCount);
    }
    [previousBound, previousCount] = [bound, count];
  }
  return previousBound;
}

async function lagBuckets(workerUrl: string): Promise<Array<[number, number]>> {
  const text = await (await fetch(`${workerUrl}/metrics`)).text();
  return [...text.matchAll(/^stream_worker_group_summary_lag_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)].map(
    ([, le, count]) => [le === '+Inf' ? Infinity : Number(le), Number(count)] as [number, number],
  );
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const http = httpBenchConfig();
  const lag = benchConfig();
  const started = Date.now();
  const { system, logs, cleanup } = await startPrivateSystem();
  try {
    console.log(`system up in ${((Date.now() - started) / 1000).toFixed(1)} s; measuring (${http.connections} connections, ${http.seconds} s per run)…`);
    const andrew = await seedPersonToken('andrewbrown');
    const { andrewbrown, bayko, londo } = SEED_PEOPLE;
    const group = messageGroupUuidFor(andrewbrown.uuid, bayko.uuid);
    const ddb = ddbConfig();
    const { client, doc } = createDynamoDbClients(ddb);
    const table = new MessagingTable(doc, ddb.tableName);
    const sender = { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName };
    const api = system.urls.api;

    const routes = [
      {
        route: 'GET /api/message_groups',
        viaApi: () => driveApi(`${api}/api/message_groups`, andrew, http.seconds, http.connections),
        viaSdk: () => driveSdk(http.seconds, http.connections, () => table.listMessageGroups(andrewbrown.uuid, { limit: 20 })),
      },
      {
        route: 'GET /api/messages/:id',
        viaApi: () => driveApi(`${api}/api/messages/${group}`, andrew, http.seconds, http.connections),
        viaSdk: () =>
          driveSdk(http.seconds, http.connections, async () => {
            await table.getMessageGroup(group);
            return table.listMessages(group, { limit: 20 });
          }),
      },
      {
        route: 'POST /api/messages',
        viaApi: () => driveApi(`${api}/api/messages`, andrew, http.seconds, http.connections, { message: 'bench', message_group_uuid: group }),
        viaSdk: () => driveSdk(http.seconds, http.connections, () => table.putMessage({ messageGroupUuid: group, sender, message: 'bench' })),
      },
    ];
    const rows = [];
    for (const { route, viaApi, viaSdk } of routes) {
      const viaHttp = await viaApi();
      const raw = await viaSdk();
      rows.push({ route, api: viaHttp, raw, ratio: viaHttp.rps / raw.rps });
      console.log(`  ${route}: ${viaHttp.rps.toFixed(0)} req/s via HTTP, ${raw.rps.toFixed(0)} ops/s via SDK`);
    }

    // Pattern E lag at a steady rate, over the three seed pairs, from the worker's own histogram.
    await delay(2000); // let the worker drain the POST burst so the histogram delta is the steady phase only
    const pairs = [
      [andrewbrown, bayko],
      [andrewbrown, londo],
      [bayko, londo],
    ] as const;
    const before = await lagBuckets(system.urls.worker);
    const interval = 1000 / lag.rate;
    const lagStart = Date.now();
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < lag.rate * lag.seconds; i++) {
      const [from, to] = pairs[i % pairs.length];
      const person = { uuid: from.uuid, handle: from.handle, displayName: from.displayName };
      sends.push(
        table.createMessageGroup({ sender: person, recipient: { uuid: to.uuid, handle: to.handle, displayName: to.displayName }, message: `lag ${i}` }),
      );
      await delay(Math.max(0, lagStart + (i + 1) * interval - Date.now()));
    }
    await Promise.all(sends);
    await delay(3000);
    const after = await lagBuckets(system.urls.worker);
    const delta = after.map(([bound, count], i): [number, number] => [bound, count - (before[i]?.[1] ?? 0)]);
    const lagResult = {
      rate: lag.rate,
      seconds: lag.seconds,
      moves: delta.at(-1)?.[1] ?? 0,
      p50Ms: (histogramQuantile(delta, 0.5) ?? NaN) * 1000,
      p99Ms: (histogramQuantile(delta, 0.99) ?? NaN) * 1000,
    };
    const rss = Object.fromEntries([...system.apps].map(([name, app]) => [name, rssMiB(app.child.pid)]));
    client.destroy();

    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    const date = new Date().toISOString();
    const markdown = [
      `Benchmark ${date.slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${http.connections} connections, ${http.seconds} s per run.`,
      '',
      '| route | HTTP req/s | p50 ms | p99 ms | SDK direct ops/s | p50 ms | p99 ms | HTTP / direct |',
      '|---|---|---|---|---|---|---|---|',
      ...rows.map(
        ({ route, api: a, raw: r, ratio }) =>
          `| ${route} | ${a.rps.toFixed(0)} | ${a.p50.toFixed(0)} | ${a.p99.toFixed(0)} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(ratio * 100).toFixed(0)}% |`,
      ),
      '',
      `Pattern E lag (created_at → both summaries moved) at ${lagResult.rate} messages/s for ${lagResult.seconds} s over 3 groups: ` +
        `p50 ${lagResult.p50Ms.toFixed(0)} ms, p99 ${lagResult.p99Ms.toFixed(0)} ms (${lagResult.moves} moves; from the worker's histogram, bucket-interpolated).`,
      '',
      `RSS after the run: ${Object.entries(rss).map(([name, mib]) => `${name} ${mib ?? '?'} MiB`).join(', ')}.`,
    ].join('\n');
    const errors = rows.reduce((sum, row) => sum + row.api.errors + row.raw.errors, 0);
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const stamp = date.slice(0, 19).replace(/:/g, '-');
    writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify({ date, machine, http, rows, lag: lagResult, rss, errors }, null, 2)}\n`);
    writeFileSync(join(dir, `${stamp}.md`), `${markdown}\n`);
    console.log(`\n${markdown}\n\nwritten: bench/results/${stamp}.json and .md`);
    if (errors > 0) throw new Error(`${errors} request(s) failed during the benchmark`);
  } catch (error) {
    console.error(logs().slice(-3000));
    throw error;
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
