// `npm run infra:check` (from the repository root): everything CI checks about infra/, offline and
// without AWS credentials. Uses node built-ins only, since infra's own packages may not be installed yet.
//   1. install infra's package when infra/node_modules is missing or older than its lock file
//   2. typecheck the CDK app
//   3. cdk synth, for both stream consumers (the Lambda mapping and the stream-worker service)
//   4. the assertion tests over the synthesized template (and schema-load against DynamoDB Local)
//   5. AWS's offline CloudFormation validator over both templates: zero errors
// Exits non-zero at the first failing step, after a short summary.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const infra = join(dirname(fileURLToPath(import.meta.url)), '..');
const repository = join(infra, '..');
const INSTALL_STAMP = join(infra, 'node_modules', '.installed-lock-sha256');
const ASSEMBLIES = { lambda: 'cdk.out', service: 'cdk.out.service' };

// No credentials reach any step: synth must not need them, and nothing may talk to AWS.
const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_|^CDK_DEFAULT_/.test(name)));
Object.assign(environment, {
  AWS_EC2_METADATA_DISABLED: 'true',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const results = [];
const started = Date.now();

function step(name, command, args, options = {}) {
  const begin = Date.now();
  console.log(`\ninfra:check ▸ ${name}`);
  const run = spawnSync(command, args, { cwd: infra, env: environment, stdio: 'inherit', ...options });
  const seconds = (Date.now() - begin) / 1000;
  const ok = run.status === 0;
  results.push({ name, ok, seconds });
  if (!ok) finish(`${name} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
}

function finish(failure) {
  console.log('\ninfra:check summary');
  for (const { name, ok, seconds } of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)`);
  console.log(`  total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (failure) {
    console.log(`infra:check FAILED: ${failure}`);
    process.exit(1);
  }
  console.log('infra:check passed');
  process.exit(0);
}

const lockHash = createHash('sha256').update(readFileSync(join(infra, 'package-lock.json'))).digest('hex');
if (!existsSync(join(repository, 'node_modules'))) {
  finish('the repository root has no node_modules: run `npm ci` at the root first (the Lambda bundle and schema-load use the apps\' packages)');
}
if (!existsSync(INSTALL_STAMP) || readFileSync(INSTALL_STAMP, 'utf8') !== lockHash) {
  step('npm ci --prefix infra', 'npm', ['ci', '--prefix', infra, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repository });
  writeFileSync(INSTALL_STAMP, lockHash);
} else {
  results.push({ name: 'infra install (up to date)', ok: true, seconds: 0 });
}

const bin = (name) => join(infra, 'node_modules', '.bin', name);
step('typecheck (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
for (const [consumer, outdir] of Object.entries(ASSEMBLIES)) {
  rmSync(join(infra, outdir), { recursive: true, force: true });
  step(`cdk synth (streamConsumer=${consumer})`, bin('cdk'), ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-c', `streamConsumer=${consumer}`, '-o', outdir]);
}
const tests = readdirSync(join(infra, 'test')).filter((name) => name.endsWith('.test.ts')).map((name) => join('test', name));
step('assertion tests (node:test)', process.execPath, ['--test', '--test-reporter=spec', '-r', '@swc-node/register', ...tests]);
step('CloudFormation validator', process.execPath, ['scripts/validate-templates.mjs', ...Object.values(ASSEMBLIES)]);
finish();
