import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loggingConfig, pathsConfig, usersTransportConfig } from '@app/common';
import { eventsTransportConfig } from '@app/live-events';
import { cognitoConfig } from '@app/cognito';
import { ddbConfig } from '@app/ddb';
import { usersClientConfig } from '@app/users-client';
import { messagesApiConfig } from '../../apps/messages-api/src/messages-api.config';
import { authConfig } from '../../apps/messages-api/src/auth/auth.config';
import { liveEventsConfig } from '../../apps/messages-api/src/events/live-events.config';
import { groupSummariesConfig } from '../../apps/stream-worker/src/group-summaries/group-summaries.config';
import { streamConsumerConfig } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.config';
import { streamWorkerConfig } from '../../apps/stream-worker/src/stream-worker.config';
import { databaseConfig } from '../../apps/users/src/database/database.config';
import { APP_NAMES, BUILT_APP_ENV, builtCommand } from '@app/dev-infra';

// These tests need no Docker engine: the compose file and the Dockerfile are checked by reading them
// (building and running them for real needs one; docs/design.md §11 for machines without a registry).
const ROOT = join(__dirname, '..', '..');
interface Service {
  image?: string;
  build?: { context: string; target: string };
  user?: string | number;
  environment?: Record<string, string>;
  ports?: string[];
  network_mode?: string;
  volumes?: string[];
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ENTRYPOINT = join(ROOT, 'bin', 'container-entrypoint.sh');
const services = compose.services;

/** Every config factory an app calls at boot, run against that service's environment. */
const APP_CONFIGS: Record<string, Array<() => unknown>> = {
  'messages-api': [
    messagesApiConfig,
    authConfig,
    liveEventsConfig,
    eventsTransportConfig,
    ddbConfig,
    cognitoConfig,
    usersTransportConfig,
    usersClientConfig,
    loggingConfig,
    pathsConfig,
  ],
  users: [databaseConfig, cognitoConfig, usersTransportConfig, loggingConfig, pathsConfig],
  'stream-worker': [
    streamWorkerConfig,
    streamConsumerConfig,
    groupSummariesConfig,
    eventsTransportConfig,
    ddbConfig,
    usersTransportConfig,
    loggingConfig,
  ],
};

/** The Dockerfile's stages: base and last USER of each, and the ENV it sets. */
function dockerfileStages() {
  const stages = new Map<string, { base: string; user?: string; env: Record<string, string> }>();
  let current: { base: string; user?: string; env: Record<string, string> } | undefined;
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?\s*$/i.exec(line);
    if (from) {
      current = { base: from[1], env: {} };
      if (from[2]) stages.set(from[2], current);
    } else if (current && /^USER\s/i.test(line)) {
      current.user = line.split(/\s+/)[1];
    } else if (current && /^ENV\s/i.test(line)) {
      for (const pair of line.split(/\s+/).slice(1)) current.env[pair.split('=')[0]] = pair.slice(pair.indexOf('=') + 1);
    }
  }
  return stages;
}

/** The user a service's container runs as: its `user:`, else its Dockerfile target's USER (inherited), else the image's default (root). */
function runsAs(service: Service): string | undefined {
  if (service.user !== undefined) return String(service.user);
  const stages = dockerfileStages();
  for (let stage = service.build && stages.get(service.build.target); stage; stage = stages.get(stage.base)) {
    if (stage.user) return stage.user;
  }
  return undefined;
}

/** The variables the images' entrypoint reads from NAME_FILE into NAME (its `for name in ...` list). */
function entrypointFileVariables(): string[] {
  const list = /^for name in ([A-Z0-9_ ]+); do$/m.exec(readFileSync(ENTRYPOINT, 'utf8'));
  return list ? list[1].trim().split(/\s+/) : [];
}

/** What an app's process sees: its image's ENV, the service's environment, NAME_FILE turned into NAME by the entrypoint. */
function processEnv(name: string): Record<string, string> {
  const env: Record<string, string> = { ...dockerfileStages().get('runtime')?.env, ...services[name].environment };
  for (const variable of entrypointFileVariables()) {
    if (env[`${variable}_FILE`] === undefined) continue;
    env[variable] = `read-from-${env[`${variable}_FILE`]}`;
    delete env[`${variable}_FILE`];
  }
  return env;
}

function withEnv<T>(env: Record<string, string>, read: () => T): T {
  const saved = process.env;
  process.env = { PATH: saved.PATH, ...env };
  try {
    return read();
  } finally {
    process.env = saved;
  }
}

/** A compose volume entry `source:target[:mode]`. */
function mounts(service: Service) {
  return (service.volumes ?? []).map((entry) => {
    const [source, target, mode] = entry.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
}

const SECRET_NAME = /pass(word)?|secret|token|private_?key|credential/i;
/** `${NAME:?message}` / `${NAME?message}`: from the environment or an env file, no default. */
const REQUIRED_INTERPOLATION = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?\?[^}]*\}$/;
/** DynamoDB Local and the Cognito emulator accept any AWS credentials; the SDK only needs some. */
const EMULATOR_CREDENTIALS: Record<string, string> = { AWS_SECRET_ACCESS_KEY: 'local' };

describe('docker-compose.yml and Dockerfile', () => {
  it.each(Object.keys(APP_CONFIGS))('gives %s an environment its config schemas accept, with no local-only defaults', (name) => {
    const env = processEnv(name);
    for (const config of APP_CONFIGS[name]) expect(() => withEnv(env, config)).not.toThrow();
    expect(env.DDB_ENDPOINT ?? env.DATABASE_URL).toBeDefined();
    if (name === 'users') expect(withEnv(env, databaseConfig).url).toMatch(/^postgres:\/\//);
  });

  it('points every app at the services that exist, on the ports they listen on', () => {
    for (const name of Object.keys(APP_CONFIGS)) {
      const env = processEnv(name);
      const ddb = withEnv(env, ddbConfig);
      expect(services[new URL(ddb.endpoint!).hostname]).toBeDefined();
      expect(new URL(ddb.endpoint!).port).toBe('8000');
    }
    const api = processEnv('messages-api');
    expect(services[new URL(withEnv(api, cognitoConfig).endpoint!).hostname]).toBeDefined();
    expect(withEnv(api, usersTransportConfig)).toEqual({ transport: expect.anything(), options: { host: 'users', port: 4568 } });
    expect(withEnv(processEnv('users'), usersTransportConfig)).toMatchObject({ options: { host: '0.0.0.0', port: 4568 } });
    expect(services[new URL(processEnv('users').DATABASE_URL).hostname]).toBeDefined();

    // Inside their containers the apps listen on every interface (else nothing reaches them); what the
    // host sees is decided by `ports:` alone.
    expect(withEnv(api, messagesApiConfig)).toMatchObject({ host: '0.0.0.0', port: 4567 });
    expect(withEnv(processEnv('stream-worker'), streamWorkerConfig)).toMatchObject({ host: '0.0.0.0', port: 4569 });
  });

  it('builds every service from a Dockerfile target that exists, apps from the runtime stage', () => {
    const targets = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]));
    for (const [name, service] of Object.entries(services)) {
      if (service.build) expect({ name, target: targets.has(service.build.target) }).toEqual({ name, target: true });
    }
    for (const app of Object.keys(APP_CONFIGS)) {
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${app}$`, 'm'));
    }
    expect(dockerfile).toMatch(/FROM \S+ AS runtime[\s\S]*?^USER node$/m);
  });

  it("runs each app's own build with the node flags and environment the launcher gives built apps (the bench measures what ships)", () => {
    for (const app of APP_NAMES) {
      const stage = new RegExp(`^FROM runtime AS ${app}$([\\s\\S]*?)(?=^FROM |(?![\\s\\S]))`, 'm').exec(dockerfile)?.[1] ?? '';
      expect(stage).toMatch(new RegExp(`^COPY --from=build --chown=node:node /app/dist/apps/${app} \\./dist$`, 'm'));
      const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(stage)?.[1] ?? '[]') as string[];
      const flags = builtCommand(app).slice(0, -1);
      expect({ app, cmd }).toEqual({ app, cmd: ['node', ...flags, `dist/apps/${app}/src/main.js`] });
    }
    const runtimeEnv = /^FROM \S+ AS runtime$[\s\S]*?^ENV (.*)$/m.exec(dockerfile)?.[1] ?? '';
    for (const [name, value] of Object.entries(BUILT_APP_ENV)) expect(runtimeEnv.split(' ')).toContain(`${name}=${value}`);
  });

  it('waits on health: every depends_on names a service, and service_healthy ones have a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, exists: dependency in services }).toEqual({ name, dependency, exists: true });
        if (condition === 'service_healthy') expect(services[dependency].healthcheck).toBeDefined();
      }
    }
    expect(services['messages-api'].depends_on).toMatchObject({
      setup: { condition: 'service_completed_successfully' },
      users: { condition: 'service_healthy' },
    });
  });
});

describe('docker-compose.yml: internal services are not public (docs/design.md §10)', () => {
  it('publishes only messages-api, and only on 127.0.0.1', () => {
    const published = Object.entries(services)
      .filter(([, service]) => (service.ports ?? []).length > 0 || service.network_mode === 'host')
      .map(([name]) => name);
    expect(published).toEqual(['messages-api']);
    expect(services['messages-api'].ports).toEqual([`127.0.0.1:4567:${withEnv(processEnv('messages-api'), messagesApiConfig).port}`]);
  });

  it('runs messages-api replicas that share live events through the compose network’s broker, unpublished but the first', () => {
    const replicas = Object.entries(services).filter(([, service]) => service.build?.target === 'messages-api');
    expect(replicas.map(([name]) => name)).toEqual(['messages-api', 'messages-api-2']);
    for (const name of [...replicas.map(([replica]) => replica), 'stream-worker']) {
      const transport = withEnv(processEnv(name), eventsTransportConfig).client;
      expect({ name, transport: transport.transport }).toEqual({ name, transport: 'nats' });
      if (transport.transport === 'nats') expect(services[new URL(transport.servers[0]).hostname]).toBeDefined();
      expect(services[name].environment).toHaveProperty('EVENTS_TRANSPORT_SECRET_FILE');
    }
    expect(services.nats.ports).toBeUndefined();
  });

  it('keeps the Cognito emulator local-only: unpublished, and marked so in the file', () => {
    expect(services.cognito.ports).toBeUndefined();
    const lines = composeText.split('\n');
    const comment: string[] = [];
    for (let i = lines.indexOf('  cognito:') - 1; i >= 0 && /^\s*#/.test(lines[i]); i--) comment.unshift(lines[i]);
    expect(comment.join('\n')).toMatch(/local-only/i);
  });

  it('runs no container as root: a non-root `user:`, or a Dockerfile target whose USER is not root', () => {
    for (const [name, service] of Object.entries(services)) {
      const user = runsAs(service);
      expect({ name, user, nonRoot: user !== undefined && !/^(root|0)(:|$)/.test(user) }).toEqual({ name, user, nonRoot: true });
    }
  });

  it('holds no literal password or secret: not in environment values, not in URLs, no defaults', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAME.test(key) || key.endsWith('_FILE') || EMULATOR_CREDENTIALS[key] === value) continue;
        expect({ name, key, value, literal: !REQUIRED_INTERPOLATION.test(String(value)) }).toEqual({ name, key, value, literal: false });
      }
    }
    // Anywhere in the file (environment, commands, healthchecks): credentials inside URLs ...
    for (const [url, password] of composeText.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/@:'"]+:([^\s/@'"]+)@/gi)) {
      expect({ url, literal: !REQUIRED_INTERPOLATION.test(password) }).toEqual({ url, literal: false });
    }
    // ... and interpolations of secret-looking variables with a default (`${PASSWORD:-x}`, `${PASSWORD-x}`).
    for (const [interpolation, variable] of composeText.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)\}/g)) {
      expect({ interpolation, secret: SECRET_NAME.test(variable) }).toEqual({ interpolation, secret: false });
    }
  });

  it('hands secrets over as files the init job makes, in volumes mounted read-only where they are read', () => {
    const init = services.init;
    expect(init).toMatchObject({ restart: 'no' });
    const initMounts = mounts(init);
    let files = 0;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, file] of Object.entries(service.environment ?? {})) {
        if (!key.endsWith('_FILE') || !SECRET_NAME.test(key)) continue;
        files++;
        const mount = mounts(service).find(({ target }) => file.startsWith(`${target}/`));
        // the same volume, at the same place, in the init job, whose command makes that file
        const made =
          mount &&
          initMounts.some(({ source, target }) => source === mount.source && target === mount.target) &&
          init.command!.includes(file);
        expect({ name, key, file, readOnly: mount?.readOnly, made }).toEqual({ name, key, file, readOnly: true, made: true });
        // the process then waits for the init job to have run
        expect({ name, waits: dependsOnTransitively(name, 'init') }).toEqual({ name, waits: true });
        // the project's images turn NAME_FILE into NAME (the apps read NAME); postgres reads POSTGRES_PASSWORD_FILE itself
        if (service.build) expect(entrypointFileVariables()).toContain(key.replace(/_FILE$/, ''));
      }
    }
    expect(files).toBeGreaterThanOrEqual(5); // postgres, setup and users: the Postgres password; the three apps: USERS_TRANSPORT_SECRET
    for (const app of Object.keys(APP_CONFIGS)) expect(services[app].environment).toHaveProperty('USERS_TRANSPORT_SECRET_FILE');
  });

  it('lets the init job (not root) write every secret volume: each mount point is made and given to node in its image', () => {
    // A new named volume takes its mount point's owner; one the image lacks is root's, and init (as node) cannot write it.
    const tools = /^FROM \S+ AS tools$([\s\S]*?)(?=^FROM |(?![\s\S]))/m.exec(dockerfile)?.[1] ?? '';
    const owned = /RUN mkdir -p ([^\n\\]+)\\?\n\s*&& chown -R node:node/.exec(tools)?.[1].trim().split(/\s+/) ?? [];
    const secretMounts = mounts(services.init)
      .map(({ target }) => target)
      .filter((target) => target.startsWith('/run/secrets/'));
    expect(secretMounts.length).toBeGreaterThanOrEqual(3);
    for (const target of secretMounts) expect({ target, owned: owned.includes(target) }).toEqual({ target, owned: true });
  });

  it("the images' entrypoint exports NAME from NAME_FILE, and refuses both or an unreadable file", () => {
    const dir = mkdtempSync(join(tmpdir(), 'entrypoint-'));
    try {
      writeFileSync(join(dir, 'secret'), 'f00d');
      const run = (env: Record<string, string>) =>
        execFileSync('sh', [ENTRYPOINT, 'sh', '-c', 'echo "$USERS_TRANSPORT_SECRET|${USERS_TRANSPORT_SECRET_FILE-unset}"'], {
          env: { PATH: process.env.PATH, ...env },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      expect(run({ USERS_TRANSPORT_SECRET_FILE: join(dir, 'secret') })).toBe('f00d|unset\n');
      expect(run({ USERS_TRANSPORT_SECRET: 'given' })).toBe('given|unset\n');
      expect(() => run({ USERS_TRANSPORT_SECRET: 'given', USERS_TRANSPORT_SECRET_FILE: join(dir, 'secret') })).toThrow(/both/);
      expect(() => run({ USERS_TRANSPORT_SECRET_FILE: join(dir, 'missing') })).toThrow(/not readable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(dockerfile).toMatch(/FROM \S+ AS runtime[\s\S]*?^ENTRYPOINT \["container-entrypoint"\]$/m);
    expect(dockerfile).toMatch(/FROM \S+ AS tools[\s\S]*?^ENTRYPOINT \["container-entrypoint"\]$/m);
  });
});

function dependsOnTransitively(name: string, target: string, seen = new Set<string>()): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const dependencies = Object.keys(services[name]?.depends_on ?? {});
  return dependencies.includes(target) || dependencies.some((dependency) => dependsOnTransitively(dependency, target, seen));
}
