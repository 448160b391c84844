import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { Logger as PinoInstance } from 'pino';
import { FastifyRequestLog, isProbe, levelOfStatus, requestIdOf } from './request-log';
import { loggingConfig } from './logging.config';
import { createServiceLogger, SERVICE_LOGGER, ServiceLoggerFlush } from './service-logger';

/**
 * Structured (pino) logging for one service: every line carries `service`, HTTP lines a request
 * id. Nest's own logs go through nestjs-pino's Logger (`app.useLogger(app.get(Logger))`).
 * Requests are logged one line each: on Fastify from its response hook (FastifyRequestLog), on
 * Express by pino-http as Nest middleware; a microservice has neither.
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
          inject: [SERVICE_LOGGER, HttpAdapterHost],
          useFactory: (logger: PinoInstance, adapterHost: HttpAdapterHost): Params =>
            adapterHost.httpAdapter?.getType() === 'fastify'
              ? // No middleware at all: FastifyRequestLog logs from a hook, for less work per request.
                { pinoHttp: { logger }, forRoutes: [] }
              : { pinoHttp: expressRequestLogging(logger) },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/** pino-http for an Express app, with FastifyRequestLog's request ids, levels and short lines. */
function expressRequestLogging(logger: PinoInstance): Params['pinoHttp'] {
  return {
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const id = requestIdOf(request);
      response.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (request: IncomingMessage) => isProbe(request.url) },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => (error ? 'error' : levelOfStatus(response.statusCode)),
    // Headers (and with them tokens and cookies) never reach the logs.
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
  };
}
