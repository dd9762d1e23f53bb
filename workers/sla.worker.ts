import type { Container } from '../src/container';
import { startQueueWorker } from './worker-factory';

/** Fires at-risk and overdue moments, and reconciles what was missed while no worker ran. */
export function startSlaWorker(c: Container, reconcileEveryMs = 60_000): { stop: () => Promise<void> } {
  const queue = startQueueWorker(c, 'sla', async (payload) => {
    if (payload.job === 'schedule') await c.slaTimers.schedule(payload.ticketId);
    else await c.slaTimers.fire(payload.ticketId, payload.kind, payload.dueAt, payload.clock);
  });
  const reconcile = () => c.slaTimers.reconcile().catch((err) => c.logger.warn({ err: (err as Error).message }, 'sla reconciliation failed'));
  void reconcile();
  const timer = setInterval(reconcile, reconcileEveryMs);
  return {
    async stop() {
      clearInterval(timer);
      await queue.stop();
    },
  };
}
