import type { Logger } from '../src/shared/logger';

/**
 * Runs `pass` at once and then every `intervalMs`, one pass at a time: a slow pass delays the
 * next instead of running beside it. A failed pass is logged; the next one tries again. `stop`
 * waits for the pass in hand.
 */
export function startPeriodicPass(logger: Logger, what: string, pass: () => Promise<unknown>, intervalMs: number): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const next = () => {
    running = running.then(pass).catch((err) => logger.warn({ err: (err as Error).message }, `${what} failed`));
  };
  const timer = setInterval(next, intervalMs);
  next();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
