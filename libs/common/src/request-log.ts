import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Level, Logger } from 'pino';
import { SERVICE_LOGGER } from './service-logger';

const REQUEST_ID_HEADER = 'x-request-id';
/** Probes would drown everything else. */
const PROBES = new Set(['/health', '/ready']);

/** A caller's X-Request-Id (up to 128 characters) is kept, so one request can be followed across services; otherwise a new UUID. */
export function requestIdOf(request: { headers: IncomingHttpHeaders }): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && incoming.length > 0 && incoming.length <= 128 ? incoming : randomUUID();
}

/** Fastify adapter options: `request.id` as requestIdOf() picks it (FastifyRequestLog echoes it as X-Request-Id). */
export const REQUEST_ID_OPTIONS = { requestIdHeader: false, genReqId: requestIdOf } as const;

const isProbe = (url: string | undefined): boolean => PROBES.has(url ?? '');

/** 5xx are errors, 4xx warnings, the rest info. */
const levelOfStatus = (status: number): Level => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One line per request on a Fastify app, from its own hooks rather than a Nest middleware:
 * `req: {id, method, url}`, `res: {statusCode}`, `responseTime` (ms), as pino-http wrote them,
 * and nothing else (no headers, so no token can reach the logs). Echoes the request id as
 * X-Request-Id. Inert in a microservice, which has no HTTP adapter.
 */
@Injectable()
export class FastifyRequestLog implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const fastify = adapter.getInstance<FastifyInstance>();
    const logger = this.logger;
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      const status = reply.statusCode;
      const level = levelOfStatus(status);
      if (logger.isLevelEnabled(level) && !isProbe(request.url)) {
        logger[level](
          {
            req: { id: request.id, method: request.method, url: request.url },
            res: { statusCode: status },
            responseTime: Math.round(reply.elapsedTime),
          },
          status >= 500 ? 'request errored' : 'request completed',
        );
      }
      done();
    });
  }
}
