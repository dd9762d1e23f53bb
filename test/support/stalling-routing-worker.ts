/**
 * A routing worker in its own process that takes a job and then hangs before doing the work,
 * so a test can kill it with SIGKILL in the middle of a job. Prints "holding <jobId>" when it does.
 */
import { createContainer } from '../../src/container';
import { startQueueWorker } from '../../workers/worker-factory';
import { testConfig } from './harness';

async function main() {
  const c = await createContainer(testConfig({ QUEUE_PREFIX: process.env.QUEUE_PREFIX as string }));
  startQueueWorker(
    c,
    'routing',
    async (_payload, job) => {
      process.stdout.write(`holding ${job.id}\n`);
      await new Promise(() => undefined); // never finishes: the test kills this process
    },
    { lockDurationMs: 1000, stalledIntervalMs: 1000 },
  );
}

void main();
