import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Container } from '../src/container';
import { createWorkerConnection } from '../src/queues/connection';
import { jobPayloads, queueNames, type JobPayload, type QueueKey } from '../src/queues/names';

/**
 * A BullMQ worker for one queue whose payloads are checked with the queue's zod schema. A payload
 * that does not parse can never succeed, so it fails without retries (UnrecoverableError).
 */
export function startQueueWorker<K extends QueueKey>(
  c: Container,
  key: K,
  process: (payload: JobPayload<K>, job: Job) => Promise<void>,
  opts: { concurrency?: number; lockDurationMs?: number; stalledIntervalMs?: number } = {},
): { worker: Worker; stop: () => Promise<void> } {
  const connection = createWorkerConnection(c.config.redisUrl);
  const worker = new Worker(
    queueNames[key],
    async (job) => {
      const parsed = jobPayloads[key].safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(`bad ${key} payload: ${parsed.error.message}`);
      }
      await process(parsed.data as JobPayload<K>, job);
      // The work is done: its outbox message (if it came from one) leaves the outbox. Should this
      // fail, the job fails and runs again, which its idempotence makes harmless.
      await c.publisher.done(job.id);
    },
    {
      connection,
      prefix: c.config.queuePrefix,
      concurrency: opts.concurrency ?? 4,
      // A worker killed mid-job stops renewing its lock; after lockDuration the job counts as stalled
      // and another worker takes it again (jobs are idempotent, so running twice is harmless).
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
    },
  );
  worker.on('failed', (job, err) => c.logger.warn({ queue: key, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  worker.on('error', (err) => c.logger.debug({ queue: key, err: err.message }, 'worker connection error'));
  return {
    worker,
    async stop() {
      // close() waits for the jobs in hand to finish: a graceful drain.
      await worker.close();
      connection.disconnect();
    },
  };
}
