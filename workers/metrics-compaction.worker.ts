import type { Container } from '../src/container';
import { startPeriodicPass } from './periodic-pass';

/**
 * Seals the metric aggregates' live shard rows and rolls sealed days into their months and years
 * (the metrics module's metric-compaction.ts): once at start, which catches up on whatever piled
 * up while no worker ran, then every few minutes. A timer rather than a queue job: a pass is
 * idempotent and safe beside another worker's, so it needs no scheduling beyond "now and then".
 */
export function startMetricsCompactionWorker(c: Container, intervalMs = 5 * 60_000): { stop: () => Promise<void> } {
  return startPeriodicPass(
    c.logger,
    'metric compaction pass',
    async () => c.logger.debug({ ...(await c.metricsCompaction.compact()) }, 'metric aggregates compacted'),
    intervalMs,
  );
}
