import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { QuietBootstrapLogger, REQUEST_ID_OPTIONS, startOrExit } from '@app/common';
import { streamWorkerConfig } from './stream-worker.config';
import { StreamWorkerModule } from './stream-worker.module';

startOrExit('stream-worker', async () => {
  // Fastify, as messages-api: health, readiness and metrics need no more, and it is the lighter platform.
  const app = await NestFactory.create<NestFastifyApplication>(StreamWorkerModule, new FastifyAdapter(REQUEST_ID_OPTIONS), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(new QuietBootstrapLogger(app.get(Logger)));
  const config = app.get<ConfigType<typeof streamWorkerConfig>>(streamWorkerConfig.KEY);
  // SIGTERM/SIGINT stop the readers and release the leases, so another worker continues at once.
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
});
