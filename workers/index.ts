import type { Container } from '../src/container';
import { startOutboxRelay } from './outbox-relay';
import { startSlaWorker } from './sla.worker';

/** Starts every background worker of this process; `stop` drains them gracefully. */
export async function startWorkers(c: Container): Promise<{ stop: () => Promise<void> }> {
  const running = [startOutboxRelay(c), startSlaWorker(c)];
  return {
    async stop() {
      await Promise.all(running.map((w) => w.stop()));
    },
  };
}
