/**
 * GET /api/message_groups through messages-api (autocannon) next to the same DynamoDB query
 * driven directly through the SDK, at the same concurrency for the same time.
 *
 *   npm run bench:message-groups                 (the system must be running: npm start)
 *   BENCH_HTTP_SECONDS=10 BENCH_CONNECTIONS=10 API_URL=http://127.0.0.1:4567 npm run bench:message-groups
 */
import autocannon from 'autocannon';
import { SEED_PEOPLE } from '@app/common';
import { createDynamoDbClients, ddbConfig, MessagingTable } from '@app/ddb';
import { httpBenchConfig } from './bench.config';
import { seedPersonToken } from '../apps/users/cli/local-cognito';

async function rawQueries(seconds: number, connections: number): Promise<{ rps: number; p50: number; p99: number }> {
  const options = ddbConfig();
  const { client, doc } = createDynamoDbClients(options);
  const table = new MessagingTable(doc, options.tableName);
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await table.listMessageGroups(SEED_PEOPLE.andrewbrown.uuid, { limit: 20 });
        latencies.push(performance.now() - started);
      }
    }),
  );
  client.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const { apiUrl, seconds, connections } = httpBenchConfig();
  const token = await seedPersonToken('andrewbrown');
  const api = await autocannon({
    url: `${apiUrl}/api/message_groups`,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  if (api.non2xx > 0 || api.errors > 0) throw new Error(`API answered ${api.non2xx} non-2xx and ${api.errors} errors`);
  const raw = await rawQueries(seconds, connections);
  const row = (name: string, rps: number, p50: number, p99: number) =>
    `| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(1)} | ${p99.toFixed(1)} |`;
  console.log(`\n${connections} connections, ${seconds} s each\n`);
  console.log('| what | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
  console.log(row('GET /api/message_groups (HTTP)', api.requests.average, api.latency.p50, api.latency.p99));
  console.log(row('Query GRP#{user} (SDK direct)', raw.rps, raw.p50, raw.p99));
  console.log(`\nAPI / raw: ${((api.requests.average / raw.rps) * 100).toFixed(0)}%`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
