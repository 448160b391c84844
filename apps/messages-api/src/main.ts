import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { startOrExit } from '@app/common';
import { messagesApiConfig } from './messages-api.config';
import { MessagesApiModule } from './messages-api.module';

startOrExit('messages-api', async () => {
  const app = await NestFactory.create(MessagesApiModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  const config = app.get<ConfigType<typeof messagesApiConfig>>(messagesApiConfig.KEY);
  app.setGlobalPrefix('api', { exclude: ['health', 'ready'] });
  app.enableCors({ origin: config.frontendOrigin });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
});
