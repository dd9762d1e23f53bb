import { expect } from 'chai';
import { runIntake } from '../../bench/scenarios/intake';
import { runLifecycle } from '../../bench/scenarios/lifecycle';
import { runLive } from '../../bench/scenarios/live';
import { runRouting } from '../../bench/scenarios/routing';
import { runScale } from '../../bench/scenarios/scale';
import type { ScenarioContext, ScenarioResult } from '../../bench/scenarios/types';
import { dropDatabase, prepareDatabase, siblingUrl, databaseName } from '../../bench/lib/database';
import { clearQueues, type BenchTarget } from '../../bench/lib/processes';
import { runSimulation } from '../../bench/simulator/run-simulation';
import { upkeepTables } from '../../bench/simulator/table-upkeep';
import { createDb, type Db } from '../../src/db/knex';
import { waitFor } from '../support/wait';

// Databases of their own beside the test database: the scenarios write rows no other test expects.
const testUrl = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/hotline_test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const own = (suffix: string) => siblingUrl(testUrl, `${databaseName(testUrl)}_${suffix}`);

/** A table whose rows all have the header's number of cells, and at least one row below it. */
function expectWellFormed(r: ScenarioResult, name: string): void {
  expect(r.name).to.equal(name);
  expect(r.title.length).to.be.greaterThan(0);
  expect(r.table.length).to.be.at.least(2);
  for (const row of r.table) expect(row).to.have.length(r.table[0].length);
  expect(() => JSON.stringify(r.figures)).not.to.throw();
}

describe('benchmarks and simulator, at smoke size (no timings asserted)', function () {
  this.timeout(240_000);
  const target: BenchTarget = { databaseUrl: own('smokebench'), redisUrl, queuePrefix: `test-${process.pid}-bench` };
  let db: Db;
  let ctx: ScenarioContext;

  before(async () => {
    await prepareDatabase(target.databaseUrl, { fresh: true });
    db = createDb(target.databaseUrl, { min: 0, max: 2 });
    ctx = { target, db, log: () => undefined };
  });

  after(async () => {
    await db.destroy();
    await clearQueues(target);
    await dropDatabase(target.databaseUrl);
  });

  it('when the intake scenario runs for a second under split processes and under npm start, then for each the real route and the reference answered 201s and it reports their ratio', async function () {
    this.timeout(120_000);
    const r = await runIntake(ctx, { durationSeconds: 1, connections: 4, modes: ['split', 'all'] });
    expectWellFormed(r, 'intake');
    type Run = { ok: number; errors: number; non2xx: number };
    const { measured } = r.figures as { measured: { mode: string; reference: Run; real: Run; ratio: number }[] };
    expect(measured.map((m) => m.mode)).to.deep.equal(['split', 'all']);
    for (const { reference, real, ratio } of measured) {
      expect(reference.ok).to.be.greaterThan(0);
      expect(real.ok).to.be.greaterThan(0);
      expect(real.non2xx + real.errors).to.equal(0);
      expect(ratio).to.be.a('number');
    }
  });

  it('when the routing scenario creates tickets at a small steady rate, then every ticket it created was routed and timed', async () => {
    const r = await runRouting(ctx, { rates: [10], durationSeconds: 1, workers: 1 });
    expectWellFormed(r, 'routing');
    const [step] = (r.figures as { steps: { created: number; routed: number; fromResponse: { n: number; p99Ms: number } }[] }).steps;
    expect(step.created).to.be.greaterThan(0);
    expect(step.routed).to.equal(step.created);
    expect(step.fromResponse.n).to.equal(step.created);
    expect(step.fromResponse.p99Ms).to.be.a('number');
  });

  it('when the lifecycle scenario moves a few tickets, then each was accepted, replied and surveyed without a refusal', async () => {
    const r = await runLifecycle(ctx, { tickets: 6, concurrency: 3 });
    expectWellFormed(r, 'lifecycle');
    const phases = (r.figures as { phases: { action: string; n: number; failed: number }[] }).phases;
    expect(phases.map((p) => [p.action, p.n, p.failed])).to.deep.equal([
      ['accept', 6, 0],
      ['reply', 6, 0],
      ['survey', 6, 0],
    ]);
  });

  it('when a few live clients watch a few changes, then every client got every change', async () => {
    const r = await runLive(ctx, { clients: 4, changes: 3, changesPerSecond: 10 });
    expectWellFormed(r, 'live');
    const f = r.figures as { expected: number; received: number; latency: { n: number } };
    expect(f.expected).to.equal(12);
    expect(f.received).to.equal(12);
    expect(f.latency.n).to.equal(12);
  });

  it('when the scale scenario bulk-loads two small years, then the metrics it wrote equal the recount and every query was timed; a reuse run times the kept database again', async () => {
    const databaseUrl = own('smokebench_scale');
    const base = { databaseUrl, redisUrl, queuePrefix: `test-${process.pid}-bench-scale`, sizes: [300, 600], repeat: 2, verifyUpTo: 1000, log: () => undefined };
    type Sizes = { size: number; verify: { differences: number } | null; queries: Record<string, { n: number }> }[];
    try {
      const r = await runScale({ ...base, keep: true, reuse: false });
      expectWellFormed(r, 'scale');
      const sizes = (r.figures as { sizes: Sizes }).sizes;
      expect(sizes.map((s) => s.size)).to.deep.equal([300, 600]);
      for (const s of sizes) {
        expect(s.verify?.differences, `recount at ${s.size}`).to.equal(0);
        for (const [label, q] of Object.entries(s.queries)) expect(q.n, label).to.equal(2);
      }
      const again = (await runScale({ ...base, keep: false, reuse: true })).figures as { sizes: Sizes };
      expect(again.sizes.map((s) => s.size)).to.deep.equal([600]);
      for (const [label, q] of Object.entries(again.sizes[0].queries)) expect(q.n, label).to.equal(2);
    } finally {
      await dropDatabase(databaseUrl);
    }
  });

  it("when a table had more rows written than autovacuum's thresholds allow, then the simulator's upkeep vacuums and analyses it, once", async () => {
    // The simulator's stand-in for autovacuum on a server that has it off (this machine's CI): it
    // picks tables by autovacuum's rule, whatever the server's setting, so this holds on either. The
    // probe is kept from the server's own autovacuum, which would otherwise race the upkeep for it.
    await db.raw('create table upkeep_probe (id int primary key, note text) with (autovacuum_enabled = off)');
    try {
      await db.raw("insert into upkeep_probe select n, 'row ' || n from generate_series(1, 2000) n");
      const stats = async () => (await db.raw("select n_mod_since_analyze::int as changed, last_vacuum, last_analyze from pg_stat_user_tables where relname = 'upkeep_probe'")).rows[0];
      await waitFor('the inserts to reach the statistics', async () => (await stats())?.changed === 2000);
      expect(await stats()).to.include({ last_vacuum: null, last_analyze: null });

      const first = await upkeepTables(db);
      expect(first.vacuumed).to.include('upkeep_probe'); // PostgreSQL's default thresholds: 2,000 rows inserted > 1,000 + 0.2 × 0
      expect(first.analysed).to.include('upkeep_probe'); // 2,000 rows changed > 50 + 0.1 × 0
      const after = await stats();
      expect(after.changed).to.equal(0);
      expect(after.last_vacuum).to.be.instanceOf(Date);
      expect(after.last_analyze).to.be.instanceOf(Date);
      const { rows } = await db.raw("select reltuples::int as n from pg_class where relname = 'upkeep_probe'");
      expect(rows[0].n).to.equal(2000); // the planner now knows the table's size

      const second = await upkeepTables(db);
      expect([...second.vacuumed, ...second.analysed]).not.to.include('upkeep_probe');
    } finally {
      await db.raw('drop table upkeep_probe');
    }
  });

  it("when the simulator plays two days at 1/200 of Shanghai's volume, then the system's metrics equal the simulator's truth", async () => {
    const url = own('smokebench_sim');
    try {
      const report = await runSimulation({
        databaseUrl: url,
        redisUrl,
        queuePrefix: `test-${process.pid}-sim`,
        startDay: '2016-03-07',
        days: 2,
        scale: 1 / 200,
        speed: 0,
        seed: 2016,
        tickSeconds: 60,
        concurrency: 8,
        log: () => undefined,
      });
      expect(report.rows.map((row) => row.figure)).to.have.length(7);
      expect(report.rows.filter((row) => !row.equal), report.text).to.deep.equal([]);
      expect(report.more.filter((row) => !row.equal), report.text).to.deep.equal([]);
      expect(report.allEqual).to.equal(true);
      expect(report.recount?.differences, report.text).to.equal(0);
      expect(report.failures, report.text).to.deep.equal([]);
      const calls = Number(report.rows[0].truth.replace(/,/g, ''));
      expect(calls).to.be.greaterThan(20);
    } finally {
      await dropDatabase(url);
    }
  });
});
