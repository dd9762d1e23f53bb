import { DelayedError } from 'bullmq';
import type { Container } from '../src/container';
import { defaultDeliveryPolicy, type DeliveryPolicy } from '../src/modules/partners';
import { startQueueWorker } from './worker-factory';

export interface DeliveryWorkerOptions extends Partial<DeliveryPolicy> {
  concurrency?: number;
  /** How often to look for pending messages whose job went missing, and how late they must be. */
  sweepEveryMs?: number;
  stuckAfterMs?: number;
}

/**
 * Posts outbound partner messages (110 emergencies and outcomes, SMS, ...), signed, until acknowledged.
 *
 * Retries are scheduled here rather than by BullMQ's `attempts`/`backoff`: those are options of
 * the job, fixed when the outbox hands it over with the queue-wide defaults, while how hard to try
 * belongs to the delivery (and tests need tiny delays). A failed attempt moves the same job back
 * to delayed (DelayedError, which BullMQ does not count as a failure); the attempt count lives on
 * the delivery row, so it survives a new job (admin retry, sweep) and a restarted worker.
 */
export function startDeliveryWorker(c: Container, opts: DeliveryWorkerOptions = {}): { stop: () => Promise<void> } {
  const policy: DeliveryPolicy = {
    maxAttempts: opts.maxAttempts ?? defaultDeliveryPolicy.maxAttempts,
    backoffMs: opts.backoffMs ?? defaultDeliveryPolicy.backoffMs,
    timeoutMs: opts.timeoutMs ?? defaultDeliveryPolicy.timeoutMs,
  };
  const queue = startQueueWorker(
    c,
    'delivery',
    async ({ deliveryId }, job) => {
      const result = await c.partners.attempt(deliveryId, policy);
      if (result.outcome !== 'retry') return;
      c.logger.info({ deliveryId, delayMs: result.delayMs, err: result.error }, 'partner delivery failed, will retry');
      await job.moveToDelayed(Date.now() + result.delayMs, job.token);
      throw new DelayedError();
    },
    { concurrency: opts.concurrency ?? 8 },
  );

  const sweep = () => c.partners.sweep(opts.stuckAfterMs ?? 5 * 60_000).catch((err) => c.logger.warn({ err: (err as Error).message }, 'delivery sweep failed'));
  const timer = setInterval(sweep, opts.sweepEveryMs ?? 60_000);
  return {
    async stop() {
      clearInterval(timer);
      await queue.stop();
    },
  };
}

/** Endpoints from the environment (PARTNER_110_URL, ...) are applied before the first delivery. */
export async function configurePartnersFromEnv(c: Container): Promise<void> {
  if (c.config.partnerEndpoints.length) await c.partners.applyConfiguredEndpoints(c.config.partnerEndpoints);
}
