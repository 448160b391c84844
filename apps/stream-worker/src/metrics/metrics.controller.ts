import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { StreamMetrics } from './stream-metrics';

/** `/metrics` in the Prometheus text format. */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: StreamMetrics) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
