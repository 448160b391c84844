import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { QuietBootstrapLogger, startOrExit } from '@app/common';
import { createUsersMicroservice } from './users-microservice';

startOrExit('users', async () => {
  const app = await createUsersMicroservice({ bufferLogs: true, abortOnError: false });
  app.useLogger(new QuietBootstrapLogger(app.get(Logger)));
  app.enableShutdownHooks();
  await app.listen();
});
