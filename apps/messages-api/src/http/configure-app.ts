import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ConfigType } from '@nestjs/config';
import { REQUEST_ID_OPTIONS } from '@app/common';
import type { messagesApiConfig } from '../messages-api.config';
import { jsonBodyParser } from './json-body-parser';
import { drainUnreadBodies } from './unread-body-drain';

/**
 * Options for NestFactory.create of messages-api (main.ts and the tests): no default body
 * parsers, so configureApp registers JSON alone (with its size limit) and a form-encoded body
 * is never parsed (Fastify answers it 415 before any route runs).
 */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

/**
 * Fastify as Express served this API: paths match case-insensitively and with or without a
 * trailing slash, and a path parameter may be as long as a URL (a bad one is a 422 from its pipe,
 * not the router's 414). No `trustProxy`: `request.ip` is the peer's address, as with Express's
 * default, so a client cannot pick its own rate-limit bucket with X-Forwarded-For. Behind a
 * proxy, set `trustProxy` to that proxy's address here.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    ...REQUEST_ID_OPTIONS,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
  });
}

/**
 * Everything HTTP-level that is not a route: the /api prefix, CORS for the frontend (exposing
 * the paging, request-id, rate-limit and 401 challenge headers), the JSON body parser with its
 * size limit (and answers a streaming client can read when a body is refused unread), and the
 * OpenAPI page at /api/docs.
 * Shared by main.ts and the e2e tests, so tests run the app exactly as deployed.
 */
export function configureApp(app: NestFastifyApplication, config: ConfigType<typeof messagesApiConfig>): void {
  app.setGlobalPrefix('api', { exclude: ['health', 'ready'] });
  app.enableCors({
    origin: config.frontendOrigin,
    exposedHeaders: ['Link', 'X-Next-Cursor', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'WWW-Authenticate'],
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's built-in text/plain parser would accept a body this API never reads: JSON only.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: config.maxBodyBytes }, jsonBodyParser(fastify));
  drainUnreadBodies(fastify);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cruddur Messaging')
      .setDescription('Direct messages of Cruddur: conversations, messages, people by handle')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'Cognito access token' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  app.enableShutdownHooks();
}
