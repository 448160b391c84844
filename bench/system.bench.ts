/**
 * `npm run bench`: a repeatable benchmark of the whole local system (not a test).
 *
 * On a private copy of the system (fresh data, free ports; the built apps, as the containers run
 * them, unless BENCH_APPS=source) it measures, in order:
 *  1. CPU per request of messages-api against the floor (bench/floor: the same work on bare
 *     node:http), per read route, in alternating rounds: docs/design.md §7's ≤ 1.3× budget;
 *  2. POST /api/messages through the API next to the same write straight through the SDK;
 *  3. the pattern E lag at a steady message rate, from the worker's own histogram;
 *  4. each app's RSS every second under mixed load, judged on the last three windows (docs/design.md §7);
 *  5. a CPU profile of messages-api over one more read load (top self time in the report);
 *  0. (first, on a DynamoDB Local and an in-process messages-api of its own: bench/cost.ts) DynamoDB capacity per
 *     operation priced by AWS's rules, the 20-way burst into one DM and a monthly cost estimate.
 * users runs on a fresh database of the Postgres server at BENCH_DATABASE_URL (127.0.0.1:5432 by
 * default), as docs/design.md §7 measures it, or on the embedded PGlite when none answers. BENCH_PHASES picks the
 * measurements (`BENCH_PHASES=memory BENCH_CPU_PROFILE=false npm run bench`: the memory windows alone).
 * Results are printed and written to bench/results/<date>.json and .md (the .cpuprofile beside
 * them is not committed), and each measured phase's section of docs/benchmarks.md is replaced by its
 * latest table. Settings are in bench/bench.config.ts.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Logger } from '@nestjs/common';
import { createDynamoDbClients, ddbConfig, messageGroupUuidFor, MessagingTable, type Person } from '@app/ddb';
import { findFreePort, type LocalSystem, runCommand, SEED_PEOPLE } from '@app/dev-infra';
import { seedPersonToken } from '../apps/users/cli';
import { type BenchPhase, benchConfig, httpBenchConfig, systemBenchConfig } from './bench.config';
import { type BenchDatabase, benchDatabase } from './bench-database';
import { BUDGETS } from './budgets';
import { compareWithFloor, type CpuComparison } from './cpu-vs-floor';
import { costMarkdown, type CostReport, measureCost } from './cost';
import { startFloor } from './floor/start-floor';
import { drive, type Load, loadOf } from './load';
import { ROOT, startPrivateSystem } from './local-run';
import { judgeRss, type RssVerdict, sampleRssEverySecond } from './memory';
import { profilableNodeOptions, profileDuring, type ProfileSummary, summarizeCpuProfile } from './profile/cpu-profile';

/** The two read routes docs/design.md §7's CPU budget is about. */
const READ_ROUTES = (group: string) => [
  { route: 'GET /api/message_groups', path: '/api/message_groups' },
  { route: 'GET /api/messages/:id', path: `/api/messages/${group}` },
];

async function driveSdk(seconds: number, connections: number, operation: () => Promise<unknown>): Promise<Load> {
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
  return { requests: latencies.length, requestsPerSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99), errors };
}

/**
 * Full pages, as a person with some history sees them: 25 more conversations for the sender and
 * 25 more messages in `group`, so both reads answer 20 entries and a next-page cursor.
 */
async function fillPages(table: MessagingTable, sender: Person, group: string): Promise<void> {
  for (let i = 0; i < 25; i++) {
    const recipient = { uuid: randomUUID(), handle: `bench_${i}`, displayName: `Bench ${i}` };
    await table.createMessageGroup({ sender, recipient, message: `hello ${i}` });
    await table.putMessage({ messageGroupUuid: group, sender, message: `page filler ${i}` });
  }
}

/**
 * The floor must answer exactly as messages-api does (status, body bytes, paging headers), or the
 * comparison means nothing. Retried briefly: the worker may still be moving summaries.
 */
async function assertSameAnswers(paths: string[], apiUrl: string, floorUrl: string, token: string): Promise<void> {
  const answer = async (url: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    return `${response.status} Link: ${response.headers.get('link')} X-Next-Cursor: ${response.headers.get('x-next-cursor')}\n${await response.text()}`;
  };
  for (const path of paths) {
    let [api, floor] = ['', ''];
    for (let attempt = 0; attempt < 20; attempt++) {
      [api, floor] = await Promise.all([answer(`${apiUrl}${path}`), answer(`${floorUrl}${path}`)]);
      if (api === floor && api.startsWith('200 ')) break;
      await delay(500);
    }
    if (api !== floor || !api.startsWith('200 '))
      throw new Error(`GET ${path}: the floor and messages-api answer differently\napi:   ${api}\nfloor: ${floor}`);
  }
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

/** Pattern E lag at a steady rate over the three seed pairs, from the worker's own histogram. */
async function measureLag(table: MessagingTable, workerUrl: string, rate: number, seconds: number) {
  const { andrewbrown, bayko, londo } = SEED_PEOPLE;
  const person = (p: Person): Person => ({ uuid: p.uuid, handle: p.handle, displayName: p.displayName });
  const pairs = [
    [andrewbrown, bayko],
    [andrewbrown, londo],
    [bayko, londo],
  ] as const;
  await delay(2000); // let the worker drain earlier writes so the histogram delta is the steady phase only
  const before = await lagBuckets(workerUrl);
  const interval = 1000 / rate;
  const started = Date.now();
  const sends: Array<Promise<unknown>> = [];
  for (let i = 0; i < rate * seconds; i++) {
    const [from, to] = pairs[i % pairs.length];
    sends.push(table.createMessageGroup({ sender: person(from), recipient: person(to), message: `lag ${i}` }));
    await delay(Math.max(0, started + (i + 1) * interval - Date.now()));
  }
  await Promise.all(sends);
  await delay(3000);
  const after = await lagBuckets(workerUrl);
  const delta = after.map(([bound, count], i): [number, number] => [bound, count - (before[i]?.[1] ?? 0)]);
  return {
    rate,
    seconds,
    moves: delta.at(-1)?.[1] ?? 0,
    p50Ms: (histogramQuantile(delta, 0.5) ?? NaN) * 1000,
    p99Ms: (histogramQuantile(delta, 0.99) ?? NaN) * 1000,
  };
}

/**
 * What the frontend does, in a loop on every connection: both reads, a send, and a look-up by
 * handle (the one route that reaches the users service on every call).
 */
async function mixedLoad(apiUrl: string, token: string, group: string, seconds: number, connections: number): Promise<Load> {
  const authorization = `Bearer ${token}`;
  const result = await autocannon({
    url: apiUrl,
    connections,
    duration: seconds,
    requests: [
      { method: 'GET', path: '/api/message_groups', headers: { authorization } },
      { method: 'GET', path: `/api/messages/${group}`, headers: { authorization } },
      {
        method: 'POST',
        path: '/api/messages',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'memory load', message_group_uuid: group }),
      },
      { method: 'GET', path: '/api/users/@bayko/short', headers: { authorization } },
    ],
  });
  return loadOf(result);
}

interface Report {
  date: string;
  machine: string;
  apps: 'built' | 'source';
  /** What users ran on: a Postgres server (docs/design.md §7's case) or the embedded PGlite. */
  database: string;
  connections: number;
  /** Each measurement is null when BENCH_PHASES left it out. */
  cost: CostReport | null;
  cpu: { requests: number; rounds: number; fullPages: boolean; comparisons: CpuComparison[] } | null;
  post: { api: Load; sdk: Load } | null;
  lag: Awaited<ReturnType<typeof measureLag>> | null;
  memory: { seconds: number; windowSeconds: number; load: Load; apps: Record<string, RssVerdict> } | null;
  profile: ProfileSummary | null;
}

const passFail = (pass: boolean) => (pass ? 'pass' : '**fail**');

/** A part of docs/benchmarks.md that the bench rewrites: one per phase, and the CPU profile. */
type DocSection = BenchPhase | 'profile';

/** The report's first line: when, on what machine, and how the apps ran. */
function headingLine(report: Report): string {
  const { cpu, post, lag, memory, profile } = report;
  const heading = `Benchmark ${report.date.slice(0, 16).replace('T', ' ')} UTC on ${report.machine}`;
  return cpu || post || lag || memory || profile
    ? `${heading}; ${report.apps === 'built' ? 'built apps (`node dist/…/main.js`, NODE_ENV=production)' : 'apps from source (as `npm start`)'}, ` +
        `users on ${report.database}, LOG_LEVEL=info, ${report.connections} connections.`
    : `${heading}: the cost phase alone (messages-api from source, in process).`;
}

/** The lines of each measurement the report holds, in the order they ran. */
function phaseSections(report: Report): Array<[DocSection, string[]]> {
  const { cost, cpu, post, lag, memory, profile } = report;
  const sections: Array<[DocSection, string[]]> = [];
  if (cost) sections.push(['cost', costMarkdown(cost)]);
  if (cpu) {
    sections.push([
      'cpu',
      [
        `CPU per request, messages-api against the floor (bench/floor), ${cpu.rounds} alternating rounds of ${cpu.requests} requests ` +
          `per route and process (medians; ${cpu.fullPages ? 'pages of 20 entries with a next-page cursor' : 'the seed data, as under `npm start`'}):`,
        '',
        '| route | messages-api CPU ms/req | floor CPU ms/req | api / floor (rounds) | ≤ 1.3× | messages-api req/s | floor req/s |',
        '|---|---|---|---|---|---|---|',
        ...cpu.comparisons.map(
          (c) =>
            `| ${c.route} | ${c.api.cpuMsPerRequest.toFixed(2)} | ${c.floor.cpuMsPerRequest.toFixed(2)} | ` +
            `${c.ratio.toFixed(2)}× (${c.ratios.map((r) => r.toFixed(2)).join(', ')}) | ${passFail(c.pass)} | ` +
            `${c.api.requestsPerSecond.toFixed(0)} | ${c.floor.requestsPerSecond.toFixed(0)} |`,
        ),
      ],
    ]);
  }
  if (post) {
    sections.push([
      'post',
      [
        '| route | HTTP req/s | p50 ms | p99 ms | SDK direct ops/s | p50 ms | p99 ms | HTTP / direct |',
        '|---|---|---|---|---|---|---|---|',
        `| POST /api/messages | ${post.api.requestsPerSecond.toFixed(0)} | ${post.api.p50Ms.toFixed(0)} | ${post.api.p99Ms.toFixed(0)} | ` +
          `${post.sdk.requestsPerSecond.toFixed(0)} | ${post.sdk.p50Ms.toFixed(1)} | ${post.sdk.p99Ms.toFixed(1)} | ` +
          `${((100 * post.api.requestsPerSecond) / post.sdk.requestsPerSecond).toFixed(0)}% |`,
      ],
    ]);
  }
  if (lag) {
    sections.push([
      'lag',
      [
        `Pattern E lag (created_at → both summaries moved) at ${lag.rate} messages/s for ${lag.seconds} s over 3 groups: ` +
          `p50 ${lag.p50Ms.toFixed(0)} ms, p99 ${lag.p99Ms.toFixed(0)} ms (${lag.moves} moves; from the worker's histogram, bucket-interpolated).`,
      ],
    ]);
  }
  if (memory) {
    sections.push([
      'memory',
      [
        `Memory: RSS every second under ${memory.seconds} s of mixed load (both reads, a send, a look-up by handle; ` +
          `${memory.load.requestsPerSecond.toFixed(0)} req/s), means of the last three ${memory.windowSeconds} s windows:`,
        '',
        '| app | RSS MiB (windows) | peak MiB | grows | budget | |',
        '|---|---|---|---|---|---|',
        ...Object.entries(memory.apps).map(
          ([name, v]) =>
            `| ${name} | ${v.windowsMiB.map((mib) => mib.toFixed(0)).join(' → ')} | ${v.peakMiB} | ${v.grows ? 'yes' : 'no'} | ≤ ${v.budgetMiB} | ${passFail(v.pass)} |`,
        ),
      ],
    ]);
  }
  if (profile) {
    sections.push([
      'profile',
      [
        `CPU profile of messages-api over ${(profile.sampledMs / 1000).toFixed(1)} s of both reads (${profile.idlePercent.toFixed(0)}% idle); ` +
          'self time as a share of the busy time:',
        '',
        '| where | self % | | function | self % |',
        '|---|---|---|---|---|',
        ...Array.from({ length: Math.max(profile.packages.length, profile.functions.length) }, (_, i) => {
          const where = profile.packages[i];
          const fn = profile.functions[i];
          return `| ${where?.name ?? ''} | ${where ? where.percent.toFixed(1) : ''} | | ${fn ? `\`${fn.name}\`` : ''} | ${fn ? fn.percent.toFixed(1) : ''} |`;
        }),
      ],
    ]);
  }
  return sections;
}

function markdown(report: Report): string {
  return [headingLine(report), ...phaseSections(report).flatMap(([, lines]) => ['', ...lines])].join('\n');
}

/**
 * docs/benchmarks.md keeps each phase's latest results between `<!-- bench:latest:<phase> -->` and
 * `<!-- /bench:latest:<phase> -->`: the phases this run measured are replaced, dated and naming
 * the results file; the others stay as they were.
 */
function updateBenchmarksDoc(report: Report, resultsFile: string): void {
  const file = join(ROOT, 'docs', 'benchmarks.md');
  let doc = readFileSync(file, 'utf8');
  for (const [section, lines] of phaseSections(report)) {
    const [start, end] = [`<!-- bench:latest:${section} -->`, `<!-- /bench:latest:${section} -->`];
    const from = doc.indexOf(start);
    const to = doc.indexOf(end, from);
    if (from < 0 || to < 0) {
      console.warn(`docs/benchmarks.md has no ${start} … ${end}: that section is not updated`);
      continue;
    }
    const body = [`${headingLine(report)} Full report: \`${resultsFile}\`.`, '', ...lines].join('\n');
    doc = `${doc.slice(0, from + start.length)}\n${body}\n${doc.slice(to)}`;
  }
  writeFileSync(file, doc);
}

/** A report with no measurement yet. */
function emptyReport(apps: Report['apps'], database: string): Report {
  return {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    apps,
    database,
    connections: httpBenchConfig().connections,
    cost: null,
    cpu: null,
    post: null,
    lag: null,
    memory: null,
    profile: null,
  };
}

/** Prints the report, writes it to bench/results/<date>.json and .md, and updates docs/benchmarks.md. */
function writeResults(report: Report, profileJson?: string): void {
  const text = markdown(report);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = report.date.slice(0, 19).replace(/:/g, '-');
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${stamp}.md`), `${text}\n`);
  if (profileJson) writeFileSync(join(dir, `${stamp}.messages-api.cpuprofile`), profileJson);
  updateBenchmarksDoc(report, `bench/results/${stamp}.md`);
  console.log(
    `\n${text}\n\nwritten: bench/results/${stamp}.json and .md${profileJson ? ' (and .messages-api.cpuprofile)' : ''}, docs/benchmarks.md`,
  );
}

/** What the measured phases work with: the running private system and the bench's person and conversation. */
interface BenchContext {
  system: LocalSystem;
  settings: ReturnType<typeof systemBenchConfig>;
  http: ReturnType<typeof httpBenchConfig>;
  lagSettings: ReturnType<typeof benchConfig>;
  database: BenchDatabase;
  table: MessagingTable;
  token: string;
  sender: Person;
  group: string;
  apiUrl: string;
  apiPid: number;
  routes: ReturnType<typeof READ_ROUTES>;
}

/** Phase 0: DynamoDB capacity per operation, the 20-way burst and a monthly estimate (bench/cost.ts). */
async function measureCostPhase(): Promise<CostReport> {
  const cost = await measureCost();
  const row = (operation: string) => cost.rows.find((r) => r.operation === operation)!.total;
  console.log(
    `  cost: send ${row('send').wcu.toFixed(1)} WCU ${row('send').rcu.toFixed(1)} RCU, first message ${row('first').wcu.toFixed(1)} WCU, ` +
      `mark-read ${row('markReadNewest').wcu.toFixed(1)} WCU; burst p99 ${cost.burst.p99Ms.toFixed(0)} ms`,
  );
  return cost;
}

/** Phase 1: CPU per request of messages-api against the floor, per read route, in alternating rounds. */
async function compareCpuWithFloor({ settings, http, token, apiUrl, apiPid, routes }: BenchContext): Promise<NonNullable<Report['cpu']>> {
  const floor = await startFloor(ROOT, await findFreePort());
  try {
    await assertSameAnswers(
      routes.map((r) => r.path),
      apiUrl,
      floor.url,
      token,
    );
    const run = { token, connections: http.connections, ...settings.cpu };
    const comparisons: CpuComparison[] = [];
    for (const { route, path } of routes) {
      const api = { name: 'messages-api' as const, pid: apiPid, url: apiUrl };
      const comparison = await compareWithFloor(route, path, api, { name: 'floor', pid: floor.pid, url: floor.url }, run);
      comparisons.push(comparison);
      console.log(
        `  ${route}: messages-api ${comparison.api.cpuMsPerRequest.toFixed(2)} ms CPU/req, floor ${comparison.floor.cpuMsPerRequest.toFixed(2)}, ` +
          `ratio ${comparison.ratio.toFixed(2)} (${passFail(comparison.pass)})`,
      );
    }
    return { requests: settings.cpu.requests, rounds: settings.cpu.rounds, fullPages: settings.cpu.fullPages, comparisons };
  } finally {
    await floor.stop();
  }
}

/** Phase 2: POST /api/messages through the API next to the same write straight through the SDK. */
async function comparePostWithSdk({ http, token, table, sender, group, apiUrl }: BenchContext): Promise<NonNullable<Report['post']>> {
  const post = {
    api: await drive(
      `${apiUrl}/api/messages`,
      token,
      { connections: http.connections, seconds: http.seconds },
      { message: 'bench', message_group_uuid: group },
    ),
    sdk: await driveSdk(http.seconds, http.connections, () => table.putMessage({ messageGroupUuid: group, sender, message: 'bench' })),
  };
  console.log(
    `  POST /api/messages: ${post.api.requestsPerSecond.toFixed(0)} req/s via HTTP, ${post.sdk.requestsPerSecond.toFixed(0)} ops/s via SDK`,
  );
  return post;
}

/** Phase 3: the pattern E lag at a steady message rate, from the worker's own histogram. */
async function measureLagPhase({ system, table, lagSettings }: BenchContext): Promise<NonNullable<Report['lag']>> {
  const lag = await measureLag(table, system.urls.worker, lagSettings.rate, lagSettings.seconds);
  console.log(`  pattern E lag: p50 ${lag.p50Ms.toFixed(0)} ms, p99 ${lag.p99Ms.toFixed(0)} ms`);
  return lag;
}

/** Phase 4: each app's RSS every second under mixed load, judged on the last windows against its budget. */
async function sampleMemoryUnderLoad({
  system,
  settings,
  http,
  database,
  token,
  group,
  apiUrl,
}: BenchContext): Promise<NonNullable<Report['memory']>> {
  const pids = Object.fromEntries([...system.apps].map(([name, app]) => [name, app.child.pid!]));
  const sampler = sampleRssEverySecond(pids);
  const load = await mixedLoad(apiUrl, token, group, settings.memory.seconds, http.connections);
  const samples = sampler.stop();
  const budgetOf = (name: string) =>
    name === 'users'
      ? database.url
        ? BUDGETS.rssMiB.usersOnPostgres
        : BUDGETS.rssMiB.users
      : BUDGETS.rssMiB[name as 'messages-api' | 'stream-worker'];
  const apps = Object.fromEntries(
    Object.entries(samples).map(([name, series]) => [name, judgeRss(series, settings.memory.windowSeconds, budgetOf(name))]),
  );
  console.log(
    `  memory: ${Object.entries(apps)
      .map(([name, v]) => `${name} ${v.windowsMiB.at(-1)?.toFixed(0)} MiB`)
      .join(', ')}`,
  );
  return { ...settings.memory, load, apps };
}

/** Phase 5: a CPU profile of messages-api over one more read load. */
async function profileReads({
  settings,
  http,
  token,
  apiUrl,
  apiPid,
  routes,
}: BenchContext): Promise<{ profile: ProfileSummary; json: string }> {
  const taken = await profileDuring(apiPid, async () => {
    for (const { path } of routes) await drive(`${apiUrl}${path}`, token, { connections: http.connections, amount: settings.cpu.requests });
  });
  return { profile: summarizeCpuProfile(taken.profile, ROOT), json: taken.json };
}

/** The private system the phases run on (built first when the bench runs the built apps), its users on `database`. */
async function startBenchSystem(settings: ReturnType<typeof systemBenchConfig>, database: BenchDatabase) {
  const built = settings.apps === 'built';
  if (!database.url) delete process.env.DATABASE_URL;
  return startPrivateSystem(
    {
      // Request logging stays on (docs/design.md §7), at the level the containers run with, and so does their NODE_ENV
      // (which, like the containers, wants the internal transports' secrets given).
      LOG_LEVEL: 'info',
      ...(built
        ? {
            NODE_ENV: 'production',
            ALLOW_LOCAL_SERVICES: 'true',
            USERS_TRANSPORT_SECRET: randomBytes(32).toString('hex'),
            EVENTS_TRANSPORT_SECRET: randomBytes(32).toString('hex'),
          }
        : {}),
      // Per-person rate limits off: the bench drives one person at full speed on purpose.
      RATE_LIMIT_SENDS_BURST: '0',
      RATE_LIMIT_INBOUND_BURST: '0',
      RATE_LIMIT_EDITS_BURST: '0',
      RATE_LIMIT_DELETES_BURST: '0',
      RATE_LIMIT_PROFILE_BURST: '0',
      RATE_LIMIT_READS_BURST: '0',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    },
    { built, appEnv: settings.cpu.profile ? { 'messages-api': { NODE_OPTIONS: profilableNodeOptions() } } : {} },
  );
}

/** Budgets are reported, not enforced (a bench is not a test); failed requests do fail the run. */
function assertNoFailedRequests({ cpu, post, memory }: Report): void {
  const errors =
    (cpu?.comparisons.reduce((sum, c) => sum + c.errors, 0) ?? 0) +
    (post ? post.api.errors + post.sdk.errors : 0) +
    (memory?.load.errors ?? 0);
  if (errors > 0) {
    const kinds = [
      ...(post
        ? [
            ['POST', post.api],
            ['SDK', post.sdk],
          ]
        : []),
      ...(memory ? [['mixed load', memory.load]] : []),
    ] as Array<[string, Load]>;
    const which = kinds.filter(([, load]) => load.failures).map(([name, load]) => `${name}: ${JSON.stringify(load.failures)}`);
    throw new Error(`${errors} request(s) failed during the benchmark${which.length > 0 ? ` (${which.join('; ')})` : ''}`);
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const http = httpBenchConfig();
  const lagSettings = benchConfig();
  const settings = systemBenchConfig();
  const { phases } = settings;
  const cost = phases.has('cost') ? await measureCostPhase() : null;
  if (![...phases].some((phase) => phase !== 'cost')) {
    writeResults({ ...emptyReport(settings.apps, 'not used'), cost });
    return;
  }
  if (settings.apps === 'built') execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const started = Date.now();
  const database = await benchDatabase(settings.databaseUrl);
  const { system, logs, cleanup } = await startBenchSystem(settings, database).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  try {
    console.log(`system (${settings.apps}, users on ${database.description}) up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { andrewbrown, bayko } = SEED_PEOPLE;
    const group = messageGroupUuidFor(andrewbrown.uuid, bayko.uuid);
    const ddb = ddbConfig();
    const { client, doc } = createDynamoDbClients(ddb);
    const bench: BenchContext = {
      system,
      settings,
      http,
      lagSettings,
      database,
      table: new MessagingTable(doc, ddb.tableName),
      token: await seedPersonToken('andrewbrown'),
      sender: { uuid: andrewbrown.uuid, handle: andrewbrown.handle, displayName: andrewbrown.displayName },
      group,
      apiUrl: system.urls.api,
      apiPid: system.apps.get('messages-api')!.child.pid!,
      routes: READ_ROUTES(group),
    };

    if (settings.cpu.fullPages) await fillPages(bench.table, bench.sender, group);
    const cpu = phases.has('cpu') ? await compareCpuWithFloor(bench) : null;
    const post = phases.has('post') ? await comparePostWithSdk(bench) : null;
    const lag = phases.has('lag') ? await measureLagPhase(bench) : null;
    const memory = phases.has('memory') ? await sampleMemoryUnderLoad(bench) : null;
    const profiled = settings.cpu.profile ? await profileReads(bench) : undefined;
    client.destroy();

    const report: Report = {
      ...emptyReport(settings.apps, database.description),
      connections: http.connections,
      cost,
      cpu,
      post,
      lag,
      memory,
      profile: profiled?.profile ?? null,
    };
    writeResults(report, profiled?.json);
    assertNoFailedRequests(report);
  } catch (error) {
    console.error(logs().slice(-3000));
    throw error;
  } finally {
    await cleanup();
    await database.drop();
  }
}

runCommand('bench', main);
