import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobPayloads, queueNames, type JobPayload, type QueueKey } from './names';

const defaultJobOptions: JobsOptions = {
  attempts: 10,
  // 10 tries, 0.5 s doubling: about 4 minutes. A job that fails for good is the sweep's to retry.
  backoff: { type: 'exponential', delay: 500 },
  // Kept for a day so that a job id handed over twice (outbox relay after a crash) is ignored.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * A job made this long before the outbox message it claims to carry is not that message's (a job is
 * added only after its message's transaction commits; the margin covers clocks of different hosts).
 */
const FOREIGN_JOB_MARGIN_MS = 60_000;

export class Queues {
  private readonly queues = new Map<QueueKey, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
    private readonly attempts = defaultJobOptions.attempts,
  ) {}

  get(key: QueueKey): Queue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new Queue(queueNames[key], { connection: this.connection, prefix: this.prefix, defaultJobOptions: { ...defaultJobOptions, attempts: this.attempts } });
      // A Redis outage is reported by the readiness probe and the callers; don't crash on it.
      queue.on('error', () => undefined);
      this.queues.set(key, queue);
    }
    return queue;
  }

  /**
   * Adds a job under a stable id: adding the same id twice runs it once. Fails at once when Redis
   * is not connected (BullMQ would otherwise wait for it), and after `timeoutMs` at the latest.
   */
  async add<K extends QueueKey>(key: K, payload: JobPayload<K>, jobId: string, opts: { delayMs?: number; timeoutMs?: number } = {}): Promise<void> {
    await this.addMany(key, [{ payload, jobId, delayMs: opts.delayMs }], opts.timeoutMs);
  }

  /** `add` for several jobs of one queue, handed over together (one round trip). */
  async addMany<K extends QueueKey>(key: K, jobs: { payload: JobPayload<K>; jobId: string; delayMs?: number }[], timeoutMs = 2000): Promise<void> {
    if (!jobs.length) return;
    if (this.connection.status !== 'ready') throw new Error(`Redis is ${this.connection.status}`);
    const bulk = jobs.map((j) => ({ name: key, data: jobPayloads[key].parse(j.payload), opts: { jobId: j.jobId, delay: j.delayMs } }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue ${key} did not answer in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.get(key).addBulk(bulk), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Makes sure the job of this id will run: added again when Redis no longer has it (restarted
   * empty, or it was removed), retried when it failed for good (its retries ran out while the
   * database was down). Says what it found; `completed` means the work was done. A job made well
   * before `writtenAt`, the time its outbox message was written, is another database's job under the
   * same id: it is removed and the job added again (one being worked on cannot be removed: `pending`,
   * and the next sweep looks again).
   */
  async ensure<K extends QueueKey>(key: K, payload: JobPayload<K>, jobId: string, writtenAt?: Date): Promise<'added' | 'retried' | 'completed' | 'pending'> {
    if (this.connection.status !== 'ready') throw new Error(`Redis is ${this.connection.status}`);
    let job = await this.get(key).getJob(jobId);
    if (job && writtenAt && job.timestamp < writtenAt.getTime() - FOREIGN_JOB_MARGIN_MS) {
      if (!(await job.remove().then(() => true, () => false))) return 'pending';
      job = undefined;
    }
    if (!job) {
      await this.add(key, payload, jobId);
      return 'added';
    }
    const state = await job.getState();
    if (state === 'completed') return 'completed';
    if (state === 'failed') {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return 'retried';
    }
    return 'pending';
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
