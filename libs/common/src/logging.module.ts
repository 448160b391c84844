import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggingConfig } from './logging.config';

const REQUEST_ID_HEADER = 'x-request-id';
const PROBES = new Set(['/health', '/ready']);

/** Structured (pino) logging for one service: every line carries `service`, HTTP lines a request id. */
@Module({})
export class LoggingModule {
  static forService(service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          imports: [ConfigModule.forFeature(loggingConfig)],
          inject: [loggingConfig.KEY],
          useFactory: (config: ConfigType<typeof loggingConfig>) => ({
            pinoHttp: {
              level: config.level,
              base: { service },
              // Tokens and cookies never reach the logs.
              redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
              transport:
                config.format === 'pretty'
                  ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
                  : undefined,
              // Honour a caller's request id so one request can be followed across services.
              genReqId: (request: IncomingMessage, response) => {
                const incoming = request.headers[REQUEST_ID_HEADER];
                const id = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
                response.setHeader(REQUEST_ID_HEADER, id);
                return id;
              },
              // Probes would drown everything else (and Nest registers prefix-excluded routes twice).
              autoLogging: { ignore: (request: IncomingMessage) => PROBES.has(request.url ?? '') },
              customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
                error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
              // For people at a terminal: one short line per request instead of every header.
              serializers:
                config.format === 'pretty'
                  ? {
                      req: (request: { method: string; url: string; id: string }) => `${request.method} ${request.url} (${request.id})`,
                      res: (response: { statusCode: number }) => response.statusCode,
                      err: (error: Error) => error.message,
                    }
                  : undefined,
            },
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
