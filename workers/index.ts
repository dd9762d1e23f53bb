import type { Container } from '../src/container';
import { configurePartnersFromEnv, startDeliveryWorker } from './delivery.worker';
import { startSlaWatcher } from './sla-watcher';
import { startRoutingWorker } from './routing.worker';
import { startPeriodicWorker } from './periodic.worker';
import { startRoutingTrainingWorker, unscheduleRoutingRetraining } from './routing-training.worker';

/** Starts every background worker of this process; `stop` drains them gracefully. */
export async function startWorkers(c: Container): Promise<{ stop: () => Promise<void> }> {
  await configurePartnersFromEnv(c);
  const running = [startPeriodicWorker(c), startSlaWatcher(c), startRoutingWorker(c), startDeliveryWorker(c)];
  // A Redis outage at start must not stop the other workers: the schedule is upserted again next start.
  const retraining = c.config.routingRetrain ? startRoutingTrainingWorker(c) : unscheduleRoutingRetraining(c);
  running.push(await retraining.catch((err: Error) => {
    c.logger.warn({ err: err.message }, 'routing retraining schedule not updated');
    return { stop: async () => undefined };
  }));
  // Changes made here (routing, surveys, SLA moments) are pushed live from here, through Redis.
  c.live.start();
  return {
    async stop() {
      await Promise.all(running.map((w) => w.stop()));
    },
  };
}
