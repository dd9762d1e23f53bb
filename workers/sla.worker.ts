import type { Container } from '../src/container';
import { startQueueWorker } from './worker-factory';

/** Plans and fires at-risk and overdue moments; what was missed while no worker ran is the sweep's (periodic.worker.ts). */
export function startSlaWorker(c: Container): { stop: () => Promise<void> } {
  return startQueueWorker(c, 'sla', async (payload) => {
    if (payload.job === 'schedule') await c.slaTimers.schedule(payload.ticketId);
    else await c.slaTimers.fire(payload.ticketId, payload.kind, payload.dueAt, payload.clock);
  });
}
