import type { Container } from '../src/container';
import { startQueueWorker } from './worker-factory';

/** Nightly at 02:30 Shanghai time, when few calls come in; `npm run routing:train` does the same at once. */
export const RETRAIN_PATTERN = '30 2 * * *';

/**
 * Retrains the routing model on a schedule (a BullMQ job scheduler: one schedule however many
 * worker processes upsert it, one job per occurrence). A refused model is kept for the record and
 * changes nothing; the log says why.
 */
/** Retraining turned off: the schedule an earlier start made goes, so that no job waits for a worker that will not come. */
export async function unscheduleRoutingRetraining(c: Container): Promise<{ stop: () => Promise<void> }> {
  await c.queues.get('routingTraining').removeJobScheduler('routing-retrain');
  return { stop: async () => undefined };
}

export async function startRoutingTrainingWorker(c: Container, pattern = RETRAIN_PATTERN): Promise<{ stop: () => Promise<void> }> {
  await c.queues.get('routingTraining').upsertJobScheduler('routing-retrain', { pattern, tz: 'Asia/Shanghai' }, { name: 'retrain', data: {} });
  return startQueueWorker(
    c,
    'routingTraining',
    async () => {
      const { model } = await c.routingLearning.train();
      c.logger.info({ version: model.version, status: model.status, reason: model.reason }, 'routing model retrained');
    },
    // One training at a time: ~25 s of CPU on a thread of its own (training-thread.ts, so that this
    // process's routing, SLA timers and 110 hand-overs carry on), and two at once would race to activate.
    { concurrency: 1, lockDurationMs: 120_000 },
  );
}
