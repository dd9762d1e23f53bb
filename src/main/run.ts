import type { AddressInfo } from 'node:net';
import { prepareDatabase, printDemoAccounts } from '../bootstrap';
import { ConfigError, loadConfig } from '../config';
import { createContainer } from '../container';
import { startWebServer } from '../server';
import { createLogger } from '../shared/logger';
import { startWorkers } from '../../workers';
import { superviseWorker } from './worker-supervisor';

type Role = 'all' | 'web' | 'worker' | 'release';

/**
 * One entry point for every process kind (Procfile): `all` (npm start: migrate, then the web server
 * here and the workers in a child process it supervises), `web`, `worker`, `release` (migrate and
 * load reference data only).
 */
async function main(role: Role): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (role === 'all' || role === 'release') {
    const report = await prepareDatabase(config, logger, { demoAccounts: true });
    if (report) printDemoAccounts(report, config.demoPassword);
    if (role === 'release') return;
  }
  const c = await createContainer(config, { logger });
  const stops: (() => Promise<void>)[] = [];
  // The workers get an event loop of their own: a routing batch never delays a web request.
  if (role === 'all') stops.push(superviseWorker({ script: __filename, args: ['worker'], logger }).stop);
  if (role === 'worker') stops.push((await startWorkers(c)).stop);
  if (role === 'all' || role === 'web') {
    const web = await startWebServer(c);
    const { port } = web.server.address() as AddressInfo;
    logger.info(`12345 hotline listening: open http://localhost:${port}/ (API at http://localhost:${port}/api/v1)`);
    stops.push(web.stop);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Stop taking requests first, then let workers finish their current jobs, then close pools.
    for (const stop of stops.reverse()) await stop();
    await c.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A worker started by `all` stops with it, even when it was killed without a word.
  if (process.send) process.on('disconnect', () => void shutdown('supervisor gone'));
}

const role = (process.argv[2] ?? 'all') as Role;
if (!['all', 'web', 'worker', 'release'].includes(role)) {
  process.stderr.write(`usage: run [all|web|worker|release]\n`);
  process.exit(2);
}
main(role).catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
