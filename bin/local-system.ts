/**
 * The local system with this repository's apps: @app/dev-infra's launcher (which, as a library,
 * never imports an app) given what it needs of the apps through their public doors — their ports
 * (each app's configuration and defaults), the users app's data set-up, and the transport secrets
 * it provisions under DATA_DIR.
 */
import { Transport } from '@nestjs/microservices';
import { usersTransportConfig } from '@app/common';
import {
  type AppName,
  type LocalSystem,
  type LocalSystemApps,
  type LocalSystemOptions,
  startLocalSystem as startLocalSystemWith,
} from '@app/dev-infra';
import { messagesApiConfig } from '../apps/messages-api/src';
import { streamWorkerConfig } from '../apps/stream-worker/src';
import { provisionLocalEventsTransportSecret, provisionLocalUsersTransportSecret, setupDatabaseAndCognito } from '../apps/users/cli';

/** The apps as the launcher needs them, read from this process's environment when the system starts. */
export function localSystemApps(): LocalSystemApps {
  return {
    environment: process.env,
    ports: (): Record<AppName, number> => ({
      'messages-api': messagesApiConfig().port,
      users: usersPort(),
      'stream-worker': streamWorkerConfig().port,
    }),
    provisionEventsTransportSecret: provisionLocalEventsTransportSecret,
    setupDatabaseAndCognito,
    provisionUsersTransportSecret: provisionLocalUsersTransportSecret,
  };
}

/** `npm start`'s system (and the benchmarks' private copies): see @app/dev-infra's startLocalSystem. */
export function startLocalSystem(root: string, options: LocalSystemOptions = {}): Promise<LocalSystem> {
  return startLocalSystemWith(root, localSystemApps(), options);
}

function usersPort(): number {
  const transport = usersTransportConfig();
  return 'port' in transport.options && transport.transport === Transport.TCP ? transport.options.port : 4568;
}
