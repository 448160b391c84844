import { Controller, UnauthorizedException, Get, Header, Headers, Inject } from '@nestjs/common';
import { Registry } from 'prom-client';
import { mayReadDetails } from '../health/status-access';
import { streamWorkerConfig, type StreamWorkerOptions } from '../stream-worker.config';
import { StreamMetrics } from './stream-metrics';

/**
 * `/metrics` in the Prometheus text format. Its labels name shards, so with a status token
 * configured (a worker listening beyond loopback) a scrape must present it as a bearer token;
 * without one the worker listens on loopback only by default.
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: StreamMetrics,
    @Inject(streamWorkerConfig.KEY) private readonly options: StreamWorkerOptions,
  ) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.options.statusToken && !mayReadDetails(authorization, this.options.statusToken)) {
      throw new UnauthorizedException('metrics need the status token');
    }
    return this.metrics.registry.metrics();
  }
}
