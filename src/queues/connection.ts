import { Redis } from 'ioredis';

/**
 * Producers (web processes) fail fast when Redis is down, so that intake is never held up by it:
 * the outbox keeps the work and the relay hands it over later. Workers instead wait for Redis
 * (BullMQ requires maxRetriesPerRequest: null on worker connections).
 */
export function createProducerConnection(url: string): Redis {
  return new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
}

export function createWorkerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
