import { expect } from 'chai';
import request from 'supertest';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { ManualClock } from '../../src/shared/clock';
import type { TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { privateDatabase } from '../support/private-database';

// Tuesday 2025-07-15 09:00 in Shanghai; the next day is worked too, the day before is left empty.
const START = new Date('2025-07-15T01:00:00Z');
const DAYS = ['2025-07-14', '2025-07-15', '2025-07-16'];

/** The figures a day of the trend carries, as GET /metrics gives them for that day alone. */
const dayOf = (m: { intake: { total: number }; tickets: { dispatched: number }; sla: { replied: number; repliedOnTime: number; onTimeRate: number | null }; survey: { answered: number; satisfactionRate: number | null } }) => ({
  intake: m.intake.total,
  dispatched: m.tickets.dispatched,
  replied: m.sla.replied,
  repliedOnTime: m.sla.repliedOnTime,
  onTimeRate: m.sla.onTimeRate,
  surveyAnswered: m.survey.answered,
  satisfactionRate: m.survey.satisfactionRate,
});

describe('the dashboard trend by day (GET /metrics/daily) and the league table\'s ranking and re-dispatched tickets', function () {
  this.timeout(60_000);
  let h: Harness;
  let clock: ManualClock;
  let cast: Cast;
  let supervisor: TestUser;
  let database: Awaited<ReturnType<typeof privateDatabase>>;
  let driver: ReturnType<typeof lifecycleDriver>;
  let env104: number;

  before(async () => {
    clock = new ManualClock(START);
    // Its own database: metrics:verify recounts every ticket, so no other test's shortcut may be in it.
    database = await privateDatabase('trends');
    h = await isolatedHarness({ clock, env: { DATABASE_URL: database.url, QUEUE_PREFIX: `test-${process.pid}-trends` } });
    cast = await makeCast(h);
    supervisor = cast.supervisor;
    driver = lifecycleDriver(h, cast);
    env104 = h.c.directory.getByCode('310104-ENV')?.id as number;

    // 07-15: a ticket through to a satisfied callback, one on 12369 dispatched, one answered on the spot.
    await driver.ticketIn('closed');
    await driver.expectOk(await driver.act(cast.dispatcher, (await driver.create({ line: '12369', channel: 'web' })).id, 'dispatch'));
    await driver.ticketIn('answered');
    // 07-16: one more call, dispatched and accepted.
    clock.advance(24 * 3600_000);
    await driver.ticketIn('accepted');
  });

  after(async () => {
    await h?.c.close();
    await database?.drop();
  });

  const get = (path: string, query: Record<string, string | number>, user: TestUser = supervisor) => request(h.app).get(`/api/v1${path}`).query(query).set(user.auth);

  it('when a supervisor asks for the days of a range, then each day\'s point equals GET /metrics for that day alone, whatever the filter', async () => {
    for (const filter of [{}, { line: '12369' }, { channel: 'phone' }, { departmentId: env104 }] as Record<string, string | number>[]) {
      const series = await get('/metrics/daily', { from: DAYS[0], to: DAYS[2], ...filter }).expect(200);
      expect(series.body.window).to.deep.equal({ from: DAYS[0], to: DAYS[2], timeZone: 'Asia/Shanghai' });
      expect(series.body.days.map((d: { day: string }) => d.day)).to.deep.equal(DAYS);
      for (const point of series.body.days) {
        const day = await get('/metrics', { from: point.day, to: point.day, ...filter }).expect(200);
        expect({ day: point.day, ...dayOf(day.body) }, `${point.day} ${JSON.stringify(filter)}`).to.deep.equal(point);
      }
    }
    const [empty, first, second] = (await get('/metrics/daily', { from: DAYS[0], to: DAYS[2] }).expect(200)).body.days;
    expect(empty).to.deep.include({ intake: 0, onTimeRate: null, satisfactionRate: null });
    expect(first).to.deep.include({ intake: 3, dispatched: 2, replied: 1, repliedOnTime: 1, onTimeRate: 1, surveyAnswered: 1, satisfactionRate: 1 });
    expect(second).to.deep.include({ intake: 1, dispatched: 1, replied: 0, onTimeRate: null });
    // The named windows work too: "today" is one point.
    expect((await get('/metrics/daily', { window: 'today' }).expect(200)).body.days).to.have.length(1);
  });

  it('when the range is longer than 366 days or the query is wrong, then 400 names the field; a handler gets their own department only', async () => {
    const year = await get('/metrics/daily', { from: '2024-01-01', to: '2024-12-31' }).expect(200);
    expect(year.body.days).to.have.length(366);
    const tooLong = await get('/metrics/daily', { from: '2024-01-01', to: '2025-01-01' }).expect(400);
    expect(tooLong.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['to']);
    expect(tooLong.body.error.details[0].message).to.match(/366 days/);
    const wrong = await get('/metrics/daily', { window: 'week', line: '999', departmentId: 'x' }).expect(400);
    expect(wrong.body.error.details.map((d: { field: string }) => d.field).sort()).to.deep.equal(['departmentId', 'line', 'window']);

    const own = await get('/metrics/daily', { from: DAYS[1], to: DAYS[1] }, cast.handler).expect(200);
    expect(own.body.filters.departmentId).to.equal(env104);
    const other = await get('/metrics/daily', { departmentId: h.c.directory.getByCode('310115-ENV')?.id as number }, cast.handler).expect(403);
    expect(other.body.error.code).to.equal('DEPARTMENT_NOT_ALLOWED');
    await request(h.app).get('/api/v1/metrics/daily').expect(401);
  });

  it('when the league table is read, then it says how it ranks, and its rows are in that order', async () => {
    const res = await get('/metrics', { from: DAYS[1], to: DAYS[2] }).expect(200);
    expect(res.body.ranking).to.deep.equal({
      keys: [
        { figure: 'sla.onTimeRate', order: 'desc', numerator: ['sla.repliedOnTime'], denominator: ['sla.replied'] },
        { figure: 'survey.satisfactionRate', order: 'desc', numerator: ['survey.satisfied', 'survey.basicallySatisfied'], denominator: ['survey.answered'] },
      ],
      unratedLast: true,
      tieBreak: 'department.code',
    });
    // The described formula is the one the figures follow.
    for (const row of res.body.departments) {
      const sum = (paths: string[]) => paths.reduce((n, p) => n + (p.split('.').reduce((o, k) => o[k], row) as number), 0);
      for (const key of res.body.ranking.keys) {
        const figure = key.figure.split('.').reduce((o: Record<string, unknown>, k: string) => o[k], row);
        expect(figure).to.equal(sum(key.denominator) === 0 ? null : sum(key.numerator) / sum(key.denominator));
      }
    }
    const rated = res.body.departments.filter((r: { sla: { onTimeRate: number | null } }) => r.sla.onTimeRate !== null);
    expect(rated.length).to.be.at.least(1);
    expect(res.body.departments.slice(0, rated.length)).to.deep.equal(rated);
  });

  it('when a department returns a ticket and the dispatcher sends it elsewhere, then it counts 1 re-dispatched for that department (a rejected return none), and metrics:verify finds no difference', async () => {
    const day = DAYS[2];
    const league = async () => {
      const rows = (await get('/metrics', { from: day, to: day }).expect(200)).body.departments as { department: { code: string }; tickets: { redispatched: number; returned: number } }[];
      const of = (code: string) => rows.find((r) => r.department.code === code)?.tickets ?? { redispatched: 0, returned: 0 };
      return { env104: of('310104-ENV'), env115: of('310115-ENV') };
    };
    const before = await league();
    const moved = await driver.ticketIn('returned');
    await driver.expectOk(await driver.act(cast.dispatcher, moved.id, 'dispatch', { departmentCode: '310115-ENV' }));
    const sentBack = await driver.ticketIn('returned');
    await driver.expectOk(await driver.act(cast.dispatcher, sentBack.id, 'dispatch', { departmentCode: '310104-ENV' }));

    const after = await league();
    expect(after.env104.returned - before.env104.returned).to.equal(2);
    expect(after.env104.redispatched - before.env104.redispatched).to.equal(1);
    expect(after.env115.redispatched - before.env115.redispatched).to.equal(0);
    expect((await get('/metrics', { from: day, to: day }).expect(200)).body.tickets.redispatched).to.equal(after.env104.redispatched + after.env115.redispatched);

    const report = await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
    expect(report.rowsCompared).to.be.greaterThan(0);
  });

  it('when the period report is read as JSON, then its figures are those of GET /metrics', async () => {
    const metrics = (await get('/metrics', { from: DAYS[1], to: DAYS[2] }).expect(200)).body;
    const report = (await get('/reports/summary.json', { from: DAYS[1], to: DAYS[2] }).expect(200)).body;
    expect(report.window).to.deep.equal(metrics.window);
    const value = (key: string) => report.rows.find((r: { key: string }) => r.key === key).value;
    expect(value('intake.total')).to.equal(metrics.intake.total);
    expect(value('sla.onTimeRate')).to.equal(metrics.sla.onTimeRate);
    expect(value('survey.satisfactionRate')).to.equal(metrics.survey.satisfactionRate);
  });
});
