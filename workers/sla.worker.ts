import type { Container } from '../src/container';
import { createBatcher } from '../src/shared/batcher';
import { startQueueWorker } from './worker-factory';

/**
 * Plans and fires at-risk and overdue moments; what was missed while no worker ran is the sweep's
 * (periodic.worker.ts). The plan jobs held together are planned together (one read of their clocks,
 * one hand-over of their jobs): the relay's, after a routing batch could not plan its own.
 */
export function startSlaWorker(c: Container): { stop: () => Promise<void> } {
  const planning = createBatcher(async (ticketIds: number[]) => {
    await c.slaTimers.schedule(ticketIds);
    return ticketIds.map(() => undefined);
  }, { maxBatch: 200, maxInFlight: 2 });
  return startQueueWorker(
    c,
    'sla',
    async (payload) => {
      if (payload.job === 'schedule') await planning.submit(payload.ticketId);
      else await c.slaTimers.fire(payload.ticketId, payload.kind, payload.dueAt, payload.clock);
    },
    { concurrency: 64 },
  );
}
