import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ConfigType } from '@nestjs/config';
import { Logger } from 'nestjs-pino';
import { QuietBootstrapLogger, startOrExit } from '@app/common';
import { streamWorkerConfig } from './stream-worker.config';
import { StreamWorkerModule } from './stream-worker.module';

startOrExit('stream-worker', async () => {
  const app = await NestFactory.create(StreamWorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(new QuietBootstrapLogger(app.get(Logger)));
  const config = app.get<ConfigType<typeof streamWorkerConfig>>(streamWorkerConfig.KEY);
  // SIGTERM/SIGINT stop the readers and release the leases, so another worker continues at once.
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
});
