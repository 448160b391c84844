import { Module } from '@nestjs/common';
import { StreamMetrics } from './stream-metrics';

/** The one StreamMetrics of an app; static, so every importer shares it. */
@Module({ providers: [StreamMetrics], exports: [StreamMetrics] })
export class MetricsModule {}
