import type { Container } from '../src/container';

/**
 * How far each look reaches back before the previous one: a ticket change that computed its
 * moments before a look but committed after it is still seen. Moments recorded already are skipped
 * by the read itself. A moment already long past when written (an extension approved after the new
 * due time's at-risk moment) is outside every window: the sweep's full read records it (within
 * SWEEP_EVERY_SECONDS), which is why the sweep keeps reading every passed moment.
 */
const OVERLAP_MS = 60_000;

/**
 * Records at-risk and overdue moments as they pass (SPEC section 6), looking every `everyMs` at the
 * moments passed since its last look (sla-timers.ts). Every worker process runs one; two recording
 * the same moment record it once (a unique row). What passed while no watcher ran is recorded by the
 * first look after a start (it has no previous look, so it reads them all) and by the sweep.
 */
export function startSlaWatcher(c: Container, everyMs = c.config.slaWatchEveryMs): { stop: () => Promise<void> } {
  let last: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function look(): Promise<void> {
    const now = c.clock.now().getTime();
    // A clock set back (the simulator and tests move theirs) leaves no window: everything is read again.
    const since = last !== null && last <= now ? new Date(last - OVERLAP_MS) : undefined;
    try {
      const recorded = await c.slaTimers.recordPassed(since);
      if (recorded) c.logger.debug({ recorded }, 'SLA moments recorded');
      last = now;
    } catch (err) {
      // The next look covers this one's window too (last is unchanged).
      c.logger.warn({ err: (err as Error).message }, 'SLA moments not read; next look tries again');
    }
  }

  const tick = () => {
    running = look().finally(() => {
      if (!stopped) timer = setTimeout(tick, everyMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
