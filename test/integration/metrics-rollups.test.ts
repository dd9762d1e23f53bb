import { expect } from 'chai';
import request from 'supertest';
import { createMetricsRepository, recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { createMetricCompactionRepository, type DayKey } from '../../src/modules/metrics/metric-compaction.repository';
import { MAX_BUCKET, SEALED_SHARD, bucketUpperSeconds } from '../../src/modules/metrics/metric-counters';
import { shanghaiDate } from '../../src/shared/shanghai-time';
import { ManualClock } from '../../src/shared/clock';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { lastMigration, rollBackUntilLast } from '../support/migrations';
import { privateDatabase } from '../support/private-database';
import { lifecyclePlayer } from '../support/random-lifecycles';
import { waitFor } from '../support/wait';

// Monday 2024-01-22 08:30 in Shanghai: the rounds run into March, so January and February get rollups.
const START = new Date('2024-01-22T00:30:00Z');

describe('metrics compaction and monthly and yearly rollups (docs/PERFORMANCE.md section 5)', function () {
  this.timeout(180_000);
  let h: Harness;
  let clock: ManualClock;
  let supervisor: TestUser;
  let database: Awaited<ReturnType<typeof privateDatabase>>;
  let player: Awaited<ReturnType<typeof lifecyclePlayer>>;

  before(async () => {
    clock = new ManualClock(START);
    // Its own database: the recount covers every ticket.
    database = await privateDatabase('rollups');
    h = await isolatedHarness({ clock, env: { DATABASE_URL: database.url, QUEUE_PREFIX: `test-${process.pid}-rollups` } });
    player = await lifecyclePlayer(h, clock, 20261129);
    // Into March: January and February are then whole months behind "today".
    while (shanghaiDate(clock.now()) < '2024-03-10') await player.round();
    supervisor = await makeUser(h, 'supervisor');
  });

  after(async () => {
    await h.c.close();
    await database.drop();
  });

  const today = () => shanghaiDate(clock.now());
  const verify = async () => (await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now())).differences;
  const liveRows = async (table: string) => Number((await h.c.db(table).where('shard', '<', SEALED_SHARD).count({ n: '*' }))[0].n);

  /** A year's rollup less what lies outside, whole months with partial days on both ends, most of a month, a few days, and the named windows. */
  const windows = () => [
    { window: 'today' },
    { window: 'month' },
    { window: 'year' },
    { from: '2024-01-22', to: today() },
    { from: '2024-02-03', to: '2024-02-27' },
    { from: '2024-02-10', to: '2024-02-12' },
    { from: '2024-01-22', to: today(), departmentId: h.c.directory.getByCode('310104-ENV')?.id as number },
    { from: '2024-01-22', to: today(), line: '12369' },
  ];
  const allFigures = async () => {
    const out = [];
    for (const q of windows()) out.push((await request(h.app).get('/api/v1/metrics').query(q).set(supervisor.auth).expect(200)).body);
    return out;
  };

  it('when the aggregates are compacted, then every live row is sealed, every month rolled up, and every figure is the same and equals the recount', async () => {
    expect(await liveRows('metric_daily')).to.be.greaterThan(0);
    const before = await allFigures();
    expect(before[3].intake.total).to.equal(player.ticketIds().length);

    const report = await h.c.metricsCompaction.compact();
    expect(report.dailyKeys).to.be.greaterThan(0);
    for (const table of ['metric_daily', 'metric_duration_buckets', 'metric_status_counts']) expect(await liveRows(table), table).to.equal(0);
    const months = (await h.c.db('metric_monthly').distinct(h.c.db.raw(`to_char(month, 'YYYY-MM') as m`))).map((r) => r.m).sort();
    expect(months).to.include.members(['2024-01', '2024-02', '2024-03']);
    expect(await h.c.db('metric_yearly').distinct('year').pluck('year')).to.have.length(1);

    expect(await allFigures()).to.deep.equal(before);
    expect(await verify()).to.deep.equal([]);
    // Nothing left to do: a second pass seals nothing and changes nothing.
    expect(await h.c.metricsCompaction.compact()).to.deep.equal({ dailyKeys: 0, bucketKeys: 0, statusKeys: 0 });
    expect(await allFigures()).to.deep.equal(before);
  });

  it('when a ticket taken on the last evening of a month is first dispatched the next month, then its intake moves on a sealed day of a rolled-up month and every figure still equals the recount', async () => {
    const operator = await makeUser(h, 'operator');
    const dispatcher = await makeUser(h, 'dispatcher');
    // 31 March 2024, 23:30 in Shanghai.
    clock.set(new Date('2024-03-31T15:30:00Z'));
    const ticket = (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ channel: 'wechat' })).expect(201)).body;
    await h.c.metricsCompaction.compact();
    clock.set(new Date('2024-04-01T01:00:00Z'));
    await request(h.app).post(`/api/v1/tickets/${ticket.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: 'SH-HOUSING' }).expect(200);
    const late = await h.c.db('metric_daily').where('shard', '<', SEALED_SHARD).andWhere('day', '2024-03-31').count({ n: '*' });
    expect(Number(late[0].n), 'live rows on the sealed 31 March').to.be.greaterThan(0);

    const march = { from: '2024-03-01', to: '2024-03-31', departmentId: h.c.directory.getByCode('SH-HOUSING')?.id as number };
    const housing = (await request(h.app).get('/api/v1/metrics').query(march).set(supervisor.auth).expect(200)).body;
    expect(housing.intake.byChannel.wechat).to.be.at.least(1);
    expect(await verify()).to.deep.equal([]);
    const before = await allFigures();
    await h.c.metricsCompaction.compact();
    expect(await allFigures()).to.deep.equal(before);
    expect(await verify()).to.deep.equal([]);
  });

  it('when a rollup row no longer equals its sealed rows, then the verification names it', async () => {
    await h.c.metricsCompaction.compact();
    const row = await h.c.db('metric_yearly').where('intake', '>', 0).first('year', 'department_id', 'line', 'channel');
    const key = { year: row.year, department_id: row.department_id, line: row.line, channel: row.channel };
    await h.c.db('metric_yearly').where(key).increment('intake', 1);
    try {
      const rollups = (await verify()).filter((d) => d.startsWith('rollup'));
      expect(rollups).to.have.length(1);
      expect(rollups[0]).to.match(new RegExp(`^rollup metric_yearly \\d{4}\\|${row.department_id}\\|${row.line}\\|${row.channel} intake: stored \\d+, recounted \\d+$`));
    } finally {
      await h.c.db('metric_yearly').where(key).decrement('intake', 1);
    }
    expect(await verify()).to.deep.equal([]);
  });

  it('when months are read without a line or channel, then their histograms come from the rollups by department alone, kept equal to the sealed rows', async () => {
    await h.c.metricsCompaction.compact();
    // Equal to the rollups by department × line × channel, added up (the compaction keeps both).
    for (const level of ['monthly', 'yearly']) {
      const [{ n: byDepartment }] = await h.c.db(`metric_${level}_department_buckets`).sum({ n: 'n' });
      const [{ n: byDimension }] = await h.c.db(`metric_${level}_duration_buckets`).sum({ n: 'n' });
      expect(Number(byDepartment), level).to.be.greaterThan(0);
      expect(Number(byDepartment), level).to.equal(Number(byDimension));
    }

    // The reply p90 of January to today (February read from its month's rollup) moves when (and
    // only when) the department-only rollup it is read from does.
    const year = { from: '2024-01-01', to: today() };
    const p90 = async (q: Record<string, string>) => (await request(h.app).get('/api/v1/metrics').query(q).set(supervisor.auth).expect(200)).body.sla.timeToReply.p90Seconds as number;
    const before = { all: await p90(year), line: await p90({ ...year, line: '12345' }) };
    const departmentId = h.c.directory.getByCode('SH-HOUSING')?.id as number;
    // Durations beyond a year, which no ticket of the play took: the p90 of the window must show them.
    const stray = { month: '2024-02-01', department_id: departmentId, kind: 'reply', bucket: MAX_BUCKET };
    await h.c.db('metric_monthly_department_buckets').insert({ ...stray, n: 100_000 });
    // Written behind the compaction's back: say that sealed sums changed, as a sealing transaction does.
    await h.c.db('metric_seal_generation').increment('generation', 1);
    try {
      expect(await p90(year)).to.equal(bucketUpperSeconds(MAX_BUCKET));
      expect(await p90({ ...year, line: '12345' }), 'a line is read from the rollups that keep it').to.equal(before.line);
      const differences = await verify();
      expect(differences.filter((d) => d.startsWith('rollup'))).to.deep.equal([`rollup metric_monthly_department_buckets 2024-02|${departmentId}|reply|${MAX_BUCKET} n: stored 100000, recounted 0`]);
      expect(differences.some((d) => d.includes('sla.timeToReply.p90Seconds')), 'the figure read from it differs from the recount').to.equal(true);
    } finally {
      await h.c.db('metric_monthly_department_buckets').where(stray).delete();
      await h.c.db('metric_seal_generation').increment('generation', 1);
    }
    expect(await p90(year)).to.equal(before.all);
    expect(await verify()).to.deep.equal([]);
  });

  it('when a window is read again, then its sealed sums come from the process while the seal generation stands, with the live rows read fresh', async () => {
    await h.c.metricsCompaction.compact();
    const window = { from: '2024-01-22', to: today() };
    const read = async () => (await request(h.app).get('/api/v1/metrics').query(window).set(supervisor.auth).expect(200)).body;
    const first = await read();

    // A change after the read is a live row: the next read counts it.
    const operator = await makeUser(h, 'operator');
    await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ channel: 'wechat' })).expect(201);
    const second = await read();
    expect(second.intake.total).to.equal(first.intake.total + 1);
    expect(second.intake.byChannel.wechat).to.equal((first.intake.byChannel.wechat ?? 0) + 1);

    // A rollup row the window reads (February's), written behind the compaction's back with no new
    // generation, is not read again...
    const key = await h.c.db('metric_monthly').where({ month: '2024-02-01' }).where('intake', '>', 0).first('month', 'department_id', 'line', 'channel');
    await h.c.db('metric_monthly').where(key).increment('intake', 1000);
    try {
      expect((await read()).intake.total).to.equal(second.intake.total);
      // ...until a sealing transaction says sealed rows changed.
      await h.c.db('metric_seal_generation').increment('generation', 1);
      expect((await read()).intake.total).to.equal(second.intake.total + 1000);
    } finally {
      await h.c.db('metric_monthly').where(key).decrement('intake', 1000);
      await h.c.db('metric_seal_generation').increment('generation', 1);
    }
    // And a compaction, which seals the live row, leaves every figure where it was.
    await h.c.metricsCompaction.compact();
    expect(await read()).to.deep.equal({ ...second, generatedAt: (await read()).generatedAt });
    expect(await verify()).to.deep.equal([]);
  });

  describe('a ticket change racing the compaction of the same row', () => {
    let key: DayKey;
    const repo = () => createMetricsRepository(h.c.db);
    const dims = () => ({ day: key.day, departmentId: key.department_id, line: key.line, channel: key.channel });
    /** A change's write to shard 3 of the key (intake only: the recount then differs by exactly n). */
    const write = (tx: Parameters<ReturnType<typeof repo>['apply']>[0], n: number) => repo().apply(tx, [{ deltas: { daily: [{ dims: dims(), counters: { intake: n } }], durations: [], status: [] }, shard: 3 }]);
    const stored = async () => Number((await h.c.db('metric_daily').where(key).sum({ n: 'intake' }))[0].n);
    const waitingOnALock = () =>
      waitFor('a statement waiting on a row lock', async () => {
        const [{ n }] = (await h.c.db.raw(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows;
        return n > 0;
      });
    /** Only this key's intake differs from the recount, by `n`; no rollup differs from its sealed rows. */
    const expectOnlyDifference = async (total: number, n: number) => {
      const rows = (await verify()).filter((d) => d.startsWith('aggregate') || d.startsWith('rollup'));
      expect(rows).to.deep.equal([`aggregate ${key.day}|${key.department_id}|${key.line}|${key.channel} intake: stored ${total + n}, recounted ${total}`]);
    };
    const undo = async (n: number) => {
      await h.c.db.transaction((tx) => write(tx, -n));
      await h.c.metricsCompaction.compact();
      expect(await verify()).to.deep.equal([]);
    };

    before(async () => {
      await h.c.metricsCompaction.compact();
      key = await h.c.db('metric_daily')
        .where({ shard: SEALED_SHARD })
        .whereBetween('day', ['2024-02-01', '2024-02-29'])
        .where('intake', '>', 0)
        .orderBy(['day', 'department_id', 'line', 'channel'])
        .first(h.c.db.raw(`to_char(day, 'YYYY-MM-DD') as day`), 'department_id', 'line', 'channel');
      expect(key, 'a sealed key with intake in February').to.not.equal(undefined);
    });

    it('when the change holds the row first, then the compaction waits for its commit and seals its sum too', async () => {
      await h.c.db.transaction((tx) => write(tx, 2)); // a live row, for the change to update and the compaction to see
      const total = await stored();
      const change = await h.c.db.transaction();
      await write(change, 1);
      const compacting = h.c.metricsCompaction.compact();
      try {
        await waitingOnALock();
      } finally {
        await change.commit();
      }
      expect((await compacting).dailyKeys).to.be.at.least(1);
      expect(await h.c.db('metric_daily').where(key).pluck('shard')).to.deep.equal([SEALED_SHARD]);
      expect(await stored()).to.equal(total + 1);
      await expectOnlyDifference(total - 2, 3);
      await undo(3);
    });

    it('when the compaction takes the row first, then the change waits and writes a fresh live row, and nothing is lost or counted twice', async () => {
      await h.c.db.transaction((tx) => write(tx, 2)); // a live row for the compaction to take
      const total = await stored();
      const compaction = await h.c.db.transaction();
      await createMetricCompactionRepository(compaction).sealDaily(key);
      const changing = h.c.db.transaction((tx) => write(tx, 1));
      try {
        await waitingOnALock();
      } finally {
        await compaction.commit();
      }
      await changing;
      const rows = await h.c.db('metric_daily').where(key).orderBy('shard').select('shard', 'intake');
      expect(rows.map((r) => r.shard)).to.deep.equal([3, SEALED_SHARD]);
      expect(rows[0].intake).to.equal(1);
      expect(await stored()).to.equal(total + 1);
      await expectOnlyDifference(total - 2, 3);
      await undo(3);
    });
  });

  it('when the rollup migration is rolled back and applied again, then the sealed totals return to shard 0 and every figure is the same', async () => {
    const db = h.c.db;
    await h.c.metricsCompaction.compact();
    const figures = await allFigures();
    await rollBackUntilLast(db, /_metric_rollups\.js$/);
    expect(await lastMigration(db)).to.match(/_metric_rollups\.js$/);
    await db.migrate.down();
    try {
      for (const table of ['metric_monthly', 'metric_monthly_duration_buckets', 'metric_yearly', 'metric_yearly_duration_buckets']) expect(await db.schema.hasTable(table), table).to.equal(false);
      expect((await db('metric_daily').distinct('shard')).map((r) => r.shard)).to.deep.equal([0]);
    } finally {
      await db.migrate.latest();
    }
    expect(await allFigures()).to.deep.equal(figures);
    expect(await verify()).to.deep.equal([]);
  });
});
