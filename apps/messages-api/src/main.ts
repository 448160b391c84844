import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { startOrExit } from '@app/common';
import { configureApp, createHttpAdapter, HTTP_APP_OPTIONS } from './http/configure-app';
import { messagesApiConfig } from './messages-api.config';
import { MessagesApiModule } from './messages-api.module';

startOrExit('messages-api', async () => {
  const app = await NestFactory.create<NestFastifyApplication>(MessagesApiModule, createHttpAdapter(), {
    ...HTTP_APP_OPTIONS,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  const config = app.get<ConfigType<typeof messagesApiConfig>>(messagesApiConfig.KEY);
  configureApp(app, config);
  await app.listen(config.port, config.host);
});
