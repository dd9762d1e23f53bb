import { expect } from 'chai';
import request from 'supertest';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { ManualClock } from '../../src/shared/clock';
import { makeUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { privateDatabase } from '../support/private-database';
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
});
