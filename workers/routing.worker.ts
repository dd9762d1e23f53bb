import type { Container } from '../src/container';
import { startQueueWorker } from './worker-factory';

/** Routes each new ticket (SPEC section 7): emergency screening, the catalogue, classification, the pool. */
export function startRoutingWorker(c: Container, opts: Parameters<typeof startQueueWorker>[3] = {}): { stop: () => Promise<void> } {
  return startQueueWorker(
    c,
    'routing',
    async ({ ticketId }) => {
      const decision = await c.routing.routeTicket(ticketId);
      if (decision) c.logger.debug({ ticketId, decision: decision.kind }, 'routed');
    },
    // A routing job mostly waits on round trips (its ticket, the rules, one transaction), so more
    // run at once than the default: at a peak of calls this is what keeps the pool draining.
    { concurrency: 16, ...opts },
  );
}
