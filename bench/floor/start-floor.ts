import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ownChildProcess, waitForHttp } from '@app/dev-infra';

/**
 * Starts floor-server.ts as its own process, from source (its load-time compile is over before
 * anything is measured), with this process's environment: the same DynamoDB, Cognito pool and
 * users service as the apps. Resolves once it answers.
 */
export async function startFloor(root: string, port: number): Promise<{ pid: number; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('bench', 'floor', 'floor-server.ts')], {
    cwd: root,
    env: { ...process.env, FLOOR_HOST: '127.0.0.1', FLOOR_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = ownChildProcess(child);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, 60_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, url, stop };
}
