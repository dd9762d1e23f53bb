/**
 * The simulated centre's web server on a thread of its own (the simulator and the workers keep the
 * main thread): the real HTTP API with its own container, as `npm start` runs web and workers
 * apart, reading the simulator's clock from shared memory. Posts `{ port }` once listening; stops
 * on the message 'stop' and answers 'stopped'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../../src/config';
import { createContainer } from '../../src/container';
import { startWebServer } from '../../src/server';
import { createLogger } from '../../src/shared/logger';
import { SharedClock } from './shared-clock';
import { keepClientSockets } from './keep-sockets';

export interface WebThreadData {
  env: Record<string, string>;
  clock: SharedArrayBuffer;
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const { env, clock } = workerData as WebThreadData;
  const c = await createContainer(loadConfig(env), { clock: new SharedClock(clock), logger: createLogger('error') });
  const web = await startWebServer(c, 0);
  keepClientSockets(web.server);
  port.on('message', (m) => {
    if (m !== 'stop') return;
    void web.stop().then(() => c.close()).then(() => port.postMessage('stopped'));
  });
  port.postMessage({ port: (web.server.address() as { port: number }).port });
}

if (parentPort) void main(parentPort);
