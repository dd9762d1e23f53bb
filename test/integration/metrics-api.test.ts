import { expect } from 'chai';
import request from 'supertest';
import { ManualClock } from '../../src/shared/clock';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';

// Wednesday 2025-06-18 09:00 in Shanghai: a day no other test writes on.
const START = new Date('2025-06-18T01:00:00Z');

describe('GET /api/v1/metrics (SPEC section 8)', () => {
  let h: Harness;
  let clock: ManualClock;
  let operator: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handler: TestUser;
  let otherHandler: TestUser;

  before(async () => {
    clock = new ManualClock(START);
    h = await isolatedHarness({ clock });
    [operator, dispatcher, supervisor] = [await makeUser(h, 'operator'), await makeUser(h, 'dispatcher'), await makeUser(h, 'supervisor')];
    handler = await makeUser(h, 'handler', '310104-ENV');
    otherHandler = await makeUser(h, 'handler', '310115-ENV');

    // Two phone calls (one answered on the spot), one web request on 12369; one dispatched to each department.
    const create = async (overrides = {}) => (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody(overrides)).expect(201)).body;
    await create({ type: 'consult', answeredOnSpot: { answer: '已当场解答' } });
    const a = await create();
    const b = await create({ line: '12369', channel: 'web' });
    await request(h.app).post(`/api/v1/tickets/${a.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: '310104-ENV' }).expect(200);
    await request(h.app).post(`/api/v1/tickets/${b.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: '310115-ENV' }).expect(200);
    clock.advance(30 * 60_000);
    await request(h.app).post(`/api/v1/tickets/${a.id}/accept`).set(handler.auth).send({}).expect(200);
  });

  const metrics = (user: TestUser | { headers: Record<string, string> } | null, query: Record<string, string | number> = {}) => {
    const req = request(h.app).get('/api/v1/metrics').query(query);
    if (user) req.set('auth' in user ? user.auth : user.headers);
    return req;
  };

  it('when calls are taken at 09:00 Shanghai time, then intake.byHour counts them in hour 9 and its 24 hours add up to the total', async () => {
    const res = await request(h.app).get('/api/v1/metrics?window=today').set(supervisor.auth).expect(200);
    expect(res.body.intake.byHour).to.have.length(24);
    expect(res.body.intake.byHour[9]).to.equal(res.body.intake.total);
    expect(res.body.intake.byHour.reduce((a: number, b: number) => a + b, 0)).to.equal(res.body.intake.total);
    expect(res.body.intake.total).to.be.greaterThan(0);
  });

  it("when a supervisor asks for today, then intake, on-the-spot answers, dispatches and acceptance are counted, with the league table", async () => {
    const res = await metrics(supervisor, { window: 'today' }).expect(200);
    expect(res.body.window).to.deep.equal({ from: '2025-06-18', to: '2025-06-18', timeZone: 'Asia/Shanghai' });
    expect(res.body.intake).to.deep.include({ total: 3, answeredOnSpot: 1 });
    expect(res.body.intake.answeredOnSpotRate).to.be.closeTo(1 / 3, 1e-12);
    expect(res.body.intake.byChannel).to.include({ phone: 2, web: 1, app: 0 });
    expect(res.body.intake.byLine).to.include({ '12345': 2, '12369': 1, '110': 0 });
    expect(res.body.tickets.dispatched).to.equal(2);
    expect(res.body.sla).to.deep.include({ accepted: 1, acceptedOnTime: 1, acceptOnTimeRate: 1, replied: 0, onTimeRate: null });
    // 30 minutes falls in the bucket [1798.4 s, 1878.0 s): p90 reads as that bucket's upper bound.
    expect(res.body.sla.timeToAccept).to.deep.equal({ count: 1, meanSeconds: 1800, p90Seconds: 1878.024 });
    const codes = res.body.departments.map((d: { department: { code: string } }) => d.department.code);
    expect(codes).to.include.members(['310104-ENV', '310115-ENV']);
    const env104 = res.body.departments.find((d: { department: { code: string } }) => d.department.code === '310104-ENV');
    expect(env104.intake.total).to.equal(1);
    expect(env104.tickets.byStatus.accepted).to.be.at.least(1);
  });

  it('when one line or channel is asked for, then only its tickets count', async () => {
    expect((await metrics(supervisor, { from: '2025-06-18', to: '2025-06-18', line: '12369' }).expect(200)).body.intake.total).to.equal(1);
    expect((await metrics(supervisor, { from: '2025-06-18', to: '2025-06-18', channel: 'phone' }).expect(200)).body.intake.total).to.equal(2);
  });

  it('when a custom range holds no activity, then the counts are 0 and the rates null', async () => {
    const res = await metrics(supervisor, { from: '2025-06-10', to: '2025-06-17' }).expect(200);
    expect(res.body.intake.total).to.equal(0);
    expect(res.body.intake.answeredOnSpotRate).to.equal(null);
  });

  it("when a handler asks, then they get their own department's figures, and another department's is 403", async () => {
    const own = await metrics(handler, { from: '2025-06-18', to: '2025-06-18' }).expect(200);
    expect(own.body.filters.departmentId).to.equal(handler.departmentId);
    expect(own.body.intake.total).to.equal(1);
    expect(own.body.departments.map((d: { department: { code: string } }) => d.department.code)).to.deep.equal(['310104-ENV']);
    const other = await metrics(handler, { departmentId: otherHandler.departmentId }).expect(403);
    expect(other.body.error.code).to.equal('DEPARTMENT_NOT_ALLOWED');
    await metrics(supervisor, { departmentId: otherHandler.departmentId }).expect(200);
  });

  it('when the query is wrong, then 400 names every bad parameter', async () => {
    const fields = async (query: Record<string, string>) =>
      ((await metrics(supervisor, query).expect(400)).body.error.details as { field: string }[]).map((d) => d.field).sort();
    expect(await fields({ window: 'week', departmentId: 'x', line: '12346' })).to.deep.equal(['departmentId', 'line', 'window']);
    expect(await fields({ from: '2025-06-18' })).to.deep.equal(['to']);
    expect(await fields({ from: '2025-06-18', to: '2025-06-01' })).to.deep.equal(['to']);
    expect(await fields({ window: 'month', from: '2025-06-01', to: '2025-06-18' })).to.deep.equal(['window']);
    expect(await fields({ from: '2025-02-30', to: '2025-03-01' })).to.deep.equal(['from']);
  });

  it('when a date, or a department id, is one no figure can have, then 400 names it (never a 500)', async () => {
    const fields = async (query: Record<string, string>) =>
      ((await metrics(supervisor, query).expect(400)).body.error.details as { field: string }[]).map((d) => d.field).sort();
    expect(await fields({ from: '9999-12-31', to: '9999-12-31' })).to.deep.equal(['from', 'to']);
    expect(await fields({ from: '0000-01-01', to: '2016-12-31' })).to.deep.equal(['from']);
    expect(await fields({ departmentId: '2147483648' })).to.deep.equal(['departmentId']);
    expect(await fields({ departmentId: '1e3' })).to.deep.equal(['departmentId']);
    const unknown = await metrics(supervisor, { departmentId: '2147483647' }).expect(400);
    expect(unknown.body.error.details[0].message).to.match(/unknown department/);
  });

  it('when nobody is logged in or a partner system asks, then 401 and 403', async () => {
    await metrics(null).expect(401);
    await metrics(await makeApiKey(h, 'app')).expect(403);
  });
});
