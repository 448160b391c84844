import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loggingConfig, pathsConfig, usersTransportConfig } from '@app/common';
import { cognitoConfig } from '@app/cognito';
import { ddbConfig } from '@app/ddb';
import { usersClientConfig } from '@app/users-client';
import { messagesApiConfig } from '../../apps/messages-api/src/messages-api.config';
import { authConfig } from '../../apps/messages-api/src/auth/auth.config';
import { eventsConfig } from '../../apps/stream-worker/src/events/events.config';
import { groupSummariesConfig } from '../../apps/stream-worker/src/group-summaries/group-summaries.config';
import { streamConsumerConfig } from '../../apps/stream-worker/src/stream-consumer/stream-consumer.config';
import { streamWorkerConfig } from '../../apps/stream-worker/src/stream-worker.config';
import { databaseConfig } from '../../apps/users/src/database/database.config';

// No Docker engine runs here: the compose file and the Dockerfile are checked by reading them.
const ROOT = join(__dirname, '..', '..');
interface Service {
  image?: string;
  build?: { context: string; target: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const services = compose.services;

/** Every config factory an app calls at boot, run against that service's environment. */
const APP_CONFIGS: Record<string, Array<() => unknown>> = {
  'messages-api': [messagesApiConfig, authConfig, ddbConfig, cognitoConfig, usersTransportConfig, usersClientConfig, loggingConfig, pathsConfig],
  users: [databaseConfig, cognitoConfig, usersTransportConfig, loggingConfig, pathsConfig],
  'stream-worker': [streamWorkerConfig, streamConsumerConfig, groupSummariesConfig, eventsConfig, ddbConfig, usersTransportConfig, loggingConfig],
};

function withEnv<T>(env: Record<string, string>, read: () => T): T {
  const saved = process.env;
  process.env = { PATH: saved.PATH, ...env };
  try {
    return read();
  } finally {
    process.env = saved;
  }
}

describe('docker-compose.yml and Dockerfile', () => {
  it.each(Object.keys(APP_CONFIGS))('gives %s an environment its config schemas accept, with no local-only defaults', (name) => {
    const env = services[name].environment ?? {};
    for (const config of APP_CONFIGS[name]) expect(() => withEnv(env, config)).not.toThrow();
    expect(env.DDB_ENDPOINT ?? env.DATABASE_URL).toBeDefined();
    if (name === 'users') expect(withEnv(env, databaseConfig).url).toMatch(/^postgres:\/\//);
  });

  it('points every app at the services that exist, on the ports they listen on', () => {
    for (const name of Object.keys(APP_CONFIGS)) {
      const env = services[name].environment ?? {};
      const ddb = withEnv(env, ddbConfig);
      expect(services[new URL(ddb.endpoint!).hostname]).toBeDefined();
      expect(new URL(ddb.endpoint!).port).toBe('8000');
    }
    const api = services['messages-api'].environment!;
    expect(services[new URL(withEnv(api, cognitoConfig).endpoint!).hostname]).toBeDefined();
    expect(withEnv(api, usersTransportConfig)).toEqual({ transport: expect.anything(), options: { host: 'users', port: 4568 } });
    const users = services.users.environment!;
    expect(services[new URL(users.DATABASE_URL).hostname]).toBeDefined();

    expect(services['messages-api'].ports).toContain(`${withEnv(api, messagesApiConfig).port}:4567`);
    expect(services.users.ports).toContain('4568:4568');
    expect(services['stream-worker'].ports).toContain(`${withEnv(services['stream-worker'].environment!, streamWorkerConfig).port}:4569`);
  });

  it('builds every service from a Dockerfile target that exists, apps running as a non-root user', () => {
    const targets = new Set([...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]));
    for (const [name, service] of Object.entries(services)) {
      if (service.build) expect({ name, target: targets.has(service.build.target) }).toEqual({ name, target: true });
    }
    for (const app of Object.keys(APP_CONFIGS)) {
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${app}$`, 'm'));
    }
    expect(dockerfile).toMatch(/FROM \S+ AS runtime[\s\S]*?^USER node$/m);
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
