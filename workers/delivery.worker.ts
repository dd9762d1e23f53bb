import { DelayedError } from 'bullmq';
import type { Container } from '../src/container';
import { defaultDeliveryPolicy, type DeliveryPolicy } from '../src/modules/partners';
import { startQueueWorker } from './worker-factory';

export interface DeliveryWorkerOptions extends Partial<DeliveryPolicy> {
  concurrency?: number;
}

/**
 * Posts outbound partner messages (110 emergencies and outcomes, SMS, ...), signed, until acknowledged.
 *
 * Retries are scheduled here rather than by BullMQ's `attempts`/`backoff`: those are options of
 * the job, fixed when the outbox hands it over with the queue-wide defaults, while how hard to try
 * belongs to the delivery (and tests need tiny delays). A failed attempt moves the same job back
 * to delayed (DelayedError, which BullMQ does not count as a failure); the attempt count lives on
 * the delivery row, so it survives a new job (admin retry, sweep) and a restarted worker. Messages
 * whose job was lost are found by the cluster's sweep (periodic.worker.ts).
 */
export function startDeliveryWorker(c: Container, opts: DeliveryWorkerOptions = {}): { stop: () => Promise<void> } {
  const { concurrency, ...overrides } = opts;
  const policy: DeliveryPolicy = { ...defaultDeliveryPolicy, ...overrides };
  return startQueueWorker(
    c,
    'delivery',
    async ({ deliveryId }, job) => {
      const result = await c.partners.attempt(deliveryId, policy);
      if (result.outcome !== 'retry') return;
      c.logger.info({ deliveryId, delayMs: result.delayMs, err: result.error }, 'partner delivery failed, will retry');
      await job.moveToDelayed(Date.now() + result.delayMs, job.token);
      throw new DelayedError();
    },
    { concurrency: concurrency ?? 8 },
  );
}

/** Endpoints from the environment (PARTNER_110_URL, ...) are applied before the first delivery. */
export async function configurePartnersFromEnv(c: Container): Promise<void> {
  if (c.config.partnerEndpoints.length) await c.partners.applyConfiguredEndpoints(c.config.partnerEndpoints);
}
