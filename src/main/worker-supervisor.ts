import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../shared/logger';

export interface SupervisorOptions {
  /** The entry script (run.js) and its arguments for the worker process. */
  script: string;
  args: string[];
  logger: Logger;
  /** Wait before the first restart, doubled for each crash in a row up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A worker that ran this long before it died starts again after `minDelayMs`. */
  healthyAfterMs?: number;
  /** How long a graceful stop may take before the worker is killed. */
  stopTimeoutMs?: number;
}

/**
 * Runs the workers in a child process of their own (`npm start`'s `all` mode), so that routing
 * batches and the sweep never hold up the web process's event loop. The child shares this
 * process's stdout and stderr (its logs come through as they are); when it dies it is started
 * again after a crash, waiting longer after each crash in a row; `stop` asks it to drain (SIGTERM) and waits.
 */
export function superviseWorker(opts: SupervisorOptions): { stop: () => Promise<void> } {
  const { logger } = opts;
  const minDelay = opts.minDelayMs ?? 500;
  const maxDelay = opts.maxDelayMs ?? 30_000;
  let child: ChildProcess | null = null;
  let delay = minDelay;
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;

  function start(): void {
    const startedAt = Date.now();
    const current = fork(opts.script, opts.args, { stdio: 'inherit' });
    child = current;
    logger.info({ pid: current.pid }, 'worker process started');
    current.once('exit', (code, signal) => {
      if (child === current) child = null;
      // Exit code 0 is a worker that was asked to stop (Ctrl-C reaches it too): not a crash.
      if (stopping || code === 0) return;
      delay = Date.now() - startedAt >= (opts.healthyAfterMs ?? 60_000) ? minDelay : delay;
      logger.error({ pid: current.pid, code, signal, restartInMs: delay }, 'worker process exited; starting it again');
      restart = setTimeout(start, delay);
      delay = Math.min(delay * 2, maxDelay);
    });
  }
  start();

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearTimeout(restart);
        const running = child;
        if (!running || running.exitCode !== null || running.signalCode !== null) return resolve();
        const kill = setTimeout(() => running.kill('SIGKILL'), opts.stopTimeoutMs ?? 30_000);
        running.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        running.kill('SIGTERM');
      }),
  };
}
