// Measures the stream Lambda's cold-start init locally: a fresh node process per run requires the
// bundle (as Lambda's init does) and handles one empty batch (the first invocation builds the Nest
// context). The bundle is copied to a temporary folder with no node_modules, as Lambda sees it.
//   node scripts/measure-cold-start.mjs [runs]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleStreamLambda } from './bundle-stream-lambda.mjs';

const runs = Number(process.argv[2] ?? 5);
const folder = mkdtempSync(join(tmpdir(), 'stream-lambda-'));
try {
  await bundleStreamLambda(folder);
  const probe = join(folder, 'probe.cjs');
  writeFileSync(
    probe,
    `const t0 = process.hrtime.bigint();
const { handler } = require('./index.js');
const t1 = process.hrtime.bigint();
handler({ Records: [] }).then((result) => {
  const t2 = process.hrtime.bigint();
  if (result.batchItemFailures.length !== 0) throw new Error('an empty batch reported failures');
  process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, firstBatchMs: Number(t2 - t1) / 1e6, rssMiB: process.memoryUsage().rss / 2 ** 20 }));
});`,
  );
  const environment = { PATH: process.env.PATH, NODE_ENV: 'production', DDB_ENDPOINT: '', DDB_TABLE_NAME: 'cruddur-messages', AWS_REGION: 'us-east-1', LOG_LEVEL: 'warn', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const samples = [];
  for (let run = 0; run < runs; run += 1) samples.push(JSON.parse(execFileSync(process.execPath, [probe], { cwd: folder, env: environment, encoding: 'utf8' })));
  const median = (key) => samples.map((sample) => sample[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
  console.log(`stream Lambda cold start, median of ${runs} fresh processes (node ${process.version}):`);
  console.log(`  require the bundle: ${median('requireMs').toFixed(0)} ms; first (empty) batch incl. the Nest context: ${median('firstBatchMs').toFixed(0)} ms; RSS ${median('rssMiB').toFixed(0)} MiB`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
