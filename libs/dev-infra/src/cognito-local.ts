import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertPortFree, ownChildProcess, waitForHttp } from './child-processes';

export interface LocalCognitoOptions {
  /** Default 9229, the emulator's usual port. */
  port?: number;
  /** Where the emulator keeps its pools and users (it writes `.cognito/` below this). */
  dataDir: string;
  /** Interface to listen on; default 127.0.0.1. */
  hostname?: string;
  /** Origin written into tokens' `iss` (what the verifiers reach it by); default http://127.0.0.1:<port>. */
  issuerDomain?: string;
  readyTimeoutMs?: number;
}

export interface LocalCognito {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the `cognito-local` emulator as a child process. It issues real RS256-signed JWTs and
 * serves a JWKS, so token verification runs the same code path as against real Cognito.
 * Usernames are emails (as in a pool with `UsernameAttributes: ['email']`).
 */
export async function startCognitoLocal(options: LocalCognitoOptions): Promise<LocalCognito> {
  const port = options.port ?? 9229;
  const dataDir = resolve(options.dataDir);
  await assertPortFree(port, 'the Cognito emulator', options.hostname ?? '127.0.0.1');
  const endpoint = `http://127.0.0.1:${port}`;
  const hostname = options.hostname ?? '127.0.0.1';
  // The emulator reads its settings from .cognito/config.json under its working directory.
  mkdirSync(join(dataDir, '.cognito'), { recursive: true });
  writeFileSync(
    join(dataDir, '.cognito', 'config.json'),
    JSON.stringify(
      {
        UserPoolDefaults: { UsernameAttributes: ['email'] },
        TokenConfig: { IssuerDomain: options.issuerDomain ?? endpoint },
        ServerConfig: { port, hostname },
      },
      null,
      2,
    ),
  );
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const remember = (chunk: Buffer) => output.push(chunk.toString()) > 40 && output.shift();
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  let exit: Error | undefined;
  child.once('exit', (code, signal) => {
    exit = new Error(`cognito-local exited (${signal ?? `code ${code}`}):\n${output.join('').trim().slice(-2000)}`);
  });

  try {
    await waitForHttp(`${endpoint}/health`, options.readyTimeoutMs ?? 20_000, () => !exit);
  } catch (error) {
    if (exit) throw exit;
    child.kill('SIGKILL');
    throw new Error(`cognito-local did not answer on ${endpoint} in time:\n${output.join('').slice(-2000)}`, { cause: error });
  }
  // Never outlive the process that started it (a test run that fails still exits).
  return { endpoint, port, stop: ownChildProcess(child) };
}
