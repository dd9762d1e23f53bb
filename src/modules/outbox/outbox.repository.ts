import type { Db, Tx } from '../../db/knex';

export interface OutboxMessage {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

export function createOutboxRepository(db: Db) {
  return {
    async add(tx: Tx, topic: string, payload: Record<string, unknown>, now: Date): Promise<number> {
      const [row] = await tx('outbox').insert({ topic, payload, created_at: now }).returning('id');
      return row.id;
    },

    /** Several messages in one statement, as written (with their ids). */
    addMany(tx: Tx, messages: Omit<OutboxMessage, 'id'>[], now: Date): Promise<OutboxMessage[]> {
      if (!messages.length) return Promise.resolve([]);
      return tx('outbox')
        .insert(messages.map((m) => ({ ...m, created_at: now })))
        .returning(['id', 'topic', 'payload']);
    },

    async markPublished(ids: number[], now: Date): Promise<void> {
      if (ids.length) await db('outbox').whereIn('id', ids).update({ published_at: now });
    },

    /** The messages' jobs did their work: they leave the outbox. */
    async markDone(ids: number[], now: Date): Promise<void> {
      if (ids.length) await db('outbox').whereIn('id', ids).whereNull('done_at').update({ done_at: now });
    },

    async recordFailure(ids: number[], error: string): Promise<void> {
      if (ids.length) await db('outbox').whereIn('id', ids).update({ attempts: db.raw('attempts + 1'), last_error: error.slice(0, 500) });
    },

    /** Oldest unpublished messages, at least `minAgeMs` old so that fresh ones are left to their request. */
    unpublished(limit: number, olderThan: Date): Promise<OutboxMessage[]> {
      return db('outbox')
        .whereNull('published_at')
        .where('created_at', '<', olderThan)
        .orderBy('id')
        .limit(limit)
        .select('id', 'topic', 'payload');
    },

    /**
     * Messages handed over before `handedBefore` whose work is still not done: the sweep asks the
     * queue what became of their jobs. Oldest first, after `afterId` (the sweep pages through them).
     */
    undone(limit: number, handedBefore: Date, afterId = 0): Promise<(OutboxMessage & { createdAt: Date })[]> {
      return db('outbox')
        .whereNull('done_at')
        .where('published_at', '<', handedBefore)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .select('id', 'topic', 'payload', 'created_at as createdAt');
    },

    async count(): Promise<number> {
      const [{ n }] = await db('outbox').whereNull('done_at').count({ n: '*' });
      return Number(n);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
