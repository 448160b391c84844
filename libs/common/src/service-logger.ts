import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { loggingConfig } from './logging.config';

/** Injection token of a service's root pino logger. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

/**
 * Nest's start-up narration (one line per module, controller and route) is for debugging Nest
 * itself: at `info` it would bury the lines people start an app to see. Moved to `debug`.
 */
const FRAMEWORK_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

let stdout: DestinationStream | undefined;
let pretty: DestinationStream | undefined;

/**
 * Where lines go, one stream per process however many apps (tests start several): for people
 * pino-pretty in a worker thread; for machines stdout written asynchronously and in batches of
 * 4 KiB or every 250 ms, whichever comes first (a synchronous write per line was the largest
 * single CPU cost of a request), and flushed by pino when the process exits.
 */
function destination(format: 'json' | 'pretty'): DestinationStream {
  if (format === 'pretty') {
    pretty ??= pino.transport({ target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } });
    return pretty;
  }
  stdout ??= pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 });
  return stdout;
}

/** The root pino logger of one service: `service` on every line, framework chatter at debug. */
export function createServiceLogger(service: string, config: ConfigType<typeof loggingConfig>): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { service },
    hooks: {
      logMethod(args, method, level) {
        const first = args[0] as { context?: unknown } | undefined;
        // 30 = info; Nest's logger puts its context on the first argument.
        if (level === 30 && typeof first === 'object' && FRAMEWORK_CHATTER.has(first?.context as string)) {
          if (this.isLevelEnabled('debug')) this.debug(...(args as [object, string]));
          return;
        }
        method.apply(this, args);
      },
    },
    // For people at a terminal: one short line per request.
    serializers:
      config.format === 'pretty'
        ? {
            req: (request: { method: string; url: string; id: string }) => `${request.method} ${request.url} (${request.id})`,
            res: (response: { statusCode: number }) => response.statusCode,
            err: (error: Error) => error.message,
          }
        : undefined,
  };
  return pino(options, destination(config.format));
}

/** Writes out what the asynchronous destination still holds when the app shuts down. */
@Injectable()
export class ServiceLoggerFlush implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Logger) {}

  onApplicationShutdown(): void {
    this.logger.flush();
  }
}
