export { InvalidConfigError, env, parseEnv } from './env';
export { loggingConfig } from './logging.config';
export { LoggingModule } from './logging.module';
export {
  localUsersTransportSecretFile,
  USERS_TRANSPORT_SECRET_MIN_LENGTH,
  usersTransportConfig,
  usersTransportSecretConfig,
  type UsersTransportOptions,
} from './users-transport.config';
export { type RedisConnectionOptions, redisUrlVariable } from './redis-url';
export { REQUEST_ID_OPTIONS } from './request-log';
export { QuietBootstrapLogger } from './quiet-bootstrap-logger';
export { startOrExit } from './start-or-exit';
export { pathsConfig } from './paths.config';
export { type BackoffSettings, idlePollDelayMs, pause, retryDelayMs } from './backoff';
