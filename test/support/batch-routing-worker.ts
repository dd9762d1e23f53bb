/**
 * The real routing worker in a process of its own, for a test to kill with SIGKILL in the middle of
 * a batch. Prints "started" once its queue worker runs.
 */
import { createContainer } from '../../src/container';
import { startRoutingWorker } from '../../workers/routing.worker';
import { testConfig } from './harness';

async function main() {
  const c = await createContainer(testConfig({ QUEUE_PREFIX: process.env.QUEUE_PREFIX as string }));
  startRoutingWorker(c, { lockDurationMs: 1000, stalledIntervalMs: 1000 });
  process.stdout.write('started\n');
}

void main();
