import { Queue } from 'bullmq';
import type { Container } from '../src/container';
import { createWorkerConnection } from '../src/queues/connection';
import { queueNames, type JobPayload } from '../src/queues/names';
import { startQueueWorker } from './worker-factory';

/** The cluster's periodic passes; each is one BullMQ job scheduler of this id on the maintenance queue. */
export type PeriodicPass = JobPayload<'maintenance'>['job'];

export interface SweepOptions {
  /** How long a handed-over outbox message may wait for its job before the queue is asked about it. */
  redriveAfterMs?: number;
  /** How late a pending delivery's next attempt must be before its job counts as lost. */
  deliveryStuckAfterMs?: number;
}

export interface PeriodicOptions extends SweepOptions {
  /** Intervals by pass; config.ts gives them (SWEEP_EVERY_SECONDS, SURVEY_PASS_EVERY_SECONDS, COMPACTION_EVERY_SECONDS). */
  everyMs?: Partial<Record<PeriodicPass, number>>;
  /** The passes this worker schedules (all by default; a test of one pass leaves the others alone). */
  only?: PeriodicPass[];
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
    // SLA moments no watcher saw pass (none ran, or its look failed): recorded by their state, once.
    slaMoments: await c.slaTimers.reconcile(),
    // Deliveries whose retry job was lost (the retry is a delayed job, not an outbox message).
    deliveries: await c.partners.sweep(opts.deliveryStuckAfterMs ?? redriveAfterMs),
  };
}

/** What each pass does. Every one is idempotent and safe beside another run of itself. */
function passes(c: Container, opts: SweepOptions): Record<PeriodicPass, () => Promise<void>> {
  return {
    sweep: async () => {
      const report = await sweepOnce(c, opts);
      if (Object.values(report).some((n) => n > 0)) c.logger.info(report, 'sweep re-drove lost work');
    },
    // Closes the surveys of citizens who declined callbacks (SPEC section 9: they are not called), as
    // the system principal `survey-worker`; each closure goes through the ticket's version check.
    'survey-pass': async () => {
      const closed = await c.surveys.closeWithoutConsent();
      if (closed) c.logger.debug({ closed }, 'surveys without consent closed');
    },
    // Seals the metric aggregates' live shard rows and rolls sealed days into months and years.
    'metric-compaction': async () => c.logger.debug({ ...(await c.metricsCompaction.compact()) }, 'metric aggregates compacted'),
  };
}

/**
 * The cluster's periodic passes (sweep, survey pass, metric compaction), each as ONE BullMQ job
 * scheduler: every worker process upserts the same scheduler ids, so however many run, one job per
 * pass is due per interval, taken by whichever worker is free, and a worker that dies leaves the
 * schedule to the others (it lives in Redis, not in a process's timer). The schedules show on the
 * queue board (/admin/queues, queue `maintenance`). Redis restarted empty loses them too: they are
 * upserted again whenever the worker's connection becomes ready. A pass that was due while no worker
 * ran is run as soon as one starts (its delayed job is then already due), which is the catch-up the
 * compaction needs.
 */
export function startPeriodicWorker(c: Container, opts: PeriodicOptions = {}): { worker: ReturnType<typeof startQueueWorker>['worker']; stop: () => Promise<void> } {
  const everyMs: Record<PeriodicPass, number> = {
    sweep: c.config.sweep.everyMs,
    'survey-pass': c.config.periodic.surveyPassEveryMs,
    'metric-compaction': c.config.periodic.metricCompactionEveryMs,
    ...opts.everyMs,
  };
  const run = passes(c, opts);
  // One job per pass at a time in this process; the passes do not wait for each other.
  const queue = startQueueWorker(c, 'maintenance', (payload) => run[payload.job](), { concurrency: Object.keys(run).length });
  // Its own connection, which waits for Redis (the producer connection fails fast while it is down).
  const watcher = createWorkerConnection(c.config.redisUrl);
  watcher.on('error', () => undefined);
  const scheduler = new Queue(queueNames.maintenance, { connection: watcher, prefix: c.config.queuePrefix });
  scheduler.on('error', () => undefined);
  const schedule = () =>
    Promise.all(
      (opts.only ?? (Object.keys(run) as PeriodicPass[])).map((job) =>
        scheduler
          // One try: a failed pass is logged (job failed) and the next tick tries again.
          .upsertJobScheduler(job, { every: everyMs[job] }, { name: job, data: { job }, opts: { removeOnComplete: true, removeOnFail: 100, attempts: 1 } })
          .catch((err: Error) => c.logger.warn({ err: err.message, pass: job }, 'periodic pass not scheduled')),
      ),
    );
  watcher.on('ready', () => void schedule());
  return {
    worker: queue.worker,
    async stop() {
      await queue.stop();
      await scheduler.close();
      watcher.disconnect();
    },
  };
}
