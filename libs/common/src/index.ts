export { CodedError } from './coded-error';
export { InvalidConfigError, env, isLoopbackUrl, parseEnv, productionVariables, refuseLocalDefaultsInProduction } from './env';
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
export {
  AuthenticatingDeserializer,
  AuthenticatingSerializer,
  secretDigest,
  secretMatches,
  TRANSPORT_AUTH_FIELD,
  UNAUTHENTICATED,
} from './transport/transport-auth';
export { BoundedJsonSocket } from './transport/bounded-json-socket';
export {
  localTransportSecretFile,
  readTransportSecret,
  TRANSPORT_SECRET_MIN_LENGTH,
  type TransportSecretSpec,
} from './transport/transport-secret';
export { connectNats, connectRedis, createRedis, type NatsConnection } from './broker-clients';
export { LazyConnection } from './lazy-connection';
