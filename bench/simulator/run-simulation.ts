import { serverSettingWarnings } from '../../src/db/server-settings';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { prepareDatabase, relaxCommits } from '../lib/database';
import { clearQueues } from '../lib/processes';
import { formatNumber } from '../lib/table';
import { dayOf } from './model';
import { compare, compareMore, renderComparison, type ComparedRow, type SystemFigures } from './report';
import { Simulation, type SimulationOptions } from './simulation';

export interface SimulationReport {
  options: Omit<SimulationOptions, 'log'>;
  window: { from: string; to: string };
  realSeconds: number;
  simulatedSeconds: number;
  speedAchieved: number;
  spent: Simulation['spent'];
  requests: number;
  failures: string[];
  /** The database server's settings that make these figures unlike a production server's (server-settings.ts). */
  serverWarnings: string[];
  rows: ComparedRow[];
  more: ComparedRow[];
  allEqual: boolean;
  recount: { differences: number; figuresCompared: number } | null;
  text: string;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** Recreates the simulation's database, plays the days, and compares the truth with the metrics. */
export async function runSimulation(opts: SimulationOptions & { verifyUpTo?: number }): Promise<SimulationReport> {
  await prepareDatabase(opts.databaseUrl, { fresh: true });
  if (!opts.durable) await relaxCommits(opts.databaseUrl);
  await clearQueues({ databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix });
  const sim = new Simulation(opts);
  await sim.start();
  // Said before the days are played: a run of hours on a misconfigured server measures the server.
  const serverWarnings = await serverSettingWarnings(sim.container.db);
  for (const warning of serverWarnings) opts.log(`simulate: WARNING: ${warning}`);
  if (sim.upkeep) opts.log('simulate: autovacuum is off, so the simulator analyses and vacuums the tables between days by its rule, in the run\'s time (table-upkeep.ts)');
  const started = performance.now();
  try {
    await sim.run((day, real) => {
      const { create, routing, act, sync, upkeep } = sim.spent;
      opts.log(`simulate: ${day} done, ${formatNumber(sim.requests)} requests so far, ${real.toFixed(1)} s (so far creating ${seconds(create)} s, waiting for routing ${seconds(routing)} s, acting ${seconds(act)} s, reading clocks ${seconds(sync)} s${sim.upkeep ? `, tables' upkeep ${seconds(upkeep)} s` : ''})`);
    });
    await sim.settle();
    const realSeconds = (performance.now() - started) / 1000;
    const from = opts.startDay;
    const to = dayOf(sim.endMs - 1);
    const system = await sim.supervisorGet<SystemFigures>(`/api/v1/metrics?from=${from}&to=${to}`);
    const truth = sim.truth.total(from, to);
    const fraction = (opts.days / 366) * opts.scale;
    const rows = compare(truth, system, fraction);
    const more = compareMore(truth, system);
    const allEqual = [...rows, ...more].every((r) => r.equal);
    const c = sim.container;
    const tickets = Number((await c.db('tickets').count({ n: '*' }))[0].n);
    const recount = tickets <= (opts.verifyUpTo ?? 200_000) ? await verifyMetrics(c.db, recountDeps(c.db, c.catalog, c.directory), c.clock.now()) : null;
    const simulatedSeconds = (sim.endMs - Date.parse(`${from}T00:00:00+08:00`)) / 1000;
    const scaleText = opts.scale === 1 ? 'full volume (scale 1)' : `scale ${opts.scale} (1/${formatNumber(Math.round(1 / opts.scale))} of the real volume)`;
    const label = `2016 pro rata (${opts.days} d × ${opts.scale === 1 ? '1' : `1/${Math.round(1 / opts.scale)}`})`;
    const text = [
      '',
      `Simulated ${from} .. ${to} (${opts.days} days) at ${scaleText}, seed ${opts.seed}, moments ${opts.tickSeconds} s apart`,
      `Driven through the HTTP API (${opts.oneThread ? 'server on the simulator\'s thread' : 'server on a thread of its own'}) and the BullMQ workers, on a clock that moves when told; ${opts.concurrency} concurrent calls and ${opts.concurrency} concurrent moves per moment; ` +
        (opts.durable ? 'commits wait for the disk' : 'commits do not wait for the disk (synchronous_commit off)'),
      ...serverWarnings.map((w) => `WARNING: ${w}`),
      `Real time ${realSeconds.toFixed(1)} s for ${formatNumber(simulatedSeconds)} simulated s (${formatNumber(Math.round(simulatedSeconds / realSeconds))}× real time); ` +
        `${formatNumber(sim.requests)} API requests (${formatNumber(Math.round(sim.requests / realSeconds))}/s)`,
      `Real time spent: ${formatNumber(sim.spent.moments)} moments, ${seconds(sim.spent.wall)} s; in them creating ${seconds(sim.spent.create)} s then waiting for the routing worker ${seconds(sim.spent.routing)} s, ` +
        `alongside those lifecycle actions ${seconds(sim.spent.act)} s; after both reading clocks ${seconds(sim.spent.sync)} s` +
        (sim.upkeep ? `; between days analysing and vacuuming the tables, autovacuum being off, ${seconds(sim.spent.upkeep)} s` : ''),
      '',
      renderComparison(rows, label),
      '',
      renderComparison(more, ''),
      '',
      `system's metrics = GET /api/v1/metrics?from=${from}&to=${to}; truth = what the simulator did, counted as it did it`,
      recount ? `metrics recount (npm run metrics:verify's check): ${recount.differences.length} differences over ${formatNumber(recount.figuresCompared)} figures` : 'metrics recount skipped (too many tickets)',
      allEqual ? "RESULT: the system's metrics equal the simulator's truth" : "RESULT: MISMATCH between the system's metrics and the simulator's truth",
      ...(sim.failures.length ? ['', `refused requests (${sim.failures.length} shown):`, ...sim.failures.map((f) => `  ${f}`)] : []),
    ].join('\n');
    const { log: _log, ...options } = opts;
    return {
      options,
      window: { from, to },
      realSeconds,
      simulatedSeconds,
      speedAchieved: simulatedSeconds / realSeconds,
      spent: sim.spent,
      requests: sim.requests,
      failures: sim.failures,
      serverWarnings,
      rows,
      more,
      allEqual,
      recount: recount ? { differences: recount.differences.length, figuresCompared: recount.figuresCompared } : null,
      text,
    };
  } finally {
    await sim.stop();
    await clearQueues({ databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl, queuePrefix: opts.queuePrefix });
  }
}
