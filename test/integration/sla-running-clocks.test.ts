import { expect } from 'chai';
import request from 'supertest';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { runningClocksOfTickets, slaFlagsOf } from '../../src/modules/sla';
import { ManualClock } from '../../src/shared/clock';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { privateDatabase } from '../support/private-database';

/**
 * The dashboard's at-risk and overdue counts come from sla_running_clocks, which a trigger keeps
 * from the tickets (issue 19). They must be what the SLA rules say of the tickets themselves, at
 * the millisecond of each boundary and after every move that starts, switches, moves or stops a clock.
 */
describe('running clocks as the metrics count them (sla_running_clocks)', () => {
  let h: Harness;
  let clock: ManualClock;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;
  let database: Awaited<ReturnType<typeof privateDatabase>>;

  before(async () => {
    clock = new ManualClock(shanghaiTime('2017-03-06', 9, 0)); // a Monday
    // Its own database: the truth below is every ticket's clock, so it must see only these tickets.
    database = await privateDatabase('clocks');
    h = await isolatedHarness({ clock, env: { DATABASE_URL: database.url, QUEUE_PREFIX: `test-${process.pid}-clocks` } });
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  after(async () => {
    await h.c.close();
    await database.drop();
  });

  /** The handler's department (and its sub-units) as the dashboard counts it now. */
  const counted = async () => {
    const res = await request(h.app).get('/api/v1/metrics').query({ window: 'today', departmentId: cast.handler.departmentId }).set(cast.supervisor.auth).expect(200);
    return { atRisk: res.body.sla.atRisk as number, overdue: res.body.sla.overdue as number };
  };
  /** The same, from the tickets by the SLA module's own rules in JS. */
  const byTheRules = async () => {
    const ids = h.c.directory.subtreeIds(cast.handler.departmentId);
    const tickets = await h.c.db('tickets').whereIn('department_id', ids).select('status', 'dispatched_at', 'accept_due_at', 'reply_due_at');
    const flags = tickets.map((t) => slaFlagsOf(t, clock.now()));
    return { atRisk: flags.filter((f) => f.atRisk).length, overdue: flags.filter((f) => f.overdue).length };
  };
  const expectCounts = async (expected: { atRisk: number; overdue: number }) => {
    expect(await byTheRules()).to.deep.equal(expected);
    expect(await counted()).to.deep.equal(expected);
  };
  /** The trigger's rows are those slaSql works out from the tickets (its copy of the rules has not drifted). */
  const expectStoredAsTheRules = async () => {
    // As text: a Date would hide a difference in the microseconds.
    const asText = (q: ReturnType<typeof runningClocksOfTickets>) =>
      h.c.db.from(q.as('r')).orderBy('ticket_id').select('ticket_id', 'department_id', 'line', 'channel', h.c.db.raw('due_at::text as due_at'), h.c.db.raw('at_risk_at::text as at_risk_at'));
    const stored = await asText(h.c.db('sla_running_clocks').select('*'));
    expect(stored.length).to.be.greaterThan(0);
    expect(stored).to.deep.equal(await asText(runningClocksOfTickets(h.c.db)));
  };
  const clockOf = async (id: number) => (await d.get(cast.supervisor, id)).clock as { kind: string; dueAt: string; atRiskAt: string };
  const at = (iso: string, ms = 0) => clock.set(new Date(Date.parse(iso) + ms));

  it('when the accept clock reaches its at-risk moment, then it counts at risk from that millisecond, still at the due time, and overdue one millisecond after', async () => {
    const t = await d.create({ type: 'complaint' });
    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    const accept = await clockOf(t.id);
    expect(accept.kind).to.equal('accept');
    await expectStoredAsTheRules();
    at(accept.atRiskAt, -1);
    await expectCounts({ atRisk: 0, overdue: 0 });
    at(accept.atRiskAt);
    await expectCounts({ atRisk: 1, overdue: 0 });
    at(accept.dueAt);
    await expectCounts({ atRisk: 1, overdue: 0 });
    at(accept.dueAt, 1);
    await expectCounts({ atRisk: 0, overdue: 1 });
  });

  it('when the late ticket is accepted and then given an extension, then the reply clock replaces it and its at-risk moment moves with the due time', async () => {
    const [t] = await h.c.db('tickets').where({ status: 'dispatched' }).pluck('id');
    await d.expectOk(await d.act(cast.handler, t, 'accept'));
    const reply = await clockOf(t);
    expect(reply.kind).to.equal('reply');
    await expectStoredAsTheRules();
    await expectCounts({ atRisk: 0, overdue: 0 });
    at(reply.atRiskAt);
    await expectCounts({ atRisk: 1, overdue: 0 });
    at(reply.atRiskAt, -60_000); // ask in time: the extension must leave it ok a minute before the old moment
    await d.expectOk(await d.act(cast.handler, t, 'extension', { workingDays: 3, reason: '等待检测报告' }));
    await d.expectOk(await d.act(cast.supervisor, t, 'extension/decision', { approve: true }));
    const extended = await clockOf(t);
    expect(Date.parse(extended.atRiskAt)).to.be.greaterThan(Date.parse(reply.atRiskAt));
    await expectStoredAsTheRules();
    at(reply.atRiskAt);
    await expectCounts({ atRisk: 0, overdue: 0 });
    at(extended.atRiskAt);
    await expectCounts({ atRisk: 1, overdue: 0 });
    at(extended.dueAt, 1);
    await expectCounts({ atRisk: 0, overdue: 1 });
  });

  it('when a clock stops (return, reply) or starts again in another department, then its row goes or follows, and the recount finds no difference', async () => {
    const moved = await d.create({ type: 'complaint' });
    await d.expectOk(await d.act(cast.dispatcher, moved.id, 'dispatch'));
    await d.expectOk(await d.act(cast.handler, moved.id, 'return'));
    expect(await h.c.db('sla_running_clocks').where({ ticket_id: moved.id }).first()).to.equal(undefined);
    await d.expectOk(await d.act(cast.dispatcher, moved.id, 'dispatch', { departmentCode: '310115-ENV' }));
    const [late] = await h.c.db('tickets').where({ status: 'accepted' }).pluck('id');
    await d.expectOk(await d.act(cast.handler, late, 'reply'));
    await expectStoredAsTheRules();
    expect(await h.c.db('sla_running_clocks').select('ticket_id', 'department_id')).to.deep.equal([{ ticket_id: moved.id, department_id: cast.otherHandler.departmentId }]);
    await expectCounts({ atRisk: 0, overdue: 0 });
    const report = await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
  });
});
