import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { waitUntil } from '@app/dev-infra';

const PRELOAD_NAME = 'cpu-profile-on-signal.mjs';

/** NODE_OPTIONS that make an app profilable on demand (see cpu-profile-on-signal.mjs). */
export function profilableNodeOptions(): string {
  return `--import=${pathToFileURL(join(__dirname, PRELOAD_NAME)).href}`;
}

/** The subset of V8's .cpuprofile format read here. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * A CPU profile of process `pid` (started with profilableNodeOptions) over the time `load` runs,
 * parsed and as written (a .cpuprofile, for Chrome DevTools or speedscope).
 */
export async function profileDuring(pid: number, load: () => Promise<void>): Promise<{ profile: CpuProfile; json: string }> {
  const file = join(tmpdir(), `cruddur-cpu-${pid}.cpuprofile`);
  rmSync(file, { force: true });
  process.kill(pid, 'SIGWINCH');
  await delay(200); // the profiler starts asynchronously in the app
  await load();
  process.kill(pid, 'SIGWINCH');
  await waitUntil(() => existsSync(file), {
    timeoutMs: 15_000,
    what: `a CPU profile from process ${pid} (was it started with profilableNodeOptions?)`,
  });
  const json = readFileSync(file, 'utf8');
  rmSync(file, { force: true });
  return { profile: JSON.parse(json) as CpuProfile, json };
}

export interface SelfTime {
  name: string;
  selfMs: number;
  /** Share of the busy (not idle) samples. */
  percent: number;
}

export interface ProfileSummary {
  sampledMs: number;
  idlePercent: number;
  functions: SelfTime[];
  packages: SelfTime[];
}

/**
 * Self time by function (name and file:line) and by where the code lives (an npm package, Node's
 * internals, the app's own code, or V8's pseudo-frames such as the garbage collector). A native
 * function (no source, e.g. a socket's `writev`) counts where its nearest caller outside Node's
 * internals lives, if any. The
 * profiler's own frames (starting and stopping it) are left out.
 */
export function summarizeCpuProfile(profile: CpuProfile, root: string, top = 15): ProfileSummary {
  const parentOf = new Map<number, CpuProfile['nodes'][number]>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const ancestors = function* (id: number) {
    for (let node = parentOf.get(id); node; node = parentOf.get(node.id)) yield node;
  };
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => selfByNode.set(nodeId, (selfByNode.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (totals: Map<string, number>, key: string, us: number) => totals.set(key, (totals.get(key) ?? 0) + us);
  let idleUs = 0;
  let totalUs = 0;
  for (const node of profile.nodes) {
    const us = selfByNode.get(node.id) ?? 0;
    if (us === 0 || [node, ...ancestors(node.id)].some((frame) => frame.callFrame.url.endsWith(PRELOAD_NAME))) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (url || functionName.startsWith('(')) {
      add(byFunction, `${functionName || '(anonymous)'}${url ? ` ${shortLocation(url, root)}:${lineNumber + 1}` : ''}`, us);
      add(byPackage, url ? ownerOf(url) : functionName, us);
      continue;
    }
    // Node's own stream code sits between most natives and the code that asked for the work.
    const callers = [...ancestors(node.id)].filter((frame) => frame.callFrame.url);
    const caller = (callers.find((frame) => !frame.callFrame.url.startsWith('node:')) ?? callers[0])?.callFrame;
    add(byFunction, `${functionName} (native)${caller ? ` from ${shortLocation(caller.url, root)}:${caller.lineNumber + 1}` : ''}`, us);
    add(byPackage, caller ? ownerOf(caller.url) : '(native)', us);
  }
  const busyUs = totalUs - idleUs;
  const ranked = (totals: Map<string, number>) =>
    [...totals]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (100 * us) / Math.max(1, busyUs) }));
  return {
    sampledMs: totalUs / 1000,
    idlePercent: (100 * idleUs) / Math.max(1, totalUs),
    functions: ranked(byFunction),
    packages: ranked(byPackage),
  };
}

function shortLocation(url: string, root: string): string {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) return path.slice(inModules + 'node_modules/'.length);
  return path.startsWith(root) ? path.slice(root.length + 1) : path;
}

function ownerOf(url: string): string {
  if (url.startsWith('node:')) return 'node (internals)';
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules < 0) return 'the app and its libs';
  const [first, second] = path.slice(inModules + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}
