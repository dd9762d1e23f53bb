import type { Tx } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { QueueKey } from '../../queues/names';
import type { Queues } from '../../queues/queues';
import type { OutboxMessage, OutboxRepository } from './outbox.repository';

/** Which queue each outbox topic is handed to. */
export const outboxTopics = {
  'ticket.route': 'routing',
  'sla.schedule': 'sla',
  'partner.deliver': 'delivery',
} as const satisfies Record<string, QueueKey>;
export type OutboxTopic = keyof typeof outboxTopics;

/**
 * Hands outbox messages to their queues. The job id is the outbox id, so a message handed over
 * twice (by the request and by the relay racing it, or after a crash) becomes one job.
 */
export function createOutboxPublisher(deps: { repo: OutboxRepository; queues: Queues; clock: Clock; logger: Logger }) {
  const { repo, queues, clock, logger } = deps;

  /** Hands each message over on its own (all at once), so that one that cannot be handed over holds up no other. */
  async function publish(messages: OutboxMessage[]): Promise<number> {
    const outcomes = await Promise.allSettled(
      messages.map(async (m) => {
        const queue = outboxTopics[m.topic as OutboxTopic];
        if (!queue) throw new Error(`unknown outbox topic ${m.topic}`);
        await queues.add(queue, m.payload as never, `outbox-${m.id}`);
      }),
    );
    const done: number[] = [];
    const failed = new Map<number, string>();
    outcomes.forEach((o, i) => (o.status === 'fulfilled' ? done.push(messages[i].id) : failed.set(messages[i].id, (o.reason as Error).message)));
    for (const [id, error] of failed) await repo.recordFailure([id], error);
    if (failed.size) logger.warn({ pending: failed.size, first: failed.values().next().value }, 'outbox hand-off delayed');
    await repo.markPublished(done, clock.now());
    return done.length;
  }

  return {
    publish,

    /**
     * Writes a message in the caller's transaction and hands it to its queue once that transaction
     * commits (never after a rollback); the relay covers a crash in between. For code that runs
     * inside someone else's transaction, such as a ticket-change observer.
     */
    async enqueueAfterCommit(tx: Tx, topic: OutboxTopic, payload: Record<string, unknown>, now: Date): Promise<number> {
      const id = await repo.add(tx, topic, payload, now);
      tx.executionPromise.then(
        () => publish([{ id, topic, payload }]).catch((err) => logger.warn({ err: (err as Error).message, topic }, 'outbox hand-off failed')),
        () => undefined,
      );
      return id;
    },
    /** One pass of the relay: messages the requests could not hand over (Redis was down). */
    async relayOnce(batch = 500, graceMs = 2000): Promise<number> {
      const pending = await repo.unpublished(batch, new Date(clock.now().getTime() - graceMs));
      return pending.length ? publish(pending) : 0;
    },
  };
}

export type OutboxPublisher = ReturnType<typeof createOutboxPublisher>;
