export { InvalidConfigError, env, parseEnv } from './env';
export { loggingConfig } from './logging.config';
export { LoggingModule } from './logging.module';
export { REQUEST_ID_OPTIONS } from './request-log';
export { usersTransportConfig, type UsersTransportOptions } from './users-transport.config';
export { startOrExit } from './start-or-exit';
export { SEED_PEOPLE, type SeedHandle } from './seed-people';
export { pathsConfig } from './paths.config';
export { assertPortFree, ownChildProcess, stopChildProcess, waitForHttp, waitForTcp } from './child-processes';
