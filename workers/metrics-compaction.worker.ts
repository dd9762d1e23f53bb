import type { Container } from '../src/container';

/**
 * Seals the metric aggregates' live shard rows and rolls sealed days into their months (see the
 * metrics module's metric-compaction.ts): once at start, which catches up on whatever piled up
 * while no worker ran, then every few minutes. A timer rather than a queue job: a pass is
 * idempotent and safe beside another worker's, so it needs no scheduling beyond "run now and then".
 */
export function startMetricsCompactionWorker(c: Container, intervalMs = 5 * 60_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const pass = () => {
    running = running
      .then(() => c.metricsCompaction.compact())
      .then((report) => c.logger.debug({ ...report }, 'metric aggregates compacted'))
      .catch((err) => c.logger.warn({ err: (err as Error).message }, 'metric compaction pass failed'));
  };
  const timer = setInterval(pass, intervalMs);
  pass();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
