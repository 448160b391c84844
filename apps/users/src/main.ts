import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { startOrExit, usersTransportConfig, type UsersTransportOptions } from '@app/common';
import { UsersModule } from './users.module';

startOrExit('users', async () => {
  const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(UsersModule, {
    bufferLogs: true,
    abortOnError: false,
    inject: [usersTransportConfig.KEY],
    useFactory: (transport: UsersTransportOptions) => transport,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
});
