import { ConfigModule, type ConfigType } from '@nestjs/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import { FastifyRequestLog } from './request-log';
import { loggingConfig } from './logging.config';
import { createServiceLogger, SERVICE_LOGGER, ServiceLoggerFlush } from './service-logger';

/**
 * Structured (pino) logging for one service: every line carries `service`, HTTP lines a request
 * id. Nest's own logs go through nestjs-pino's Logger (`app.useLogger(app.get(Logger))`).
 * Requests are logged one line each from Fastify's response hook (FastifyRequestLog), not by
 * pino-http as a Nest middleware; a microservice has no HTTP requests to log.
 */
@Module({})
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          imports: [ConfigModule.forFeature(loggingConfig)],
          providers: [
            {
              provide: SERVICE_LOGGER,
              inject: [loggingConfig.KEY],
              useFactory: (config: ConfigType<typeof loggingConfig>) => createServiceLogger(service, config),
            },
            ServiceLoggerFlush,
            FastifyRequestLog,
          ],
          inject: [SERVICE_LOGGER],
          // No middleware at all: FastifyRequestLog logs from a hook, for less work per request.
          useFactory: (logger: PinoInstance): Params => ({ pinoHttp: { logger }, forRoutes: [] }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
