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
    opts,
  );
}
