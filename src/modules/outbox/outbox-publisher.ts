import { ZodError } from 'zod';
import type { Tx } from '../../db/knex';
import { createBatcher } from '../../shared/batcher';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { QueueKey } from '../../queues/names';
import type { Queues } from '../../queues/queues';
import type { OutboxMessage, OutboxRepository } from './outbox.repository';

/** Which queue each outbox topic is handed to. */
export const outboxTopics = {
  'ticket.route': 'routing',
  'partner.deliver': 'delivery',
} as const satisfies Record<string, QueueKey>;
export type OutboxTopic = keyof typeof outboxTopics;

const JOB_PREFIX = 'outbox-';

/** The outbox message a queue job carries out, from its job id (none for jobs not from the outbox). */
export function outboxIdOfJob(jobId: string | undefined): number | null {
  if (!jobId?.startsWith(JOB_PREFIX)) return null;
  const id = Number(jobId.slice(JOB_PREFIX.length));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Hands outbox messages to their queues. The job id is the outbox id, so a message handed over
 * twice (by the request and by the relay racing it, or after a crash) becomes one job.
 *
 * A message stays in the outbox until its job has done its work (`done`, called by the worker when
 * the job succeeds): being handed to Redis is not enough, since Redis may lose the job (restarted
 * without persistence) or the job may fail for good (its retries ran out during a database outage).
 * The sweep (`redriveOnce`) asks the queue about every message handed over a while ago and still
 * not done, and hands it over again.
 */
export function createOutboxPublisher(deps: { repo: OutboxRepository; queues: Queues; clock: Clock; logger: Logger }) {
  const { repo, queues, clock, logger } = deps;

  /** Hands each message over on its own (all at once), so that one that cannot be handed over holds up no other. */
  function oneByOne(messages: OutboxMessage[]): Promise<PromiseSettledResult<void>[]> {
    return Promise.allSettled(
      messages.map(async (m) => {
        const queue = outboxTopics[m.topic as OutboxTopic];
        if (!queue) throw new Error(`unknown outbox topic ${m.topic}`);
        await queues.add(queue, m.payload as never, `${JOB_PREFIX}${m.id}`);
      }),
    );
  }

  /**
   * The messages of one queue go over together (one round trip: a batch of intakes hands over its
   * routing jobs as one write instead of one each). A message whose payload does not parse fails
   * the whole hand-over before anything is sent: then each goes on its own, so that it holds up no
   * other. Anything else (Redis down or slow) fails them all alike, without a second wait; the relay
   * hands them over later.
   */
  async function handOver(messages: OutboxMessage[]): Promise<PromiseSettledResult<void>[]> {
    const queue = outboxTopics[messages[0].topic as OutboxTopic];
    if (!queue || messages.length === 1) return oneByOne(messages);
    try {
      await queues.addMany(queue, messages.map((m) => ({ payload: m.payload as never, jobId: `${JOB_PREFIX}${m.id}` })));
      return messages.map(() => ({ status: 'fulfilled', value: undefined }));
    } catch (err) {
      if (err instanceof ZodError) return oneByOne(messages);
      return messages.map(() => ({ status: 'rejected', reason: err }));
    }
  }

  async function publish(messages: OutboxMessage[]): Promise<number> {
    const byTopic = new Map<string, OutboxMessage[]>();
    for (const m of messages) {
      const group = byTopic.get(m.topic);
      if (group) group.push(m);
      else byTopic.set(m.topic, [m]);
    }
    const settled = await Promise.all([...byTopic.values()].map(async (group) => ({ group, outcomes: await handOver(group) })));
    const done: number[] = [];
    const failed = new Map<number, string>();
    for (const { group, outcomes } of settled) {
      outcomes.forEach((o, i) => (o.status === 'fulfilled' ? done.push(group[i].id) : failed.set(group[i].id, (o.reason as Error).message)));
    }
    for (const [id, error] of failed) await repo.recordFailure([id], error);
    if (failed.size) logger.warn({ pending: failed.size, first: failed.values().next().value }, 'outbox hand-off delayed');
    await repo.markPublished(done, clock.now());
    return done.length;
  }

  /**
   * Writes a message in the caller's transaction and hands it to its queue once that transaction
   * commits (never after a rollback); the relay covers a crash in between. For code that runs
   * inside someone else's transaction, such as a ticket-change observer.
   */
  async function enqueueAfterCommit(tx: Tx, topic: OutboxTopic, payload: Record<string, unknown>, now: Date): Promise<number> {
    const written = await repo.addMany(tx, [{ topic, payload }], now);
    tx.executionPromise.then(
      () => publish(written).catch((err) => logger.warn({ err: (err as Error).message }, 'outbox hand-off failed')),
      () => undefined,
    );
    return written[0].id;
  }

  // Jobs finishing at the same time leave the outbox together: one statement for all of them.
  const finished = createBatcher(async (ids: number[]) => {
    await repo.markDone(ids, clock.now());
    return ids.map(() => undefined);
  }, { maxBatch: 500, maxInFlight: 2 });

  return {
    publish,
    enqueueAfterCommit,

    /** The job of this id did its work: its message leaves the outbox. */
    async done(jobId: string | undefined): Promise<void> {
      const id = outboxIdOfJob(jobId);
      if (id !== null) await finished.submit(id);
    },

    /**
     * Messages handed over at least `staleMs` ago whose work is not done: a job Redis no longer has
     * is added again, a failed one retried, a completed one's message marked done. A job of the same
     * id made before the message was written is another database's (the database was recreated or
     * restored while Redis kept its jobs, so outbox ids came round again): it is replaced, else the
     * message would be marked done by a job that never did its work. Returns how many it handed over again.
     */
    async redriveOnce(staleMs = 60_000, batch = 500): Promise<number> {
      let redriven = 0;
      let after = 0;
      const before = new Date(clock.now().getTime() - staleMs);
      for (;;) {
        const stale = await repo.undone(batch, before, after);
        const done: number[] = [];
        for (const m of stale) {
          const queue = outboxTopics[m.topic as OutboxTopic];
          if (!queue) continue;
          const found = await queues.ensure(queue, m.payload as never, `${JOB_PREFIX}${m.id}`, m.createdAt);
          if (found === 'completed') done.push(m.id);
          if (found === 'added' || found === 'retried') redriven++;
        }
        await repo.markDone(done, clock.now());
        if (stale.length < batch) break;
        after = stale[stale.length - 1].id;
      }
      if (redriven) logger.warn({ redriven }, 'outbox messages handed over again: their jobs were lost or had failed');
      return redriven;
    },

    /** One pass of the relay: messages the requests could not hand over (Redis was down). */
    async relayOnce(batch = 500, graceMs = 2000): Promise<number> {
      const pending = await repo.unpublished(batch, new Date(clock.now().getTime() - graceMs));
      return pending.length ? publish(pending) : 0;
    },
  };
}

export type OutboxPublisher = ReturnType<typeof createOutboxPublisher>;
