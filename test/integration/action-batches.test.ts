import { expect } from 'chai';
import { makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { FAULT_MARKER, refuseEvents } from '../support/refused-events';
import { statementsDuring } from '../support/statements';

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

  it('when 40 accepts arrive at once, two for each of 20 tickets, then each ticket is accepted once and the other accept is refused, and the tickets are read with fewer statements than accepts', async () => {
    const ids = await dispatchedTickets(20);
    const twice = [...ids, ...ids];
    const { result: answers, statements } = await statementsDuring(h.c.db, () => Promise.all(twice.map((id, i) => d.act(handlers[i % 8], id, 'accept'))));
    const reads = statements.filter((sql) => /from "tickets" where (id = any|"id" = )/.test(sql));
    for (const id of ids) {
      const mine = answers.filter((_, i) => twice[i] === id).map((r) => r.status).sort();
      expect(mine, `answers for ticket ${id}`).to.deep.equal([200, 409]);
    }
    expect((await acceptEvents(ids)).map((e) => e.ticket_id).sort((a, b) => a - b)).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(reads.length, 'statements that read the tickets acted on').to.be.above(0).and.below(40);
  });

  it('when 24 tickets are dispatched from the pool at once, then each dispatch is kept as a routing example of its ticket, written with fewer statements than dispatches', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push((await d.create({ description: `小区门口垃圾堆放第${i}天没人清运` })).id);
    const { result: answers, statements } = await statementsDuring(h.c.db, () => Promise.all(ids.map((id) => d.act(cast.dispatcher, id, 'dispatch'))));
    const inserts = statements.filter((sql) => sql.startsWith('insert into "routing_examples"'));
    expect(answers.map((r) => [r.status, r.body.status])).to.deep.equal(ids.map(() => [200, 'dispatched']));
    const examples = await h.c.db('routing_examples').whereIn('ticket_id', ids).orderBy('ticket_id').select('ticket_id', 'source', 'department_code', 'text');
    expect(examples.map((e) => [e.ticket_id, e.source, e.department_code])).to.deep.equal(ids.map((id) => [id, 'pool_dispatch', '310104-ENV']));
    expect(examples.every((e, i) => e.text.includes(`第${i}天`)), 'each example holds its own call').to.equal(true);
    expect(inserts.length, 'statements that wrote the examples').to.be.above(0).and.below(24);
  });

  /** Accepted tickets, every third with a ticket merged into it and every fourth with a second caller attached. */
  const acceptedFamilies = async (n: number) => {
    const ids = await dispatchedTickets(n);
    const children = new Map<number, number>();
    for (const [i, id] of ids.entries()) {
      await d.expectOk(await d.act(cast.handler, id, 'accept'));
      if (i % 3 === 0) children.set(id, (await d.expectOk(await d.act(cast.dispatcher, (await d.create()).id, 'merge', { parentId: id }))).id);
      if (i % 4 === 0) await d.expectOk(await d.act(cast.operator, id, 'attach-caller', { citizen: { name: `来电人${i}`, phone: `139${String(i).padStart(8, '0')}` } }));
    }
    return { ids, children };
  };
  const transactionsOf = async (ids: number[], action: string) =>
    new Set((await h.c.db('ticket_events').whereIn('ticket_id', ids).where({ action }).select(h.c.db.raw('xmin::text as tx'))).map((e) => e.tx)).size;

  it('when 24 replies arrive at once, then each ticket is replied, its merged tickets follow it, every citizen of it gets a survey, and fewer transactions than replies wrote them', async () => {
    const { ids, children } = await acceptedFamilies(24);
    const answers = await Promise.all(ids.map((id, i) => d.act(handlers[i % 8], id, 'reply', { result: `已处理第${i}件`, outcome: 'resolved' })));
    expect(answers.map((r) => [r.status, r.body.status])).to.deep.equal(ids.map(() => [200, 'replied']));

    const followed = await h.c.db('ticket_events').whereIn('ticket_id', [...children.values()]).where({ action: 'follow-parent' }).orderBy('ticket_id').select('ticket_id', 'data', 'note');
    expect(followed.map((e) => [e.ticket_id, e.data.step, e.note])).to.deep.equal([...children.entries()].map(([parent, child]) => [child, 'replied', `已处理第${ids.indexOf(parent)}件`]));
    const surveys = await h.c.db('surveys').whereIn('replied_ticket_id', ids).whereNull('outcome').select('ticket_id', 'caller_id', 'replied_ticket_id');
    const own = surveys.filter((s) => s.caller_id === null);
    expect(own.map((s) => [s.ticket_id, s.replied_ticket_id]).sort((a, b) => a[0] - b[0])).to.deep.equal(
      [...ids.map((id) => [id, id]), ...[...children.entries()].map(([parent, child]) => [child, parent])].sort((a, b) => a[0] - b[0]),
    );
    const callers = await h.c.db('ticket_callers').whereIn('ticket_id', ids).orderBy('id').pluck('id');
    expect(callers, 'callers attached').to.have.length(6);
    expect(surveys.filter((s) => s.caller_id !== null).map((s) => s.caller_id).sort((a, b) => a - b)).to.deep.equal(callers);
    expect(await transactionsOf(ids, 'reply'), 'transactions that wrote the replies').to.be.below(24);
  });

  it('when 24 survey calls arrive at once (satisfied, not reached, dissatisfied), then each ticket and survey ends as that call says, merged tickets close with their parent, in fewer transactions than calls', async () => {
    const { ids, children } = await acceptedFamilies(24);
    for (const id of ids) await d.expectOk(await d.act(cast.handler, id, 'reply'));
    const calls = [
      { reached: true, contacted: true, resolved: 'resolved', satisfaction: 'satisfied' },
      { reached: false, comment: '无人接听' },
      { reached: true, contacted: true, resolved: 'not', satisfaction: 'dissatisfied' },
    ];
    const answers = await Promise.all(ids.map((id, i) => d.act(cast.operator, id, 'survey', calls[i % 3])));
    expect(answers.map((r) => [r.status, r.body.status])).to.deep.equal(ids.map((_, i) => [200, ['closed', 'replied', 'dispatched'][i % 3]]));

    const own = await h.c.db('surveys').whereIn('ticket_id', ids).whereNull('caller_id').orderBy('ticket_id').select('outcome', 'attempts', 'completed_at', 'resolved');
    expect(own.map((s) => [s.outcome, s.attempts, s.completed_at !== null, s.resolved])).to.deep.equal(
      ids.map((_, i) => [[['satisfied', 0, true, 'resolved'], [null, 1, false, null], ['dissatisfied', 0, true, 'not']][i % 3]].flat()),
    );
    // Every third ticket has a merged one and is the satisfied call: those close with their parent.
    const closings = await h.c.db('ticket_events').whereIn('ticket_id', [...children.values()]).where({ action: 'follow-parent' }).whereRaw(`data->>'step' = 'closed'`).orderBy('ticket_id').pluck('ticket_id');
    expect(closings).to.deep.equal([...children.values()].sort((a, b) => a - b));
    expect(await transactionsOf(ids, 'survey'), 'transactions that wrote the calls').to.be.below(24);
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
