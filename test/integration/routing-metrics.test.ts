// Routing measured in production (issue 17): the auto-routing rate and the share of auto-routed
// tickets a dispatcher later re-dispatched elsewhere, in GET /metrics and in the recount.
import { expect } from 'chai';
import request from 'supertest';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { ManualClock } from '../../src/shared/clock';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';

// Wednesday 2025-07-09 10:00 in Shanghai.
const START = new Date('2025-07-09T02:00:00Z');

describe('routing figures on the dashboard (issue 17)', () => {
  let h: Harness;
  let clock: ManualClock;
  let operator: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;

  before(async () => {
    clock = new ManualClock(START);
    h = await isolatedHarness({ clock });
    [operator, dispatcher, supervisor] = [await makeUser(h, 'operator'), await makeUser(h, 'dispatcher'), await makeUser(h, 'supervisor')];
  });

  const routed = async (overrides: Record<string, unknown>) => {
    const t = (await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ location: undefined, ...overrides })).expect(201)).body as { id: number };
    await h.c.routing.routeTicket(t.id);
    return t.id;
  };
  const act = (user: TestUser, id: number, action: string, body: Record<string, unknown>) =>
    request(h.app).post(`/api/v1/tickets/${id}/${action}`).set(user.auth).send(body).expect(200);

  it('when an auto-routed ticket is returned and re-dispatched elsewhere (twice), then it counts once in the misroute share; a return sent back to the same department and a ticket left to a dispatcher do not; the recount agrees', async () => {
    const roads = await makeUser(h, 'handler', 'SH-TRANSPORT');
    const greenery = await makeUser(h, 'handler', 'SH-GREENERY');
    const wrong = await routed({ categoryCode: 'TRANSPORT.ROAD.POTHOLE', description: '小区门口天天有人乱倒建筑垃圾，堆成山了' });
    const right = await routed({ categoryCode: 'TRANSPORT.ROAD.POTHOLE', description: '马路上有个大坑，电瓶车摔了好几辆' });
    const pooled = await routed({ categoryCode: undefined, description: '我想反映个情况，电话里讲不清楚' });
    const statuses = await h.c.db('tickets').whereIn('id', [wrong, right, pooled]).orderBy('id').pluck('status');
    expect(statuses).to.deep.equal(['dispatched', 'dispatched', 'pending_dispatch']);

    await act(roads, wrong, 'return', { reason: '不是道路的事，是绿化市容的' });
    await act(dispatcher, wrong, 'dispatch', { departmentCode: 'SH-GREENERY' });
    await act(greenery, wrong, 'return', { reason: '不是绿化市容的事' });
    await act(dispatcher, wrong, 'dispatch', { departmentCode: 'SH-HOUSING' });
    await act(roads, right, 'return', { reason: '请核实地址' });
    await act(dispatcher, right, 'dispatch', { departmentCode: 'SH-TRANSPORT' });

    const res = await request(h.app).get('/api/v1/metrics').query({ window: 'today' }).set(supervisor.auth).expect(200);
    expect(res.body.routing).to.deep.equal({ autoRouted: 2, leftToDispatchers: 1, autoRoutingRate: 2 / 3, redispatched: 1, misrouteRate: 0.5 });
    const department = (await h.c.db('departments').where({ code: 'SH-TRANSPORT' }).first('id')).id;
    const narrowed = await request(h.app).get('/api/v1/metrics').query({ window: 'today', departmentId: department }).set(supervisor.auth).expect(200);
    expect(narrowed.body.routing).to.equal(null);

    const report = await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
    expect(report.figuresCompared).to.be.greaterThan(0);
  });
});
