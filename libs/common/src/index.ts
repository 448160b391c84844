export { InvalidConfigError, env, parseEnv } from './env';
export { loggingConfig } from './logging.config';
export { LoggingModule } from './logging.module';
