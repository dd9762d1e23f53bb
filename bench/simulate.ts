/**
 * `npm run simulate` — Shanghai's 12345 year 2016 (or some days of it) played through the real API
 * and workers on an accelerated clock; prints SPEC section 2's table three ways.
 *
 *   npm run simulate -- --year 2016                      the whole year at full volume
 *   npm run simulate -- --days 7 --scale 1/100           a week (from the first Monday of March) at 1% volume
 *   options: --start YYYY-MM-DD, --speed N (simulated s per real s at most; default: as fast as it goes),
 *            --seed N, --tick S (seconds between moments, default 60), --concurrency N (calls, and moves, at once per moment; default 64),
 *            --durable (commits wait for the disk, as in production; by default the scratch database does not),
 *            --one-thread (the web server on the simulator's thread, as before issue 19; by default a thread of its own)
 *
 * SIM_DATABASE_URL (default postgres://root@127.0.0.1:5432/hotline_sim; recreated each run) and
 * SIM_REDIS_URL (default redis://127.0.0.1:6379/13, keys under `sim`).
 */
import { numberArg, parseArgs } from './lib/args';
import { writeResult } from './lib/results';
import { runSimulation } from './simulator/run-simulation';

function firstMondayOfMarch(year: number): string {
  for (let d = 1; ; d++) {
    const day = `${year}-03-${String(d).padStart(2, '0')}`;
    if (new Date(`${day}T12:00:00Z`).getUTCDay() === 1) return day;
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const year = numberArg(args, 'year', 2016);
  const days = args.has('days') ? numberArg(args, 'days', 7) : null;
  const startDay = args.get('start') ?? (days === null ? `${year}-01-01` : firstMondayOfMarch(year));
  const yearDays = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
  const report = await runSimulation({
    databaseUrl: process.env.SIM_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_sim',
    redisUrl: process.env.SIM_REDIS_URL ?? 'redis://127.0.0.1:6379/13',
    queuePrefix: 'sim',
    startDay,
    days: days ?? yearDays,
    scale: numberArg(args, 'scale', 1),
    speed: numberArg(args, 'speed', 0),
    seed: numberArg(args, 'seed', year),
    tickSeconds: numberArg(args, 'tick', 60),
    concurrency: numberArg(args, 'concurrency', 64),
    durable: args.has('durable'),
    oneThread: args.has('one-thread'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${report.text}\n`);
  const { text: _text, ...json } = report;
  process.stdout.write(`(JSON: ${writeResult('simulate', json)})\n`);
  return report.allEqual ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? err}\n`);
    process.exit(2);
  },
);
