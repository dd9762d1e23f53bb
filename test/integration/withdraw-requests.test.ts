import { expect } from 'chai';
import request from 'supertest';
import { startWebServer } from '../../src/server';
import { makeUser, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { closeLiveClients, connectLive, liveUrl, pause } from '../support/live-clients';
import { makeDesk, surveyDesk, type Desk } from '../support/survey-desk';

// Issue 14: a citizen's call asking to withdraw a ticket reaches the dispatchers, who decide it.

interface WithdrawPush {
  ticketNo: string;
  change: string;
  note: string | null;
  status: string;
}

describe("citizens' withdraw requests reach the dispatchers (issue 14)", () => {
  let h: Harness;
  let d: Desk;
  let desk: ReturnType<typeof surveyDesk>;
  let otherHandler: TestUser;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `test-${process.pid}-withdraw` } });
    d = await makeDesk(h);
    desk = surveyDesk(h, d);
    otherHandler = await makeUser(h, 'handler', '310115-ENV');
  });

  afterEach(closeLiveClients);

  const requestWithdrawal = (ticketId: number, note = '市民来电：问题已自行解决，申请撤单') => desk.act(d.operator, ticketId, 'follow-up', { kind: 'withdraw_request', note });

  /** The whole withdraw-request list for a user, page by page, with the total each page gave. */
  async function requested(user: TestUser = d.dispatcher) {
    const numbers: string[] = [];
    const totals = new Set<number>();
    let cursor: string | null = null;
    do {
      const page: { tickets: { ticketNo: string; withdrawRequest: unknown }[]; total: number; nextCursor: string | null } = await desk.ok(
        await request(h.app)
          .get('/api/v1/tickets')
          .query({ withdrawRequested: 'true', limit: 2, ...(cursor && { cursor }) })
          .set(user.auth),
      );
      numbers.push(...page.tickets.map((t) => t.ticketNo));
      totals.add(page.total);
      cursor = page.nextCursor;
    } while (cursor);
    return { numbers, totals: [...totals] };
  }

  it("when the operator records a withdraw request, then the ticket is in the dispatchers' list (its true total, paged to the last) with the citizen's words, and a dispatcher's socket hears it at once", async () => {
    const web = await startWebServer(h.c, 0);
    try {
      const dispatcher = await connectLive(liveUrl(web.server), { token: d.dispatcher.token });
      const handler = await connectLive(liveUrl(web.server), { token: d.handler.token });
      const before = await requested();
      const tickets = [await desk.dispatched(), await desk.created(), await desk.dispatched()];
      for (const t of tickets) await requestWithdrawal(t.id).expect(200);

      const push = await dispatcher.next<WithdrawPush>('dispatch:withdraw-request', (p) => p.ticketNo === tickets[1].ticketNo);
      expect(push).to.include({ change: 'requested', note: '市民来电：问题已自行解决，申请撤单', status: 'pending_dispatch' });
      const after = await requested();
      expect(after.totals).to.deep.equal([before.numbers.length + 3]);
      expect(after.numbers).to.include.members(tickets.map((t) => t.ticketNo));
      expect(after.numbers).to.have.length(before.numbers.length + 3);

      const seen = await desk.ok(await request(h.app).get(`/api/v1/tickets/${tickets[0].id}`).set(d.dispatcher.auth));
      expect(seen.withdrawRequest).to.deep.include({ note: '市民来电：问题已自行解决，申请撤单' });
      expect(seen.allowedActions).to.include('dismiss-withdrawal');
      // A handler is no dispatcher: their socket is not told (the ticket:changed of their department is).
      await pause(200);
      expect(handler.received.get('dispatch:withdraw-request') ?? []).to.deep.equal([]);
    } finally {
      await web.stop();
    }
  });

  it('when the citizen calls a second time while the request waits, then it is listed once, with the time of the first call and the latest words', async () => {
    const t = await desk.dispatched();
    const first = await desk.ok(await requestWithdrawal(t.id, '第一次来电申请撤单'));
    const second = await desk.ok(await requestWithdrawal(t.id, '再次来电：确认撤单'));
    expect(second.withdrawRequest).to.deep.equal({ requestedAt: first.withdrawRequest.requestedAt, note: '再次来电：确认撤单' });
    expect((await requested()).numbers.filter((no) => no === t.ticketNo)).to.have.length(1);
  });

  it('when a dispatcher dismisses the request with a reason, then it leaves the list, the timeline keeps the request and the decision, and the dispatchers hear it', async () => {
    const web = await startWebServer(h.c, 0);
    try {
      const supervisor = await connectLive(liveUrl(web.server), { token: d.supervisor.token });
      const t = await desk.dispatched();
      await requestWithdrawal(t.id).expect(200);
      const res = await desk.act(d.dispatcher, t.id, 'dismiss-withdrawal', { reason: '工地仍在夜间施工，其他市民也在反映，继续办理' }).expect(200);
      expect(res.body).to.include({ status: 'dispatched', withdrawRequest: null });
      expect(res.body.allowedActions).to.not.include('dismiss-withdrawal');
      expect((await requested()).numbers).to.not.include(t.ticketNo);

      const push = await supervisor.next<WithdrawPush>('dispatch:withdraw-request', (p) => p.ticketNo === t.ticketNo && p.change === 'dismissed');
      expect(push.note).to.equal('工地仍在夜间施工，其他市民也在反映，继续办理');
      const timeline = (await desk.ok(await request(h.app).get(`/api/v1/tickets/${t.id}`).set(d.dispatcher.auth))).timeline;
      expect(timeline.at(-1)).to.deep.include({ action: 'dismiss-withdrawal', note: '工地仍在夜间施工，其他市民也在反映，继续办理' });
      expect(timeline.at(-1).data).to.include({ request: '市民来电：问题已自行解决，申请撤单' });
      expect(timeline.at(-1).actor).to.include({ userId: d.dispatcher.id });

      // Nothing left to dismiss: 409, and the timeline stays as it is.
      expect((await desk.act(d.dispatcher, t.id, 'dismiss-withdrawal', { reason: '再次' }).expect(409)).body.error.code).to.equal('NO_WITHDRAW_REQUEST');
    } finally {
      await web.stop();
    }
  });

  it('when a supervisor cancels the ticket as withdrawn, then it leaves the list; a dispatcher may not cancel (SPEC section 5: operators and supervisors cancel)', async () => {
    const t = await desk.dispatched();
    await requestWithdrawal(t.id).expect(200);
    await desk.act(d.dispatcher, t.id, 'cancel', { reason: '市民申请撤单' }).expect(403);
    expect((await desk.ok(await request(h.app).get(`/api/v1/tickets/${t.id}`).set(d.dispatcher.auth))).allowedActions).to.not.include('cancel');
    const res = await desk.act(d.supervisor, t.id, 'cancel', { reason: '市民来电申请撤单，已核实' }).expect(200);
    expect(res.body).to.include({ status: 'cancelled', withdrawRequest: null });
    expect((await requested(d.supervisor)).numbers).to.not.include(t.ticketNo);
  });

  it('when the request is dismissed badly, then the answer says why and nothing changes: operator or handler 403, no reason 400, a filter value other than true 400', async () => {
    const t = await desk.dispatched();
    await requestWithdrawal(t.id).expect(200);
    await desk.act(d.operator, t.id, 'dismiss-withdrawal', { reason: '不予撤单' }).expect(403);
    await desk.act(d.handler, t.id, 'dismiss-withdrawal', { reason: '不予撤单' }).expect(403);
    const missing = await desk.act(d.dispatcher, t.id, 'dismiss-withdrawal', {}).expect(400);
    expect(missing.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['reason']);
    const bad = await request(h.app).get('/api/v1/tickets').query({ withdrawRequested: 'false' }).set(d.dispatcher.auth).expect(400);
    expect(bad.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['withdrawRequested']);
    expect((await requested()).numbers).to.include(t.ticketNo);
  });

  it("when a handler lists withdraw requests, then only their own department's tickets are there", async () => {
    const mine = await desk.dispatched();
    const theirs = await desk.created();
    await desk.ok(await desk.act(d.dispatcher, theirs.id, 'dispatch', { departmentCode: '310115-ENV' }));
    for (const t of [mine, theirs]) await requestWithdrawal(t.id).expect(200);
    const seen = (await requested(d.handler)).numbers;
    expect(seen).to.include(mine.ticketNo);
    expect(seen).to.not.include(theirs.ticketNo);
    const seenThere = (await requested(otherHandler)).numbers;
    expect(seenThere).to.include(theirs.ticketNo);
    expect(seenThere).to.not.include(mine.ticketNo);
  });
});
