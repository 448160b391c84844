import type { LoggerService } from '@nestjs/common';
import { QuietBootstrapLogger } from './quiet-bootstrap-logger';

describe('QuietBootstrapLogger', () => {
  const calls: Array<[string, unknown[]]> = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      void calls.push([level, args]);
  const inner: LoggerService = { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug') };
  const logger = new QuietBootstrapLogger(inner);
  beforeEach(() => (calls.length = 0));

  it("moves Nest's boot narration to debug", () => {
    logger.log('UsersModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/health, GET} route', 'RouterExplorer');
    expect(calls.map(([level]) => level)).toEqual(['debug', 'debug']);
  });

  it("keeps the app's own lines, Nest's started line and every warning and error as they were", () => {
    logger.log('created lease table', 'StreamConsumer');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('slow', 'InstanceLoader');
    logger.error('boom', 'stack', 'RouterExplorer');
    expect(calls).toEqual([
      ['log', ['created lease table', 'StreamConsumer']],
      ['log', ['Nest application successfully started', 'NestApplication']],
      ['warn', ['slow', 'InstanceLoader']],
      ['error', ['boom', 'stack', 'RouterExplorer']],
    ]);
  });
});
