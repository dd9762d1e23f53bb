import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';

/** Due times through the API, on the real calendar, with time moved by an injected clock. */
describe('statutory time limits through the API (SPEC section 6)', () => {
  let h: Harness;
  let clock: ManualClock;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;

  before(async () => {
    clock = new ManualClock(shanghaiTime('2017-01-20', 15, 0));
    h = await isolatedHarness({ clock });
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  const at = (day: string, hh: number, mm: number) => shanghaiTime(day, hh, mm).toISOString();

  it('when a normal complaint is dispatched on Friday 2017-01-20 15:00, then it must be accepted by the make-up Sunday and answered by Thursday 01-26 15:00', async () => {
    clock.set(shanghaiTime('2017-01-20', 15, 0));
    const t = await d.create({ type: 'complaint' });
    const res = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(res.acceptDueAt).to.equal(at('2017-01-22', 15, 0));
    expect(res.replyDueAt).to.equal(at('2017-01-26', 15, 0));
  });

  it('when a report is dispatched before the Spring Festival, then its 15 working days skip the holiday week', async () => {
    clock.set(shanghaiTime('2017-01-20', 15, 0));
    const t = await d.create({ type: 'report' });
    const res = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(res.replyDueAt).to.equal(at('2017-02-15', 15, 0));
  });

  it('when a critical ticket is dispatched at 23:50 on National Day 2017, then it is due 2 natural hours later', async () => {
    clock.set(shanghaiTime('2017-10-01', 23, 50));
    const t = await d.create({ urgency: 'critical' });
    const res = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(res.acceptDueAt).to.equal(at('2017-10-02', 0, 5));
    expect(res.replyDueAt).to.equal(at('2017-10-02', 1, 50));
  });

  it('when a consultation is dispatched on a holiday, then its one working day ends at 17:30 of the next working day', async () => {
    clock.set(shanghaiTime('2017-10-03', 10, 0));
    const t = await d.create({ type: 'consult' });
    const res = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(res.replyDueAt).to.equal(at('2017-10-09', 17, 30));
  });

  it('when 80% of the time has passed, then the ticket reads at risk, and after the due time overdue', async () => {
    clock.set(shanghaiTime('2017-03-06', 9, 0)); // Monday
    const t = await d.create({ type: 'complaint' });
    const dispatched = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(dispatched).to.include({ atRisk: false, overdue: false });
    await d.expectOk(await d.act(cast.handler, t.id, 'accept')); // the reply clock runs from here on
    const read = async () => (await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.supervisor.auth)).body;
    clock.set(shanghaiTime('2017-03-12', 22, 0)); // reply due Monday 03-13 09:00; 80% passed on Sunday
    expect(await read()).to.include({ atRisk: true, overdue: false });
    clock.set(shanghaiTime('2017-03-13', 9, 1));
    expect(await read()).to.include({ atRisk: false, overdue: true });
  });

  it('when a handler returns a ticket after 2 working days, then 409 RETURN_WINDOW_CLOSED and it stays with the department', async () => {
    clock.set(shanghaiTime('2017-03-06', 9, 0)); // Monday
    const t = await d.create();
    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    clock.set(shanghaiTime('2017-03-08', 9, 0)); // exactly 2 working days: still allowed
    const inTime = await d.create();
    clock.set(shanghaiTime('2017-03-06', 9, 0));
    await d.expectOk(await d.act(cast.dispatcher, inTime.id, 'dispatch'));
    clock.set(shanghaiTime('2017-03-08', 9, 0));
    expect((await d.act(cast.handler, inTime.id, 'return')).status).to.equal(200);
    clock.set(shanghaiTime('2017-03-08', 9, 1));
    const late = await d.act(cast.handler, t.id, 'return');
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('RETURN_WINDOW_CLOSED');
    expect((await h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('dispatched');
  });

  describe('extensions', () => {
    it('when a supervisor approves 6 working days, then the reply due time moves by 6 working days; more than 10 in total is 400', async () => {
      clock.set(shanghaiTime('2017-03-06', 9, 0));
      const t = await d.create({ type: 'complaint' });
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
      await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
      const requested = await d.expectOk(await d.act(cast.handler, t.id, 'extension', { workingDays: 6, reason: '需协调多部门' }));
      expect(requested.replyDueAt).to.equal(at('2017-03-13', 9, 0));
      expect(requested.pendingExtension).to.deep.equal({ workingDays: 6, reason: '需协调多部门' });
      const again = await d.act(cast.handler, t.id, 'extension', { workingDays: 1, reason: '再延' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('EXTENSION_PENDING');
      const approved = await d.expectOk(await d.act(cast.supervisor, t.id, 'extension/decision', { approve: true }));
      expect(approved.replyDueAt).to.equal(at('2017-03-21', 9, 0));
      expect(approved).to.include({ pendingExtension: null, extensionWorkingDays: 6 });
      const tooMuch = await d.act(cast.handler, t.id, 'extension', { workingDays: 5, reason: '还需时间' });
      expect(tooMuch.status).to.equal(400);
      expect(tooMuch.body.error.code).to.equal('EXTENSION_LIMIT_EXCEEDED');
      expect(tooMuch.body.error.details[0].field).to.equal('workingDays');
    });

    it('when a supervisor rejects an extension, then the due time is unchanged; deciding with nothing pending is 409', async () => {
      clock.set(shanghaiTime('2017-03-06', 9, 0));
      const t = await d.create({ type: 'complaint' });
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
      await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
      await d.expectOk(await d.act(cast.handler, t.id, 'extension', { workingDays: 3, reason: '等待检测报告' }));
      const rejected = await d.expectOk(await d.act(cast.supervisor, t.id, 'extension/decision', { approve: false, note: '请按期办结' }));
      expect(rejected.replyDueAt).to.equal(at('2017-03-13', 9, 0));
      const nothing = await d.act(cast.supervisor, t.id, 'extension/decision', { approve: true });
      expect(nothing.status).to.equal(409);
      expect(nothing.body.error.code).to.equal('NO_PENDING_EXTENSION');
    });
  });

  describe('the clock a read carries (kind, dueAt, atRiskAt, state)', () => {
    const read = async (id: number) => (await request(h.app).get(`/api/v1/tickets/${id}`).set(cast.supervisor.auth)).body;

    it('when a normal complaint is dispatched on Monday 09:00, then the accept clock runs to Tuesday 09:00, at risk from 04:12 (80%), overdue after', async () => {
      clock.set(shanghaiTime('2017-03-06', 9, 0));
      const t = await d.create({ type: 'complaint' });
      const dispatched = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
      expect(dispatched.clock).to.deep.equal({ kind: 'accept', dueAt: at('2017-03-07', 9, 0), atRiskAt: at('2017-03-07', 4, 12), state: 'ok' });
      clock.set(shanghaiTime('2017-03-07', 4, 12));
      expect((await read(t.id)).clock.state).to.equal('at_risk');
      clock.set(shanghaiTime('2017-03-07', 9, 1));
      const late = await read(t.id);
      expect(late.clock.state).to.equal('overdue');
      // atRisk and overdue follow the running clock, the accept clock here (issue 13).
      expect(late).to.include({ atRisk: false, overdue: true });
    });

    it('when the ticket is accepted, then the reply clock runs from dispatch to the reply due time, and an approved extension moves both moments', async () => {
      clock.set(shanghaiTime('2017-03-06', 9, 0));
      const t = await d.create({ type: 'complaint' });
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
      clock.set(shanghaiTime('2017-03-06', 10, 0));
      const accepted = await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
      expect(accepted.clock).to.deep.equal({ kind: 'reply', dueAt: at('2017-03-13', 9, 0), atRiskAt: at('2017-03-11', 23, 24), state: 'ok' });
      await d.expectOk(await d.act(cast.handler, t.id, 'extension', { workingDays: 2, reason: '等待检测报告' }));
      const extended = await d.expectOk(await d.act(cast.supervisor, t.id, 'extension/decision', { approve: true }));
      expect(extended.clock).to.deep.equal({ kind: 'reply', dueAt: at('2017-03-15', 9, 0), atRiskAt: at('2017-03-13', 13, 48), state: 'ok' });
      clock.set(shanghaiTime('2017-03-13', 14, 0));
      expect((await read(t.id)).clock.state).to.equal('at_risk');
      clock.set(shanghaiTime('2017-03-15', 9, 1));
      expect((await read(t.id)).clock.state).to.equal('overdue');
    });

    it('when a ticket is pending, returned, replied or closed, then no department clock runs: clock is null', async () => {
      clock.set(shanghaiTime('2017-03-06', 9, 0));
      for (const status of ['pending_dispatch', 'returned', 'replied', 'closed']) {
        const t = await d.ticketIn(status);
        expect((await read(t.id)).clock, status).to.equal(null);
      }
    });
  });
});
