import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ConfigType } from '@nestjs/config';
import type { messagesApiConfig } from '../messages-api.config';

/**
 * Options for NestFactory.create of messages-api (main.ts and the tests): no default body
 * parsers, so configureApp registers JSON alone (with its size limit) and a form-encoded body
 * is never parsed (JsonBodyGuard answers it 415).
 */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

/**
 * Everything HTTP-level that is not a route: the /api prefix, CORS for the frontend (exposing
 * the paging, request-id and rate-limit headers), the JSON body parser with its size limit, and
 * the OpenAPI page at /api/docs.
 * Shared by main.ts and the e2e tests, so tests run the app exactly as deployed.
 */
export function configureApp(app: NestExpressApplication, config: ConfigType<typeof messagesApiConfig>): void {
  app.disable('x-powered-by');
  app.setGlobalPrefix('api', { exclude: ['health', 'ready'] });
  app.enableCors({
    origin: config.frontendOrigin,
    exposedHeaders: ['Link', 'X-Next-Cursor', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
  });
  app.useBodyParser('json', { limit: config.maxBodyBytes });
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
