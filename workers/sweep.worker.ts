import { Queue } from 'bullmq';
import type { Container } from '../src/container';
import { createWorkerConnection } from '../src/queues/connection';
import { queueNames } from '../src/queues/names';
import { startQueueWorker } from './worker-factory';

export const SWEEP_SCHEDULER_ID = 'sweep';

export interface SweepOptions {
  everyMs?: number;
  /** How long a handed-over outbox message may wait for its job before the queue is asked about it. */
  redriveAfterMs?: number;
  /** How late a pending delivery's next attempt must be before its job counts as lost. */
  deliveryStuckAfterMs?: number;
}

/**
 * One pass of the sweep: finds work whose job Redis lost or gave up on, by the state in PostgreSQL,
 * and hands it over again. Every part is idempotent, so two passes at once (two workers) are harmless.
 */
export async function sweepOnce(c: Container, opts: SweepOptions = {}): Promise<Record<string, number>> {
  const redriveAfterMs = opts.redriveAfterMs ?? c.config.sweep.redriveAfterMs;
  return {
    // Messages no request could hand over (Redis was down when they committed).
    relayed: await c.publisher.relayOnce(),
    // Tickets waiting for routing, SLA plans and deliveries whose job is missing or failed.
    redriven: await c.publisher.redriveOnce(redriveAfterMs),
    // SLA moments whose fire job was lost: recorded by their state, once.
    slaMoments: await c.slaTimers.reconcile(),
    // Deliveries whose retry job was lost (the retry is a delayed job, not an outbox message).
    deliveries: await c.partners.sweep(opts.deliveryStuckAfterMs ?? redriveAfterMs),
  };
}

/**
 * The cluster's periodic sweep, as ONE BullMQ job scheduler: every worker process upserts the same
 * scheduler id, so however many run, one sweep job is due per interval, taken by whichever worker
 * is free. Redis restarted empty loses the scheduler too: it is upserted again whenever the worker's
 * connection becomes ready, so the first thing a worker does after Redis comes back is schedule it.
 */
export function startSweepWorker(c: Container, opts: SweepOptions = {}): { stop: () => Promise<void> } {
  const everyMs = opts.everyMs ?? c.config.sweep.everyMs;
  const queue = startQueueWorker(
    c,
    'maintenance',
    async () => {
      const report = await sweepOnce(c, opts);
      if (Object.values(report).some((n) => n > 0)) c.logger.info(report, 'sweep re-drove lost work');
    },
    { concurrency: 1 },
  );
  // Its own connection, which waits for Redis (the producer connection fails fast while it is down).
  const watcher = createWorkerConnection(c.config.redisUrl);
  watcher.on('error', () => undefined);
  const scheduler = new Queue(queueNames.maintenance, { connection: watcher, prefix: c.config.queuePrefix });
  scheduler.on('error', () => undefined);
  const schedule = () =>
    scheduler
      .upsertJobScheduler(SWEEP_SCHEDULER_ID, { every: everyMs }, { name: 'sweep', data: { job: 'sweep' }, opts: { removeOnComplete: true, removeOnFail: 100, attempts: 1 } })
      .catch((err: Error) => c.logger.warn({ err: err.message }, 'sweep schedule not upserted'));
  watcher.on('ready', () => void schedule());
  return {
    async stop() {
      await queue.stop();
      await scheduler.close();
      watcher.disconnect();
    },
  };
}
