import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';

/** Issue 13: a possible emergency stays in the pool until a person decides; the citizen's clock runs from creation. */
describe('possible emergencies and the citizen clock', () => {
  let h: Harness;
  let clock: ManualClock;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;

  before(async () => {
    clock = new ManualClock(shanghaiTime('2018-03-05', 9, 0)); // a Monday
    h = await isolatedHarness({ clock, env: { QUEUE_PREFIX: `emergency-${process.pid}` } });
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  describe('a flagged phone emergency', () => {
    let id: number;

    before(async () => {
      clock.set(shanghaiTime('2018-03-05', 10, 0));
      const t = await d.create({ description: '路口发生车祸，有人受伤流血，请派人来' });
      id = t.id;
      await h.c.routing.routeTicket(id);
    });

    it('when routing flags a phone ticket as a possible emergency, then every read and the pool list carry its kind, and the dispatcher is offered transfer-110 and not-emergency but not dispatch', async () => {
      const read = await d.get(cast.dispatcher, id);
      expect(read).to.include({ status: 'pending_dispatch', emergency: 'traffic_injury' });
      expect(read.allowedActions).to.include.members(['transfer-110', 'not-emergency']);
      expect(read.allowedActions).to.not.include('dispatch');
      const pool = await request(h.app).get('/api/v1/tickets').query({ status: 'pending_dispatch', sort: 'pool', limit: '1' }).set(cast.dispatcher.auth).expect(200);
      expect(pool.body.tickets[0]).to.include({ id, emergency: 'traffic_injury' });
    });

    it('when someone dispatches it without deciding, then the answer is 409 EMERGENCY_UNDECIDED and the ticket stays in the pool', async () => {
      const res = await d.act(cast.dispatcher, id, 'dispatch');
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('EMERGENCY_UNDECIDED');
      expect((await d.get(cast.dispatcher, id)).status).to.equal('pending_dispatch');
    });

    it('when not-emergency comes without a reason, then it is a 400 naming the reason and nothing changes', async () => {
      const res = await d.act(cast.dispatcher, id, 'not-emergency', {});
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['reason']);
      expect((await d.get(cast.dispatcher, id)).emergency).to.equal('traffic_injury');
    });

    it('when the operator records "not an emergency" with a reason, then the flag is gone, the reason is on the timeline, and routing runs again without flagging it', async () => {
      const after = await d.expectOk(await d.act(cast.operator, id, 'not-emergency', { reason: '市民说明是昨天的事故，已处理完毕' }));
      expect(after.emergency).to.equal(null);
      const timeline = (await d.get(cast.supervisor, id)).timeline as { action: string; note: string | null }[];
      expect(timeline.find((e) => e.action === 'not-emergency')?.note).to.equal('市民说明是昨天的事故，已处理完毕');
      await h.c.routing.routeTicket(id);
      const routed = await d.get(cast.dispatcher, id);
      expect(routed.emergency).to.equal(null);
      expect(routed.status).to.be.oneOf(['dispatched', 'pending_dispatch']);
      if (routed.status === 'pending_dispatch') await d.expectOk(await d.act(cast.dispatcher, id, 'dispatch'));
    });

    it('when a ticket is not flagged, then not-emergency is refused with 409 NOT_FLAGGED_EMERGENCY', async () => {
      const t = await d.create(); // waits in the pool, never flagged
      const res = await d.act(cast.dispatcher, t.id, 'not-emergency');
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('NOT_FLAGGED_EMERGENCY');
    });
  });

  it('when a ticket is returned and dispatched again, then the department clocks start anew but the citizen clock stays counted from creation, and the public tracking page reports it', async () => {
    clock.set(shanghaiTime('2018-03-12', 9, 0)); // Monday: a complaint's 5 working days end Monday 03-19 09:00
    const t = await d.create({ type: 'complaint' });
    const first = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(first.citizenDueAt).to.equal(shanghaiTime('2018-03-19', 9, 0).toISOString());
    clock.set(shanghaiTime('2018-03-13', 9, 0));
    await d.expectOk(await d.act(cast.handler, t.id, 'return'));
    clock.set(shanghaiTime('2018-03-14', 9, 0));
    const again = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(again.replyDueAt).to.equal(shanghaiTime('2018-03-21', 9, 0).toISOString());
    expect(again.citizenDueAt).to.equal(shanghaiTime('2018-03-19', 9, 0).toISOString());
    clock.set(shanghaiTime('2018-03-14', 10, 0));
    const accepted = await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
    expect(accepted.acceptedOnTime).to.equal(true);

    clock.set(shanghaiTime('2018-03-20', 9, 0)); // on time for the department, a day late for the citizen
    const replied = await d.expectOk(await d.act(cast.handler, t.id, 'reply'));
    expect(replied).to.include({ repliedOnTime: true, citizenOnTime: false, citizenElapsed: 8 * 24 * 3_600_000 });

    const tracked = await request(h.app).get(`/api/v1/public/tickets/${t.ticketNo}`).query({ phone4: '5678' }).expect(200);
    expect(tracked.body).to.include({ citizenDueAt: shanghaiTime('2018-03-19', 9, 0).toISOString(), citizenElapsed: 8 * 24 * 3_600_000, citizenOnTime: false });
  });
});
