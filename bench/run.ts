/**
 * `npm run bench` — every scenario against a scratch database of its own (never `hotline` or the
 * test database), each printing a table and writing JSON under bench/results/.
 *
 *   npm run bench                                   all scenarios, full size
 *   npm run bench -- --only intake,routing          some of them
 *   npm run bench -- --only intake --intake-modes all   intake under `npm start` only (default: split,all)
 *   npm run bench -- --only routing --rates 500 --routing-duration 60   routing at 500/s for 60 s
 *   npm run bench -- --quick                        tiny sizes (a smoke run: seconds, numbers meaningless)
 *   npm run bench -- --only scale --large 1000000   the large size of the scale scenario (default 3,000,000)
 *   npm run bench -- --only scale --keep-scale      keep its database; --reuse-scale then times it again, no load
 *
 * BENCH_DATABASE_URL (default postgres://root@127.0.0.1:5432/hotline_bench; the scale scenario uses
 * <name>_scale beside it) and BENCH_REDIS_URL (default redis://127.0.0.1:6379/12, keys under `bench`).
 */
import { createDb } from '../src/db/knex';
import { parseArgs, numberArg } from './lib/args';
import { prepareDatabase, databaseName, siblingUrl } from './lib/database';
import { runMain } from './lib/main';
import { clearQueues, type BenchTarget } from './lib/processes';
import { writeResult } from './lib/results';
import { formatTable } from './lib/table';
import { runIntake, type IntakeMode } from './scenarios/intake';
import { runLifecycle } from './scenarios/lifecycle';
import { runLive } from './scenarios/live';
import { runRouting } from './scenarios/routing';
import { runScale } from './scenarios/scale';
import type { ScenarioContext, ScenarioResult } from './scenarios/types';

const all = ['intake', 'routing', 'lifecycle', 'live', 'scale'] as const;

export function printResult(r: ScenarioResult, file?: string): void {
  const lines = ['', `== ${r.title}`, formatTable(r.table), ...r.notes.map((n) => `  - ${n}`)];
  if (file) lines.push(`  (JSON: ${file})`);
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const quick = args.has('quick');
  const only = (args.get('only') ?? all.join(',')).split(',').map((s) => s.trim());
  for (const o of only) if (!(all as readonly string[]).includes(o)) throw new Error(`unknown scenario ${o}; expected ${all.join(', ')}`);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_bench';
  const target: BenchTarget = { databaseUrl, redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12', queuePrefix: 'bench' };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const duration = numberArg(args, 'duration', quick ? 2 : 20);

  const needsStack = only.some((o) => o !== 'scale');
  let db: ReturnType<typeof createDb> | null = null;
  if (needsStack) {
    log(`bench: recreating ${databaseName(databaseUrl)}`);
    await prepareDatabase(databaseUrl, { fresh: true });
    await clearQueues(target);
    db = createDb(databaseUrl, { min: 0, max: 4 });
  }
  const ctx = (): ScenarioContext => ({ target, db: db as NonNullable<typeof db>, log });
  try {
    for (const name of only) {
      log(`bench: ${name}`);
      let result: ScenarioResult;
      if (name === 'intake') {
        const modes = (args.get('intake-modes') ?? 'split,all').split(',').map((m) => m.trim());
        for (const m of modes) if (m !== 'split' && m !== 'all') throw new Error(`unknown intake mode ${m}; expected split, all`);
        result = await runIntake(ctx(), { durationSeconds: duration, connections: numberArg(args, 'connections', 50), modes: modes as IntakeMode[] });
      }
      else if (name === 'routing') {
        const rates = (args.get('rates') ?? (quick ? '20' : '500,250,100')).split(',').map(Number);
        result = await runRouting(ctx(), { rates, durationSeconds: quick ? 2 : numberArg(args, 'routing-duration', 15), workers: numberArg(args, 'workers', 1) });
      } else if (name === 'lifecycle') result = await runLifecycle(ctx(), { tickets: numberArg(args, 'tickets', quick ? 20 : 2000), concurrency: numberArg(args, 'concurrency', 32) });
      else if (name === 'live') result = await runLive(ctx(), { clients: numberArg(args, 'clients', quick ? 10 : 1000), changes: quick ? 5 : 100, changesPerSecond: quick ? 10 : 5 });
      else {
        result = await runScale({
          databaseUrl: siblingUrl(databaseUrl, `${databaseName(databaseUrl)}_scale`),
          redisUrl: target.redisUrl,
          queuePrefix: `${target.queuePrefix}-scale`,
          sizes: quick ? [1_000, 3_000] : [10_000, numberArg(args, 'large', 3_000_000)],
          repeat: quick ? 3 : 30,
          verifyUpTo: 20_000,
          keep: args.has('keep-scale'),
          reuse: args.has('reuse-scale'),
          log,
        });
      }
      printResult(result, writeResult(result.name, result));
      await clearQueues(target);
    }
  } finally {
    await db?.destroy();
  }
}

if (require.main === module) {
  runMain(main);
}
