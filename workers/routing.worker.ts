import type { Container } from '../src/container';
import { createBatcher } from '../src/shared/batcher';
import { startQueueWorker } from './worker-factory';

/**
 * Routes each new ticket (SPEC section 7): emergency screening, the catalogue, classification, the
 * pool. A job names the tickets of one intake batch (or one ticket to route again). The jobs this
 * worker holds are routed together: each hands its tickets to a batcher, and the tickets that arrive
 * while a batch is being written go together in the next one (one read, one transaction, one
 * statement per table; see routing.service.ts). A ticket that cannot be routed fails alone in the
 * batch, and its job with it: the job runs again and routes it (the others, routed already, are left
 * as they are). Its outbox message leaves the outbox only once every one of its tickets is routed.
 */
export function startRoutingWorker(c: Container, opts: Parameters<typeof startQueueWorker>[3] = {}): { stop: () => Promise<void> } {
  const batcher = createBatcher((ticketIds: number[]) => c.routing.routeMany(ticketIds), { maxBatch: 200, maxInFlight: 2 });
  // The model and the segmenter's dictionary load on first use (hundreds of ms, docs/ROUTING.md):
  // loaded now, so that the first ticket after a start does not wait for them.
  void c.routingLearning
    .currentModel()
    .then((model) => model.predict('预热'))
    .catch((err: Error) => c.logger.warn({ err: err.message }, 'routing model not loaded before the first ticket'));
  return startQueueWorker(
    c,
    'routing',
    async ({ ticketIds }) => {
      const outcomes = await Promise.allSettled(ticketIds.map((id) => batcher.submit(id)));
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
    // A job mostly waits for its batch: the more jobs held at once, the fuller the batches at a peak.
    { concurrency: 256, ...opts },
  );
}
