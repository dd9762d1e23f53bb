export { createMetricsRepository, type MetricsRepository } from './metrics.repository';
export { createMetricsService, windowDays, type MetricsService, type MetricsSnapshot, type Selection } from './metrics.service';
export { createMetricsObserver, type MetricsRecorder, type SurveyOutcomeFact } from './metrics.observer';
export { registerMetricsRoutes } from './metrics.routes';
export { verifyMetrics, recountDeps, type VerifyReport } from './metrics-verify';
export { bucketOf, bucketUpperSeconds, percentileSeconds } from './metric-counters';
export { emptySums, figures, type Figures, type Sums } from './metric-formulas';
export { deltasOfChange, type SurveyFacts } from './metric-deltas';
export { createMetricsCompaction, type MetricCompaction, type CompactionReport } from './metric-compaction';
