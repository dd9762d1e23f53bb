import type { Container } from '../src/container';
import { startOutboxRelay } from './outbox-relay';

/** Starts every background worker of this process; `stop` drains them gracefully. */
export async function startWorkers(c: Container): Promise<{ stop: () => Promise<void> }> {
  const running = [startOutboxRelay(c)];
  return {
    async stop() {
      await Promise.all(running.map((w) => w.stop()));
    },
  };
}
