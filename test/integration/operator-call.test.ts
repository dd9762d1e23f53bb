import { expect } from 'chai';
import request from 'supertest';
import { startWebServer } from '../../src/server';
import { makeUser, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { closeLiveClients, connectLive, liveUrl } from '../support/live-clients';
import { makeDesk, surveyDesk, type Desk } from '../support/survey-desk';

// Issue 14: the operator's call — caller history, follow-up calls, callers attached to an open
// ticket, merged tickets following their parent.

describe("the operator's call (issue 14)", () => {
  let h: Harness;
  let d: Desk;
  let desk: ReturnType<typeof surveyDesk>;
  let otherHandler: TestUser;
  let serial = 0;
  /** A phone number no other test uses. */
  const freshPhone = () => `137${String(process.pid % 10_000).padStart(4, '0')}${String(++serial).padStart(4, '0')}`;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `test-${process.pid}-call` } });
    d = await makeDesk(h);
    desk = surveyDesk(h, d);
    otherHandler = await makeUser(h, 'handler', '310115-ENV');
  });

  afterEach(closeLiveClients);

  const list = (user: TestUser, query: Record<string, string | number>) => request(h.app).get('/api/v1/tickets').query(query).set(user.auth);
  const detail = async (ref: string | number, user: TestUser = d.operator) => desk.ok(await request(h.app).get(`/api/v1/tickets/${ref}`).set(user.auth));

  describe("a caller's history (GET /tickets?phone=)", () => {
    it("when an operator looks up a caller's full number, then all of that caller's tickets come back, newest first, their true total, and no one else's", async () => {
      const phone = freshPhone();
      const mine = [];
      for (let i = 0; i < 3; i++) mine.push(await desk.created({ citizen: { name: '王先生', phone } }));
      await desk.created({ citizen: { name: '王先生', phone: freshPhone() } });

      const page = await desk.ok(await list(d.operator, { phone, limit: 2 }));
      expect(page.total).to.equal(3);
      expect(page.tickets.map((t: { ticketNo: string }) => t.ticketNo)).to.deep.equal([mine[2].ticketNo, mine[1].ticketNo]);
      const rest = await desk.ok(await list(d.operator, { phone, limit: 2, cursor: page.nextCursor }));
      expect(rest.tickets.map((t: { ticketNo: string }) => t.ticketNo)).to.deep.equal([mine[0].ticketNo]);
      expect(rest.nextCursor).to.equal(null);
      // The number is written as the citizen said it: spaces and +86 do not hide the history.
      expect((await desk.ok(await list(d.operator, { phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3)}` }))).total).to.equal(3);
    });

    it('when the number is looked up, then the database is asked by its keyed hash, not by the number in clear', async () => {
      const phone = freshPhone();
      const t = await desk.created({ citizen: { phone } });
      const row = await h.c.db('tickets').where({ id: t.id }).first();
      expect(row.citizen_phone_hash).to.match(/^[0-9a-f]{64}$/);
      expect(row.citizen_phone_hash).to.not.include(phone);
      expect(row.citizen_phone_hash).to.equal(h.c.phoneKey(phone));
    });

    it('when a caller history is split into open and ended tickets (open=true|false), then each part has its own true total', async () => {
      const phone = freshPhone();
      const open = await desk.created({ citizen: { phone } });
      const ended = await desk.created({ citizen: { phone } });
      await desk.ok(await desk.act(d.operator, ended.id, 'cancel', { reason: '测试来电' }));
      const openPage = await desk.ok(await list(d.operator, { phone, open: 'true' }));
      const endedPage = await desk.ok(await list(d.operator, { phone, open: 'false' }));
      expect(openPage.tickets.map((t: { id: number }) => t.id)).to.deep.equal([open.id]);
      expect(endedPage.tickets.map((t: { id: number }) => t.id)).to.deep.equal([ended.id]);
      expect([openPage.total, endedPage.total]).to.deep.equal([1, 1]);
    });

    it('when a handler looks a number up, then only their department’s tickets come back, with the phone masked', async () => {
      const phone = freshPhone();
      const ours = await desk.dispatched({ citizen: { phone } });
      await desk.created({ citizen: { phone } });
      const page = await desk.ok(await list(d.handler, { phone }));
      expect(page.tickets.map((t: { id: number }) => t.id)).to.deep.equal([ours.id]);
      expect(page.tickets[0].citizen.phone).to.equal(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect((await desk.ok(await list(otherHandler, { phone }))).total).to.equal(0);
    });

    it('when the number is not a phone number, then it answers 400 naming phone and nothing is listed', async () => {
      const res = await list(d.operator, { phone: '12ab' }).expect(400);
      expect(res.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['phone']);
    });

    it("when q is a citizen's name, then their tickets are found, but never an anonymous citizen's", async () => {
      const name = `欧阳${process.pid}${++serial}`;
      const named = await desk.created({ citizen: { name, phone: freshPhone() } });
      await desk.created({ citizen: { name, phone: freshPhone(), anonymous: true } });
      const page = await desk.ok(await list(d.operator, { q: name }));
      expect(page.tickets.map((t: { id: number }) => t.id)).to.deep.equal([named.id]);
      expect(page.total).to.equal(1);
    });
  });

  describe('follow-up calls (POST /tickets/{id}/follow-up)', () => {
    it('when a citizen calls to chase a dispatched ticket, then the holding handler hears it live, the ticket counts the chase and the day’s figures count it', async () => {
      const web = await startWebServer(h.c, 0);
      try {
        const t = await desk.dispatched();
        const before = (await desk.figures()).tickets.chased;
        const handler = await connectLive(liveUrl(web.server), { token: d.handler.token });
        const res = await desk.act(d.operator, t.id, 'follow-up', { kind: 'chase', note: '市民来电催促，噪音仍在' }).expect(200);
        expect(res.body.status).to.equal('dispatched');

        const push = await handler.next<{ ticketNo: string; action: string; followUp?: string }>('ticket:changed', (p) => p.ticketNo === t.ticketNo && p.action === 'follow-up');
        expect(push.followUp).to.equal('chase');
        const seen = await detail(t.id, d.handler);
        expect(seen.followUps).to.deep.equal({ chase: 1, supplement: 0, withdraw_request: 0 });
        expect(seen.timeline.at(-1)).to.include({ action: 'follow-up', note: '市民来电催促，噪音仍在' });
        const after = (await desk.figures()).tickets;
        expect(after.chased).to.equal(before + 1);
        expect(after.chasesPerTicket).to.be.a('number');
      } finally {
        await web.stop();
      }
    });

    it('when a follow-up comes while the handler replies, then both are recorded: the call never makes the reply fail', async () => {
      const t = await desk.dispatched();
      await desk.ok(await desk.act(d.handler, t.id, 'accept'));
      const [followUp, reply] = await Promise.all([
        desk.act(d.operator, t.id, 'follow-up', { kind: 'supplement', note: '补充：施工单位为某建筑公司' }),
        desk.act(d.handler, t.id, 'reply', { result: '已责令停止夜间施工', outcome: 'resolved' }),
      ]);
      expect([followUp.status, reply.status]).to.deep.equal([200, 200]);
      const seen = await detail(t.id, d.handler);
      expect(seen.status).to.equal('replied');
      expect(seen.followUps.supplement).to.equal(1);
    });

    it('when the follow-up kind is unknown or the note missing, then it answers 400 naming both fields and records nothing', async () => {
      const t = await desk.dispatched();
      const res = await desk.act(d.operator, t.id, 'follow-up', { kind: 'shout' }).expect(400);
      expect(res.body.error.details.map((p: { field: string }) => p.field).sort()).to.deep.equal(['kind', 'note']);
      expect((await detail(t.id)).followUps).to.deep.equal({ chase: 0, supplement: 0, withdraw_request: 0 });
    });

    it('when a handler tries to record a follow-up, or the ticket is closed, then it is refused (403, 409) and the operator is offered it only on open tickets', async () => {
      const t = await desk.dispatched();
      await desk.act(d.handler, t.id, 'follow-up', { kind: 'chase', note: '催办' }).expect(403);
      expect((await detail(t.id)).allowedActions).to.include('follow-up');
      const cancelled = await desk.created();
      await desk.ok(await desk.act(d.operator, cancelled.id, 'cancel', { reason: '骚扰电话' }));
      await desk.act(d.operator, cancelled.id, 'follow-up', { kind: 'chase', note: '催办' }).expect(409);
      expect((await detail(cancelled.id)).allowedActions).to.not.include('follow-up');
    });
  });

  describe('duplicates while typing and attached callers', () => {
    const burst = { categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: '310104', address: `漕溪北路${process.pid}号` } };

    it('when the operator has typed the category and address of an open matter, then GET /tickets/similar lists it (with the same address written differently too)', async () => {
      const open = await desk.created(burst);
      const found = await desk.ok(await request(h.app).get('/api/v1/tickets/similar').query({ categoryCode: burst.categoryCode, address: ` ${burst.location.address.replace('号', ' 号')}` }).set(d.operator.auth));
      expect(found.tickets.map((t: { id: number }) => t.id)).to.include(open.id);
      const other = await desk.ok(await request(h.app).get('/api/v1/tickets/similar').query({ categoryCode: 'TRANSPORT.BUS', address: burst.location.address }).set(d.operator.auth));
      expect(other.tickets.map((t: { id: number }) => t.id)).to.not.include(open.id);
    });

    it('when neither an address nor coordinates are given, then /tickets/similar answers 400 naming address', async () => {
      const res = await request(h.app).get('/api/v1/tickets/similar').query({ categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION' }).set(d.operator.auth).expect(400);
      expect(res.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['address']);
    });

    it('when 20 callers report one matter and are attached to its ticket, then there is one ticket with 20 callers, each surveyed after the reply, and each can track the reply', async function () {
      this.timeout(60_000);
      const parent = await desk.dispatched(burst);
      const phones = Array.from({ length: 20 }, () => freshPhone());
      // Twenty operators attach at once: no caller is lost to a version conflict.
      const results = await Promise.all(phones.map((phone, i) => desk.act(d.operator, parent.id, 'attach-caller', { citizen: { name: `市民${i}`, phone, callbackConsent: true } })));
      expect(results.map((r) => r.status)).to.deep.equal(phones.map(() => 200));

      const seen = await detail(parent.id);
      expect(seen.callers).to.have.length(20);
      expect(seen.callers[0].phone).to.match(/^\d{3}\*{4}\d{4}$/);
      expect(seen.timeline.filter((e: { action: string }) => e.action === 'caller-joined')).to.have.length(20);
      const [{ n }] = await h.c.db('tickets').where({ description: (await h.c.db('tickets').where({ id: parent.id }).first()).description }).count({ n: '*' });
      expect(Number(n)).to.equal(1);
      // Each caller's own history shows the ticket they joined.
      expect((await desk.ok(await list(d.operator, { phone: phones[7] }))).tickets.map((t: { id: number }) => t.id)).to.deep.equal([parent.id]);

      await desk.reply(parent.id);
      const surveys = await h.c.db('surveys').where({ ticket_id: parent.id }).whereNull('outcome');
      expect(surveys).to.have.length(21);
      const queue = await desk.queue();
      const callerSurveys = queue.filter((s) => s.ticket.id === parent.id && s.attachedCaller);
      expect(callerSurveys).to.have.length(20);
      expect(new Set(callerSurveys.map((s) => s.citizen.phone))).to.have.property('size', 20);

      for (const phone of phones) {
        const tracked = await request(h.app).get(`/api/v1/public/tickets/${parent.ticketNo}`).query({ phone4: phone.slice(-4) }).expect(200);
        expect(tracked.body.reply).to.include({ result: '已责令工地停止夜间施工', outcome: 'resolved' });
      }

      // One caller answers: only that caller's survey ends; the ticket's own citizen is still asked.
      const one = callerSurveys[0];
      await desk.call(one.id, { reached: true, satisfaction: 'satisfied' }).expect(200);
      expect((await h.c.db('surveys').where({ id: one.id }).first()).outcome).to.equal('satisfied');
      expect((await detail(parent.id)).status).to.equal('replied');
    });

    it('when a caller joins a ticket already replied, then they are surveyed about that reply at once', async () => {
      const parent = await desk.replied(burst);
      await desk.ok(await desk.act(d.operator, parent.id, 'attach-caller', { citizen: { phone: freshPhone() } }));
      const rows = await h.c.db('surveys').where({ ticket_id: parent.id }).whereNotNull('caller_id').whereNull('outcome');
      expect(rows).to.have.length(1);
    });

    it('when the caller to attach has a bad phone, then it answers 400 naming citizen.phone and no caller is added', async () => {
      const parent = await desk.dispatched(burst);
      const res = await desk.act(d.operator, parent.id, 'attach-caller', { citizen: { phone: 'abc' } }).expect(400);
      expect(res.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['citizen.phone']);
      expect((await detail(parent.id)).callers).to.deep.equal([]);
    });
  });

  describe('merged tickets follow their parent', () => {
    it("when a parent is replied and then closed, then the merged child's timeline shows the reply and the close, its citizen is surveyed, and tracking shows the reply", async () => {
      const childPhone = freshPhone();
      const parent = await desk.dispatched();
      const child = await desk.created({ citizen: { name: '赵女士', phone: childPhone } });
      await desk.ok(await desk.act(d.dispatcher, child.id, 'merge', { parentId: parent.id }));

      await desk.reply(parent.id);
      let seen = await detail(child.id);
      expect(seen.status).to.equal('merged');
      expect(seen.replyResult).to.equal('已责令工地停止夜间施工');
      expect(seen.repliedAt).to.be.a('string');
      const replied = seen.timeline.at(-1);
      expect(replied).to.deep.include({ action: 'follow-parent', note: '已责令工地停止夜间施工' });
      expect(replied.data).to.include({ step: 'replied', parentTicketNo: parent.ticketNo });
      const tracked = await request(h.app).get(`/api/v1/public/tickets/${child.ticketNo}`).query({ phone4: childPhone.slice(-4) }).expect(200);
      expect(tracked.body.reply).to.include({ result: '已责令工地停止夜间施工', outcome: 'resolved' });
      expect(await h.c.db('surveys').where({ ticket_id: child.id }).whereNull('outcome')).to.have.length(1);

      await desk.call(await desk.surveyOf(parent.id), { reached: true, satisfaction: 'satisfied' }).expect(200);
      seen = await detail(child.id);
      expect(seen.closedAt).to.be.a('string');
      expect(seen.timeline.at(-1).data).to.include({ step: 'closed', parentTicketNo: parent.ticketNo });
    });
  });
});
