import { expect } from 'chai';
import { makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { FAULT_MARKER, refuseEvents } from '../support/refused-events';

/** People's actions arriving at the same moment are written together (issue 19), each answered on its own. */
describe('ticket actions in batches', () => {
  let h: Harness;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;
  let handlers: TestUser[];

  before(async () => {
    h = await harness();
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
    handlers = [];
    for (let i = 0; i < 8; i++) handlers.push(await makeUser(h, 'handler', '310104-ENV'));
  });

  const dispatchedTickets = async (n: number, description?: (i: number) => string) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = await d.create(description ? { description: description(i) } : {});
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
      ids.push(t.id);
    }
    return ids;
  };
  const acceptEvents = (ids: number[]) => h.c.db('ticket_events').whereIn('ticket_id', ids).where({ action: 'accept' }).select('ticket_id', 'actor_user_id', h.c.db.raw('xmin::text as tx'));

  it('when 40 accepts by 8 handlers arrive at once, then each is answered with its ticket accepted by its handler, once, and they are written in fewer transactions than accepts', async () => {
    const ids = await dispatchedTickets(40);
    const answers = await Promise.all(ids.map((id, i) => d.act(handlers[i % 8], id, 'accept')));
    expect(answers.map((r) => [r.status, r.body.status])).to.deep.equal(ids.map(() => [200, 'accepted']));
    expect(answers.map((r) => r.body.id)).to.deep.equal(ids);
    const events = await acceptEvents(ids);
    expect(events.map((e) => [e.ticket_id, e.actor_user_id]).sort((a, b) => a[0] - b[0])).to.deep.equal(ids.map((id, i) => [id, handlers[i % 8].id]));
    expect(new Set(events.map((e) => e.tx)).size, 'transactions that wrote the accepts').to.be.below(40);
  });

  it('when one accept of a batch fails in the database, then the others are written and that one writes nothing', async () => {
    const ids = await dispatchedTickets(12, (i) => `楼下饭店油烟扰民，批量受理第${i}件${i === 4 ? FAULT_MARKER : ''}`);
    const allowAccepts = await refuseEvents(h.c.db, 'accept');
    let answers;
    try {
      answers = await Promise.all(ids.map((id, i) => d.act(handlers[i % 8], id, 'accept')));
    } finally {
      await allowAccepts();
    }
    expect(answers.map((r) => r.status)).to.deep.equal(ids.map((_, i) => (i === 4 ? 500 : 200)));
    const statuses = await h.c.db('tickets').whereIn('id', ids).orderBy('id').pluck('status');
    expect(statuses).to.deep.equal(ids.map((_, i) => (i === 4 ? 'dispatched' : 'accepted')));
    expect((await acceptEvents(ids)).map((e) => e.ticket_id).sort((a, b) => a - b)).to.deep.equal(ids.filter((_, i) => i !== 4));
  });
});
