import { Logger } from '@nestjs/common';

/**
 * What people need to know about readiness, once per change: "ready", and "not ready" with the
 * reason. A worker that has never been ready is still starting, and whoever polls /ready then (the
 * launcher, an orchestrator) expects 503s: those are debug lines, not the error terminus logs for
 * every failed check.
 */
export class ReadinessLog {
  private readonly logger = new Logger('Readiness');
  private last?: string;
  private everReady = false;

  record(ready: boolean, detail?: unknown): void {
    const state = ready ? 'ready' : `not ready: ${JSON.stringify(detail)}`;
    if (state === this.last) return;
    this.last = state;
    if (ready) {
      this.everReady = true;
      this.logger.log('ready: DynamoDB answers and the consumer runs');
    } else if (this.everReady) {
      this.logger.warn(state);
    } else {
      this.logger.debug(`${state} (still starting)`);
    }
  }
}
