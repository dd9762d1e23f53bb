import { expect } from 'chai';
import request from 'supertest';
import { createMetricsRepository, recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { METRIC_SHARDS } from '../../src/modules/metrics/metric-counters';
import { ManualClock } from '../../src/shared/clock';
import { makeUser, ticketBody } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { privateDatabase } from '../support/private-database';
import { lastMigration, rollBackUntilLast } from '../support/migrations';
import { lifecyclePlayer } from '../support/random-lifecycles';

const SEED = Number(process.env.METRICS_SEED ?? 20261128);
const ROUNDS = Number(process.env.METRICS_ROUNDS ?? 60);
// Monday 2024-01-29 08:30 in Shanghai: the rounds run into March, across the Spring Festival holiday.
const START = new Date('2024-01-29T00:30:00Z');

describe(`metrics equal the recount after random lifecycles (seed ${SEED}, ${ROUNDS} rounds)`, function () {
  this.timeout(180_000);
  let h: Harness;
  let clock: ManualClock;
  let ticketIds: number[];
  let database: Awaited<ReturnType<typeof privateDatabase>>;

  before(async () => {
    clock = new ManualClock(START);
    // Its own database: the recount covers every ticket, and must see only tickets that lived by the rules.
    database = await privateDatabase('metrics');
    h = await isolatedHarness({ clock, env: { DATABASE_URL: database.url, QUEUE_PREFIX: `test-${process.pid}-metrics` } });
    const player = await lifecyclePlayer(h, clock, SEED);
    for (let i = 0; i < ROUNDS; i++) await player.round();
    ticketIds = player.ticketIds();
  });

  after(async () => {
    await h.c.close();
    await database.drop();
  });

  it('when hundreds of tickets have lived through every kind of move across days and months, then the play covered them', async () => {
    expect(ticketIds.length).to.be.at.least(200);
    const days = await h.c.db('ticket_events').whereIn('ticket_id', ticketIds).select(h.c.db.raw(`count(distinct (created_at at time zone 'Asia/Shanghai')::date) as n`));
    expect(Number(days[0].n)).to.be.at.least(20);
    const actions = (await h.c.db('ticket_events').whereIn('ticket_id', ticketIds).distinct('action')).map((r) => r.action);
    for (const a of ['create', 'route', 'dispatch', 'accept', 'return', 'pass-down', 'extension', 'extension/decision', 'reply', 'survey', 'reopen', 'merge', 'transfer-110', 'cancel']) {
      expect(actions, a).to.include(a);
    }
    const outcomes = (await h.c.db('surveys').whereIn('ticket_id', ticketIds).whereNotNull('outcome').distinct('outcome')).map((r) => r.outcome);
    expect(outcomes).to.include.members(['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable', 'no_consent']);
  });

  it('when every aggregate and every figure is recounted from tickets, timelines and surveys, then there is no difference', async () => {
    const report = await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
    expect(report.figuresCompared).to.be.greaterThan(1000);
  });

  it("when the REST endpoint is asked for the play's months, then it answers what the verified service computes", async () => {
    const supervisor = await makeUser(h, 'supervisor');
    const rest = await request(h.app).get('/api/v1/metrics').query({ from: '2024-01-29', to: '2024-03-31' }).set(supervisor.auth).expect(200);
    expect(rest.body.intake.total).to.equal(ticketIds.length);
    expect(rest.body.departments.length).to.be.greaterThan(3);
    expect(rest.body.sla.timeToReply.p90Seconds).to.be.a('number');
    const now = clock.now();
    const direct = await h.c.metrics.snapshot({ fromDay: '2024-01-29', toDay: '2024-03-31', departmentId: null, line: null, channel: null }, now);
    expect(rest.body).to.deep.equal(JSON.parse(JSON.stringify(direct)));
  });

  // The aggregates are sharded (ticket id % METRIC_SHARDS) so that concurrent changes do not queue
  // on one row; every read adds the shards up, so none of the figures above may depend on them.
  const months = { from: '2024-01-29', to: '2024-03-31' };
  const restFigures = async () => {
    const supervisor = await makeUser(h, 'supervisor');
    return (await request(h.app).get('/api/v1/metrics').query(months).set(supervisor.auth).expect(200)).body;
  };

  it("when tickets change, then each change is counted on its own ticket's shard, and the shards of a key add up", async () => {
    const db = h.c.db;
    for (const table of ['metric_daily', 'metric_duration_buckets', 'metric_status_counts']) {
      const shards = (await db(table).distinct('shard')).map((r) => r.shard as number);
      expect(shards.every((s) => s >= 0 && s < METRIC_SHARDS), table).to.equal(true);
      expect(shards.length, table).to.be.greaterThan(METRIC_SHARDS / 2);
    }
    // One more intake: exactly its own shard's (no department, line, channel, pending_dispatch) row moves.
    const operator = await makeUser(h, 'operator');
    const key = { department_id: 0, line: '12345', channel: 'web', status: 'pending_dispatch' };
    const before = await db('metric_status_counts').where(key).select('shard', 'n');
    const created = (
      await request(h.app)
        .post('/api/v1/tickets')
        .set(operator.auth)
        .send(ticketBody({ channel: 'web' }))
        .expect(201)
    ).body;
    const after = await db('metric_status_counts').where(key).select('shard', 'n');
    const n = (rows: { shard: number; n: number }[], shard: number) => rows.find((r) => r.shard === shard)?.n ?? 0;
    for (let shard = 0; shard < METRIC_SHARDS; shard++) {
      expect(n(after, shard) - n(before, shard), `shard ${shard}`).to.equal(shard === created.id % METRIC_SHARDS ? 1 : 0);
    }
    const summed = (await createMetricsRepository(db).statusNow({ departmentIds: [0], line: '12345', channel: 'web' })).find((r) => r.status === 'pending_dispatch');
    expect(summed?.n).to.equal(after.reduce((a, r) => a + r.n, 0));
    // It is part of the recount too: still no difference.
    const report = await verifyMetrics(db, recountDeps(db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
  });

  it('when the shard migration is rolled back and applied again, then the totals are kept in shard 0 and every figure is the same', async () => {
    const db = h.c.db;
    const figures = await restFigures();
    const stored = await createMetricsRepository(db).allRows();
    // The rollups came after the shards: they go first (and whatever came after them, before).
    await rollBackUntilLast(db, /_metric_rollups\.js$/);
    expect(await lastMigration(db)).to.match(/_metric_rollups\.js$/);
    await db.migrate.down();
    expect(await lastMigration(db)).to.match(/_metric_shards\.js$/);
    await db.migrate.down();
    try {
      expect(await db.schema.hasColumn('metric_status_counts', 'shard')).to.equal(false);
      const status = await db('metric_status_counts').select('department_id', 'line', 'channel', 'status', 'n');
      expect(status).to.have.deep.members(stored.status);
    } finally {
      await db.migrate.latest();
    }
    expect((await db('metric_daily').distinct('shard')).map((r) => r.shard)).to.deep.equal([0]);
    expect(await restFigures()).to.deep.equal(figures);
    const report = await verifyMetrics(db, recountDeps(db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
  });

  it('when the aggregates are rebuilt from the recount, then they are written to shard 0 and every figure is the same', async () => {
    const db = h.c.db;
    // Spread over the shards again first (the rollback above gathered them in shard 0).
    const operator = await makeUser(h, 'operator');
    for (let i = 0; i < 3; i++) await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody()).expect(201);
    expect((await db('metric_status_counts').distinct('shard')).length).to.be.greaterThan(1);
    const figures = await restFigures();
    const deps = recountDeps(db, h.c.catalog, h.c.directory);
    await verifyMetrics(db, deps, clock.now(), { rebuild: true });
    expect((await db('metric_status_counts').distinct('shard')).map((r) => r.shard)).to.deep.equal([0]);
    expect(await restFigures()).to.deep.equal(figures);
    expect((await verifyMetrics(db, deps, clock.now())).differences).to.deep.equal([]);
  });
});
