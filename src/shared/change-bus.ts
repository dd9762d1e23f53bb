import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from './logger';

/**
 * Notices every process must act on at once, though nothing in its own memory changed: sessions
 * and keys that were revoked (each process forgets the principals it remembers and disconnects
 * the matching live sockets), and reference data an admin edited (each process reloads its copy).
 */
export const changeNoticeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('revoked'),
    tokenHashes: z.array(z.string()).default([]),
    userIds: z.array(z.number().int()).default([]),
    apiKeyIds: z.array(z.number().int()).default([]),
  }),
  z.object({ kind: z.literal('reference-changed'), what: z.enum(['departments', 'categories']) }),
]);
export type ChangeNotice = z.infer<typeof changeNoticeSchema>;
export type RevokedNotice = Extract<ChangeNotice, { kind: 'revoked' }>;

type Listener = (notice: ChangeNotice) => void | Promise<void>;

export interface ChangeBus {
  /** Acts on the notice in this process at once, then tells every other process through Redis. */
  publish(notice: ChangeNotice): Promise<void>;
  on(listener: Listener): () => void;
  close(): Promise<void>;
}

export const changeChannel = (prefix: string) => `${prefix}:changes`;

/**
 * Redis pub/sub carries the notices: a notice reaches every subscribed process within
 * milliseconds. It is not durable, and needs no durability: a process that misses one (Redis
 * down, process starting) still has the database's answer within the principal cache's 3 s and
 * rereads the reference data when it starts.
 */
export async function createChangeBus(deps: { publisher: Redis; redisUrl: string; prefix: string; logger: Logger }): Promise<ChangeBus> {
  const channel = changeChannel(deps.prefix);
  // Its own connection with the default options: it waits for Redis and subscribes again after a reconnect.
  const sub = new Redis(deps.redisUrl);
  sub.on('error', (err) => deps.logger.debug({ err: err.message }, 'change bus redis connection error'));
  const listeners = new Set<Listener>();
  // Our own notices come back through Redis too; they were handled when published.
  const origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  async function deliver(notice: ChangeNotice): Promise<void> {
    for (const listener of listeners) {
      try {
        await listener(notice);
      } catch (err) {
        deps.logger.warn({ err: (err as Error).message, kind: notice.kind }, 'change notice listener failed');
      }
    }
  }

  sub.on('message', (_channel, message: string) => {
    try {
      const envelope = JSON.parse(message) as { origin: string; notice: unknown };
      if (envelope.origin === origin) return;
      void deliver(changeNoticeSchema.parse(envelope.notice));
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'bad change notice ignored');
    }
  });
  // Start-up is not held up by Redis being down: the subscription is made when it comes back.
  const subscribed = sub.subscribe(channel).catch((err: Error) => deps.logger.warn({ err: err.message }, 'change bus not subscribed'));
  await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);

  return {
    async publish(notice) {
      await deliver(notice);
      try {
        await deps.publisher.publish(channel, JSON.stringify({ origin, notice }));
      } catch (err) {
        // The change is committed; other processes catch up through their caches' expiry.
        deps.logger.warn({ err: (err as Error).message, kind: notice.kind }, 'change notice not published');
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      // QUIT waits for Redis to answer it: a connection still trying to reach Redis would hold the
      // close up until ioredis gave up on the command (70 s measured), so it is dropped at once.
      if (sub.status === 'ready') await sub.quit().catch(() => sub.disconnect());
      else sub.disconnect();
    },
  };
}
