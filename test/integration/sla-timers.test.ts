import { expect } from 'chai';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { ManualClock } from '../../src/shared/clock';
import type { DomainEventMap } from '../../src/shared/domain-events';
import { startSlaWatcher } from '../../workers/sla-watcher';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { waitFor } from '../support/wait';

describe('SLA timers: at risk and overdue, recorded once (SPEC section 6)', () => {
  let h: Harness;
  let clock: ManualClock;
  let d: ReturnType<typeof lifecycleDriver>;
  let cast: Cast;
  let worker: { stop: () => Promise<void> };
  const pushed: DomainEventMap['sla.breached'][] = [];

  before(async () => {
    clock = new ManualClock(shanghaiTime('2018-03-05', 9, 0)); // a Monday
    h = await isolatedHarness({ clock, env: { QUEUE_PREFIX: `sla-${process.pid}` } });
    h.c.events.on('sla.breached', (e) => pushed.push(e));
    // Looks every 20 ms (a second in production), beside the tests' own reconciliations.
    worker = startSlaWatcher(h.c, 20);
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  after(async () => worker.stop());

  const breaches = (ticketId: number) => h.c.db('sla_breaches').where({ ticket_id: ticketId }).orderBy('id').pluck('kind');
  const clockedBreaches = async (ticketId: number) =>
    (await h.c.db('sla_breaches').where({ ticket_id: ticketId }).orderBy('id').select('clock', 'kind')).map((r: { clock: string; kind: string }) => `${r.clock}:${r.kind}`);

  it('when a dispatched complaint passes 80% of its time and then its due time, then at risk and overdue are each recorded and pushed once, also after a restart', async () => {
    clock.set(shanghaiTime('2018-03-05', 9, 0));
    const t = await d.create({ type: 'complaint' });
    const [{ last }] = await h.c.db('outbox').max({ last: 'id' });
    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch')); // reply due Monday 03-12 09:00
    await d.expectOk(await d.act(cast.handler, t.id, 'accept')); // the reply clock runs from here on
    // The reply clock is stored with both its moments, in the accept's transaction; no job is planned.
    expect(await h.c.db('sla_running_clocks').where({ ticket_id: t.id }).first('due_at', 'at_risk_at')).to.deep.equal({
      due_at: shanghaiTime('2018-03-12', 9, 0),
      at_risk_at: shanghaiTime('2018-03-10', 23, 24), // 80% of the 7 days from dispatch
    });
    expect(await h.c.db('outbox').where('id', '>', last ?? 0).pluck('topic'), 'messages written by the dispatch and the accept').to.deep.equal([]);
    await h.c.slaTimers.reconcile();
    expect(await breaches(t.id)).to.deep.equal([]);

    clock.set(shanghaiTime('2018-03-11', 12, 0)); // past 80%, before the due time
    await h.c.slaTimers.reconcile();
    await h.c.slaTimers.reconcile();
    expect(await breaches(t.id)).to.deep.equal(['at_risk']);

    clock.set(shanghaiTime('2018-03-12', 9, 30));
    await h.c.slaTimers.reconcile();
    expect(await breaches(t.id)).to.deep.equal(['at_risk', 'overdue']);

    // A new process over the same database finds nothing left to record.
    const restarted = await isolatedHarness({ clock });
    expect(await restarted.c.slaTimers.reconcile()).to.equal(0);
    expect(await breaches(t.id)).to.deep.equal(['at_risk', 'overdue']);
    expect(pushed.filter((e) => e.ticketId === t.id).map((e) => e.kind)).to.deep.equal(['at_risk', 'overdue']);
  });

  it('when a clock passes its at-risk moment, then the watcher records and pushes it within its interval, and a watcher started later records what passed while none ran', async () => {
    clock.set(shanghaiTime('2018-04-02', 9, 0)); // Monday; Qingming 04-05..07 off, Sunday 04-08 a make-up day: due Tuesday 04-10
    const t = await d.create({ type: 'complaint' });
    const dispatched = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(dispatched.replyDueAt).to.equal(shanghaiTime('2018-04-10', 9, 0).toISOString());
    await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
    clock.set(shanghaiTime('2018-04-08', 18, 30)); // 80% is 04-08 18:36
    await new Promise((r) => setTimeout(r, 100)); // five looks
    expect(await breaches(t.id)).to.deep.equal([]);
    clock.set(shanghaiTime('2018-04-08', 18, 36));
    await waitFor('the at-risk record', async () => (await breaches(t.id)).length > 0, 2000);
    expect(await breaches(t.id)).to.deep.equal(['at_risk']);
    expect(pushed.filter((e) => e.ticketId === t.id).map((e) => `${e.clock}:${e.kind}`)).to.deep.equal(['reply:at_risk']);

    // No watcher runs while the due time passes; the next one to start records it at its first look.
    await worker.stop();
    clock.set(shanghaiTime('2018-04-10', 9, 1));
    await new Promise((r) => setTimeout(r, 100));
    expect(await breaches(t.id)).to.deep.equal(['at_risk']);
    worker = startSlaWatcher(h.c, 20);
    await waitFor('the overdue record', async () => (await breaches(t.id)).length > 1, 2000);
    expect(await breaches(t.id)).to.deep.equal(['at_risk', 'overdue']);
  });

  it('when an extension moves the due time, then the old moments are stale and the new due time gets its own', async () => {
    clock.set(shanghaiTime('2018-05-07', 9, 0));
    const t = await d.create({ type: 'complaint' });
    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch')); // due Monday 05-14 09:00
    await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
    clock.set(shanghaiTime('2018-05-13', 9, 0));
    await d.expectOk(await d.act(cast.handler, t.id, 'extension', { workingDays: 5, reason: '需检测' }));
    await d.expectOk(await d.act(cast.supervisor, t.id, 'extension/decision', { approve: true }));
    clock.set(shanghaiTime('2018-05-14', 10, 0)); // past the old due time: not overdue, the clock runs to the new one
    await h.c.slaTimers.reconcile();
    expect(await h.c.db('sla_breaches').where({ ticket_id: t.id, kind: 'overdue' }).pluck('due_at')).to.deep.equal([]);
    clock.set(shanghaiTime('2018-05-19', 9, 0)); // new due 05-21 09:00; its 80% is 05-18 13:48
    await h.c.slaTimers.reconcile();
    // The old due time's at-risk moment (05-12 23:24) may have been recorded by the watcher when the
    // clock was set past it: it was true then. The old due time is never overdue; the new one is at risk once.
    const rows: { kind: string; due_at: Date }[] = await h.c.db('sla_breaches').where({ ticket_id: t.id }).orderBy('id');
    expect(rows.filter((r) => r.kind === 'overdue')).to.deep.equal([]);
    expect(rows.filter((r) => r.due_at.toISOString() === shanghaiTime('2018-05-21', 9, 0).toISOString()).map((r) => r.kind)).to.deep.equal(['at_risk']);
  });

  it('when a dispatched ticket is not accepted in time, then the accept clock is at risk and overdue on the read, recorded once each and pushed naming the clock', async () => {
    clock.set(shanghaiTime('2018-03-19', 9, 0)); // Monday: a normal complaint's accept clock is 1 working day, due 03-20 09:00
    const t = await d.create({ type: 'complaint' });
    const dispatched = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(dispatched.acceptDueAt).to.equal(shanghaiTime('2018-03-20', 9, 0).toISOString());
    const read = async () => (await d.get(cast.supervisor, t.id)) as { atRisk: boolean; overdue: boolean; clock: { kind: string; state: string } };

    clock.set(shanghaiTime('2018-03-20', 5, 0)); // past 80% (04:12)
    await h.c.slaTimers.reconcile();
    await h.c.slaTimers.reconcile();
    expect(await clockedBreaches(t.id)).to.deep.equal(['accept:at_risk']);
    expect(await read()).to.deep.include({ atRisk: true, overdue: false });

    clock.set(shanghaiTime('2018-03-20', 9, 30));
    await h.c.slaTimers.reconcile();
    expect(await clockedBreaches(t.id)).to.deep.equal(['accept:at_risk', 'accept:overdue']);
    const late = await read();
    expect(late).to.deep.include({ atRisk: false, overdue: true });
    expect(late.clock).to.deep.include({ kind: 'accept', state: 'overdue' });
    expect(pushed.filter((e) => e.ticketId === t.id).map((e) => `${e.clock}:${e.kind}`)).to.deep.equal(['accept:at_risk', 'accept:overdue']);

    // Accepting late is recorded as such, and the reply clock (due 03-26 09:00) starts clean.
    const accepted = (await d.expectOk(await d.act(cast.handler, t.id, 'accept'))) as { acceptedOnTime: boolean; overdue: boolean };
    expect(accepted).to.deep.include({ acceptedOnTime: false, overdue: false });
    await h.c.slaTimers.reconcile();
    expect(await clockedBreaches(t.id)).to.deep.equal(['accept:at_risk', 'accept:overdue']);
  });

  it('when a ticket is replied before its due time, then nothing is recorded later', async () => {
    clock.set(shanghaiTime('2018-06-04', 9, 0));
    const t = await d.create({ type: 'complaint' });
    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
    await d.expectOk(await d.act(cast.handler, t.id, 'reply'));
    clock.set(shanghaiTime('2018-07-01', 9, 0));
    await h.c.slaTimers.reconcile();
    expect(await breaches(t.id)).to.deep.equal([]);
  });
});
