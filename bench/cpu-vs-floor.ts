import { BUDGETS } from './budgets';
import { drive, median } from './load';
import { cpuMs } from './local-run';

/** A process serving the read routes: messages-api or the floor. */
export interface Server {
  name: 'messages-api' | 'floor';
  pid: number;
  url: string;
}

export interface Round {
  cpuMsPerRequest: number;
  requestsPerSecond: number;
  errors: number;
}

export interface CpuComparison {
  route: string;
  api: { cpuMsPerRequest: number; requestsPerSecond: number; rounds: Round[] };
  floor: { cpuMsPerRequest: number; requestsPerSecond: number; rounds: Round[] };
  /** api / floor CPU per request, one per round, and their median (what the budget is about). */
  ratios: number[];
  ratio: number;
  pass: boolean;
  errors: number;
}

export interface CpuRun {
  token: string;
  connections: number;
  requests: number;
  rounds: number;
  warmupRequests: number;
}

/**
 * CPU per request of messages-api and of the floor on one route, in alternating rounds of the same
 * number of requests, each process's own CPU time read from /proc before and after its round.
 * Taking turns (and swapping who goes first each round) exposes both to the same background noise
 * of a shared machine, so the ratio of one round is fair even when absolute figures drift.
 */
export async function compareWithFloor(route: string, path: string, api: Server, floor: Server, run: CpuRun): Promise<CpuComparison> {
  const connections = run.connections;
  for (const server of [api, floor]) {
    if (run.warmupRequests > 0) await drive(`${server.url}${path}`, run.token, { connections, amount: run.warmupRequests });
  }
  const rounds: Record<Server['name'], Round[]> = { 'messages-api': [], floor: [] };
  for (let round = 0; round < run.rounds; round++) {
    for (const server of round % 2 === 0 ? [api, floor] : [floor, api]) {
      const before = cpuMs(server.pid);
      const load = await drive(`${server.url}${path}`, run.token, { connections, amount: run.requests });
      const spent = cpuMs(server.pid) - before;
      rounds[server.name].push({ cpuMsPerRequest: spent / load.requests, requestsPerSecond: load.requestsPerSecond, errors: load.errors });
    }
  }
  const summary = (of: Round[]) => ({
    cpuMsPerRequest: median(of.map((r) => r.cpuMsPerRequest)),
    requestsPerSecond: median(of.map((r) => r.requestsPerSecond)),
    rounds: of,
  });
  const ratios = rounds['messages-api'].map((r, index) => r.cpuMsPerRequest / rounds.floor[index].cpuMsPerRequest);
  const ratio = median(ratios);
  const errors = [...rounds['messages-api'], ...rounds.floor].reduce((sum, r) => sum + r.errors, 0);
  return {
    route,
    api: summary(rounds['messages-api']),
    floor: summary(rounds.floor),
    ratios,
    ratio,
    pass: ratio <= BUDGETS.cpuOverFloor,
    errors,
  };
}
