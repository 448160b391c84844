import { type AppName, type AppOutput, type AppProcess, startApp } from './app-process';
import { waitForHttp, waitForTcp } from './child-processes';

/** The three apps as child processes, each awaited until ready. */
export interface AppFleet {
  /** Running apps by name. */
  apps: Map<AppName, AppProcess>;
  /** Starts an app; resolves once it is ready (users: its TCP port accepts; the others: `/ready` answers 200). */
  start(name: AppName): Promise<void>;
  /** Starts all three, users and stream-worker first. */
  startAll(): Promise<void>;
  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. Resolves once it has exited. */
  stop(name: AppName, signal?: NodeJS.Signals): Promise<void>;
  stopAll(): Promise<void>;
}

/** How the apps are launched: built or from source, and settings for one app only. */
export interface AppLaunchOptions {
  /** Run `npm run build` output (which must exist) instead of the sources. */
  built?: boolean;
  /** Extra environment of one app (e.g. NODE_OPTIONS for a profiler), over the shared one. */
  appEnv?: Partial<Record<AppName, NodeJS.ProcessEnv>>;
}

/** The three apps with one shared environment, on the given ports (the ones that environment sets). */
export function appFleet(
  root: string,
  env: NodeJS.ProcessEnv,
  ports: Record<AppName, number>,
  output?: (name: AppName) => AppOutput,
  launch: AppLaunchOptions = {},
): AppFleet {
  const apps = new Map<AppName, AppProcess>();
  const readyUrl = (name: AppName) => `http://127.0.0.1:${ports[name]}/ready`;
  const start = async (name: AppName) => {
    const app = startApp(root, name, { ...env, ...launch.appEnv?.[name] }, output?.(name), launch.built);
    apps.set(name, app);
    app.child.once('exit', () => apps.get(name) === app && apps.delete(name));
    const alive = () => apps.get(name) === app;
    if (name === 'users') await waitForTcp(ports.users, 60_000, alive);
    else await waitForHttp(readyUrl(name), 60_000, alive);
  };
  return {
    apps,
    start,
    async startAll() {
      await Promise.all([start('users'), start('stream-worker')]);
      await start('messages-api');
    },
    async stop(name, signal = 'SIGTERM') {
      const app = apps.get(name);
      if (!app) return;
      if (signal === 'SIGTERM') return app.stop();
      const exited = new Promise((done) => app.child.once('exit', done));
      app.child.kill(signal);
      await exited;
    },
    async stopAll() {
      await Promise.all([...apps.values()].map((app) => app.stop()));
    },
  };
}
