import type { Container } from '../src/container';

/**
 * Hands the queue what requests could not (Redis was down when they committed). Several worker
 * processes may run it at once: the job id is the outbox id, so a double hand-over is one job.
 */
export function startOutboxRelay(c: Container, intervalMs = 1000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = c.publisher.relayOnce().catch((err) => c.logger.warn({ err: (err as Error).message }, 'outbox relay pass failed'));
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
