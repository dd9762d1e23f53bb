import { ConfigError, loadConfig } from '../config';
import { createContainer } from '../container';
import { recountDeps, verifyMetrics } from '../modules/metrics';
import { createLogger } from '../shared/logger';

/**
 * `npm run metrics:verify`: recounts every metric from the tickets, their timelines and the surveys,
 * compares it with the aggregates the live figures are read from, prints each difference and exits
 * 1 if there is any. `-- --rebuild` replaces the aggregates with the recount instead (a database
 * that had tickets before the metrics existed, or after restoring a backup).
 */
async function main(): Promise<number> {
  const rebuild = process.argv.includes('--rebuild');
  const config = loadConfig();
  const c = await createContainer(config, { logger: createLogger('warn') });
  try {
    const started = Date.now();
    const report = await verifyMetrics(c.db, recountDeps(c.db, c.catalog, c.directory), c.clock.now(), { rebuild });
    for (const d of report.differences) process.stdout.write(`DIFF ${d}\n`);
    const took = `${Date.now() - started} ms`;
    if (rebuild) {
      process.stdout.write(`metrics:verify: aggregates rebuilt from the recount (${took})\n`);
      return 0;
    }
    process.stdout.write(
      `metrics:verify: ${report.rowsCompared} aggregate values and ${report.figuresCompared} figures compared in ${took}: ` +
        `${report.differences.length === 0 ? 'no difference' : `${report.differences.length} difference(s)`}\n`,
    );
    return report.differences.length === 0 ? 0 : 1;
  } finally {
    await c.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
