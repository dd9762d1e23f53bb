import { expect } from 'chai';
import request from 'supertest';
import { randomSecret } from '../../src/modules/auth';
import { makeUser } from '../support/factories';
import { ManualClock } from '../../src/shared/clock';
import { startPeriodicWorker } from '../../workers/periodic.worker';
import { isolatedHarness, type Harness } from '../support/harness';
import { makeDesk, surveyDesk, type Desk } from '../support/survey-desk';
import { waitFor } from '../support/wait';

// Friday 2026-03-06 10:00 in Shanghai: a survey of a reply made now is due Monday 10:00.
const FRIDAY_10AM = new Date('2026-03-06T02:00:00Z');

describe('callback surveys (SPEC section 9)', () => {
  let h: Harness;
  let clock: ManualClock;
  let d: Desk;
  let desk: ReturnType<typeof surveyDesk>;

  before(async () => {
    clock = new ManualClock(FRIDAY_10AM);
    h = await isolatedHarness({ clock });
    d = await makeDesk(h);
    desk = surveyDesk(h, d);
  });

  const ticketRow = (id: number) => h.c.db('tickets').where({ id }).first();
  const surveyRow = (id: number) => h.c.db('surveys').where({ id }).first();
  const lastEvent = async (ticketId: number) => (await h.c.db('ticket_events').where({ ticket_id: ticketId }).orderBy('id', 'desc').first());

  describe('the callback queue', () => {
    it('when 250 citizens wait for their callback, then every page says how many in all and the pages reach every one', async function () {
      this.timeout(60_000);
      const total = async () => (await desk.ok(await request(h.app).get('/api/v1/surveys/due').query({ limit: 1 }).set(d.operator.auth))).total as number;
      const before = await total();
      for (let batch = 0; batch < 25; batch++) await Promise.all(Array.from({ length: 10 }, () => desk.replied()));

      const seen = new Set<number>();
      let pages = 0;
      let cursor: string | null = null;
      do {
        const page = await desk.ok(await request(h.app).get('/api/v1/surveys/due').query({ limit: 100, ...(cursor && { cursor }) }).set(d.operator.auth));
        expect(page.total).to.equal(before + 250);
        for (const item of page.items) seen.add(item.id);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(seen.size).to.equal(before + 250);
      expect(pages).to.equal(Math.ceil((before + 250) / 100));
    });

    it("when a handler replies, then the citizen's survey is in the operators' queue, due 1 working day later, oldest first, with attempts so far", async () => {
      clock.set(FRIDAY_10AM);
      const first = await desk.replied();
      clock.advance(60_000);
      const second = await desk.replied();
      await desk.call(await desk.surveyOf(second.id), { reached: false }).expect(200);

      const queue = await desk.queue();
      const a = queue.findIndex((s) => s.ticket.id === first.id);
      const b = queue.findIndex((s) => s.ticket.id === second.id);
      expect(a).to.be.greaterThan(-1);
      expect(b).to.be.greaterThan(a);
      expect(queue[a]).to.include({ dueAt: '2026-03-09T02:00:00.000Z', attempts: 0, overdue: false });
      expect(queue[b]).to.include({ attempts: 1 });
      expect(queue[a].citizen).to.deep.equal({ name: '张先生', phone: '138****5678', callbackConsent: true });
      expect(queue[a].reply).to.deep.include({ ticketNo: first.ticketNo, merged: false, outcome: 'resolved' });
    });

    it('when a handler or dispatcher asks for the queue, then 403; without a login, 401', async () => {
      await request(h.app).get('/api/v1/surveys/due').set(d.handler.auth).expect(403);
      await request(h.app).get('/api/v1/surveys/due').set(d.dispatcher.auth).expect(403);
      await request(h.app).get('/api/v1/surveys/due').expect(401);
    });
  });

  describe('phone callbacks', () => {
    it('when the citizen cannot be reached three times, then two attempts are counted and the third closes the ticket as unreachable', async () => {
      const t = await desk.replied();
      const id = await desk.surveyOf(t.id);
      const before = (await desk.figures()).survey;

      expect((await desk.call(id, { reached: false, comment: '无人接听' }).expect(200)).body).to.include({ attempts: 1, outcome: null });
      // The ticket's own survey action counts on the same survey.
      await desk.act(d.operator, t.id, 'survey', { reached: false }).expect(200);
      expect((await surveyRow(id)).attempts).to.equal(2);
      expect((await ticketRow(t.id)).status).to.equal('replied');

      const third = (await desk.call(id, { reached: false }).expect(200)).body;
      expect(third).to.include({ attempts: 3, outcome: 'unreachable' });
      expect((await ticketRow(t.id)).status).to.equal('closed');
      expect((await lastEvent(t.id)).data).to.include({ attempt: 3, unreachable: true });
      await desk.call(id, { reached: false }).expect(409);

      const after = (await desk.figures()).survey;
      expect(after.unreachable - before.unreachable).to.equal(1);
      expect(after.answered - before.answered).to.equal(0);
    });

    it('when the citizen is satisfied or basically satisfied, then the ticket closes and both count as satisfied', async () => {
      const before = (await desk.figures()).survey;
      for (const satisfaction of ['satisfied', 'basically_satisfied']) {
        const t = await desk.replied();
        const body = (await desk.call(await desk.surveyOf(t.id), { reached: true, contacted: true, resolved: 'resolved', satisfaction }).expect(200)).body;
        expect(body).to.include({ outcome: satisfaction, escalated: false });
        expect((await ticketRow(t.id)).status).to.equal('closed');
      }
      const after = (await desk.figures()).survey;
      expect([after.satisfied - before.satisfied, after.basicallySatisfied - before.basicallySatisfied, after.answered - before.answered]).to.deep.equal([1, 1, 2]);
    });

    it('when the citizen is dissatisfied, then the ticket goes back to the same department with new clocks; a second dissatisfaction closes it for a supervisor', async () => {
      const t = await desk.replied();
      const firstDue = (await ticketRow(t.id)).reply_due_at as Date;
      clock.advance(3_600_000);
      await desk.call(await desk.surveyOf(t.id), { reached: true, resolved: 'not', satisfaction: 'dissatisfied', comment: '噪音仍在' }).expect(200);
      const reopened = await ticketRow(t.id);
      expect(reopened).to.include({ status: 'dispatched', department_id: d.handler.departmentId, accepted_at: null, replied_at: null });
      expect(reopened.dispatched_at.getTime()).to.equal(clock.now().getTime());
      expect(reopened.reply_due_at.getTime()).to.be.greaterThan(firstDue.getTime());

      await desk.reply(t.id);
      const second = await desk.surveyOf(t.id);
      const res = await desk.call(second, { reached: true, satisfaction: 'dissatisfied' }).expect(200);
      expect(res.body).to.include({ outcome: 'dissatisfied', escalated: true });
      expect((await ticketRow(t.id)).status).to.equal('closed');
      expect((await lastEvent(t.id)).data).to.include({ escalated: true });

      const list = await request(h.app).get('/api/v1/surveys/escalated').set(d.supervisor.auth).expect(200);
      expect(list.body.items.map((s: { id: number }) => s.id)).to.include(second);
      await request(h.app).get('/api/v1/surveys/escalated').set(d.operator.auth).expect(403);
    });

    it('when two operators record the same survey at the same moment, then exactly one succeeds', async () => {
      const t = await desk.replied();
      const id = await desk.surveyOf(t.id);
      const answers = await Promise.all([desk.call(id, { reached: true, satisfaction: 'satisfied' }), desk.call(id, { reached: true, satisfaction: 'dissatisfied' })]);
      expect(answers.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect(await h.c.db('ticket_events').where({ ticket_id: t.id, action: 'survey' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });
  });

  describe('citizens who declined callbacks', () => {
    it('when the ticket is replied, then they are not in the queue, a call or a link is refused, and the survey worker closes it counted as no consent only', async () => {
      const t = await desk.replied({ citizen: { name: '李女士', phone: '13900001111', callbackConsent: false } });
      const id = await desk.surveyOf(t.id);
      expect((await desk.queue()).some((s) => s.id === id)).to.equal(false);
      expect((await desk.call(id, { reached: false }).expect(409)).body.error.code).to.equal('NO_CALLBACK_CONSENT');
      await desk.act(d.operator, t.id, 'survey', { reached: true, satisfaction: 'satisfied' }).expect(409);
      await request(h.app).post(`/api/v1/surveys/${id}/link`).set(d.operator.auth).send({}).expect(409);
      const before = (await desk.figures()).survey;

      expect(await h.c.surveys.closeWithoutConsent()).to.be.at.least(1);

      expect((await ticketRow(t.id)).status).to.equal('closed');
      const event = await lastEvent(t.id);
      expect(event).to.include({ action: 'survey', actor_type: 'system', to_status: 'closed' });
      expect(event.data).to.include({ reached: false, noCallbackConsent: true, by: 'survey-worker' });
      expect((await surveyRow(id)).outcome).to.equal('no_consent');
      const after = (await desk.figures()).survey;
      expect(after.noConsent - before.noConsent).to.equal(1);
      expect([after.unreachable, after.dissatisfied, after.answered, after.surveyed]).to.deep.equal([before.unreachable, before.dissatisfied, before.answered, before.surveyed]);
    });

    it('when the periodic survey pass runs, then it closes such surveys on its own, and stops cleanly', async () => {
      const t = await desk.replied({ citizen: { phone: '13900003333', callbackConsent: false } });
      const worker = startPeriodicWorker(h.c, { everyMs: { 'survey-pass': 50 }, only: ['survey-pass'] });
      try {
        await waitFor('the survey worker to close the ticket', async () => (await ticketRow(t.id)).status === 'closed');
      } finally {
        await worker.stop();
      }
    });
  });

  describe('merged tickets', () => {
    it('when tickets merged into a ticket are replied with it, then each of their citizens is surveyed too, without changing their ticket', async () => {
      const parent = await desk.dispatched();
      const child = await desk.created({ citizen: { name: '王先生', phone: '13700002222', callbackConsent: true } });
      await desk.act(d.dispatcher, child.id, 'merge', { parentId: parent.id }).expect(200);
      await desk.reply(parent.id);

      const childSurvey = (await desk.queue()).find((s) => s.ticket.id === child.id);
      expect(childSurvey?.reply).to.deep.include({ ticketNo: parent.ticketNo, merged: true });
      const before = (await desk.figures()).survey;

      await desk.call(childSurvey?.id as number, { reached: false }).expect(200);
      const answered = (await desk.call(childSurvey?.id as number, { reached: true, resolved: 'partly', satisfaction: 'dissatisfied' }).expect(200)).body;
      expect(answered).to.include({ outcome: 'dissatisfied', escalated: true, attempts: 1 });
      expect((await ticketRow(child.id)).status).to.equal('merged');
      await desk.call(await desk.surveyOf(parent.id), { reached: true, satisfaction: 'satisfied' }).expect(200);

      const after = (await desk.figures()).survey;
      expect([after.answered - before.answered, after.dissatisfied - before.dissatisfied, after.satisfied - before.satisfied]).to.deep.equal([2, 1, 1]);
    });
  });

  describe('the SMS link', () => {
    // Its own gateway: another file's tests remove the one the environment configured.
    before(async () => {
      const admin = await makeUser(h, 'admin');
      await request(h.app).put('/api/v1/admin/partners/sms').set(admin.auth).send({ url: 'https://sms.example/send', secret: 'surveys-sms-secret-0123456789', active: true }).expect(200);
    });

    async function link(send = false) {
      const t = await desk.replied();
      const id = await desk.surveyOf(t.id);
      const res = await request(h.app).post(`/api/v1/surveys/${id}/link`).set(d.operator.auth).send({ send }).expect(201);
      return { t, id, ...res.body };
    }
    const answer = (token: string, body: object = { contacted: true, resolved: 'resolved', satisfaction: 'satisfied' }) =>
      request(h.app).post(`/api/v1/public/surveys/${token}`).send(body);

    it('when the operator sends a link, then the SMS gateway gets it as a partner delivery, and the token is not shown', async () => {
      const res = await link(true);
      expect(res.token).to.equal(undefined);
      const delivery = await h.c.db('partner_deliveries').where({ id: res.sms.deliveryId }).first();
      expect(delivery).to.include({ partner: 'sms', kind: 'sms', ticket_id: res.t.id });
      expect(delivery.payload.url).to.match(/^http:\/\/localhost:3000\/survey\/sv_[\w-]{43}$/);
      expect(delivery.payload.phone).to.equal('13812345678');
      expect((await surveyRow(res.id)).token_hash).to.not.include(delivery.payload.url.split('/').pop());
    });

    it('when the citizen opens the link, then the page gets the ticket number and the questions, nothing personal', async () => {
      const { t, token } = await link();
      const res = await request(h.app).get(`/api/v1/public/surveys/${token}`).expect(200);
      expect(res.body).to.include({ ticketNo: t.ticketNo });
      expect(res.body.questions.map((q: { name: string }) => q.name)).to.deep.equal(['contacted', 'resolved', 'satisfaction', 'comment']);
      expect(JSON.stringify(res.body)).to.not.match(/张先生|1381234|田林路/);
    });

    it('when the citizen answers, then the ticket closes with their answer; the same link again is 410 and records nothing', async () => {
      const { t, id, token } = await link();
      const before = (await desk.figures()).survey;
      expect((await answer(token).expect(200)).body).to.deep.equal({ ticketNo: t.ticketNo, recorded: true });
      expect((await ticketRow(t.id)).status).to.equal('closed');
      expect((await lastEvent(t.id)).data).to.include({ reached: true, satisfaction: 'satisfied', by: 'survey-link' });
      expect((await surveyRow(id)).token_used_at).to.not.equal(null);

      expect((await answer(token, { satisfaction: 'dissatisfied' }).expect(410)).body.error.code).to.equal('SURVEY_LINK_USED');
      await request(h.app).get(`/api/v1/public/surveys/${token}`).expect(410);
      expect(await h.c.db('ticket_events').where({ ticket_id: t.id, action: 'survey' }).count({ n: '*' })).to.deep.equal([{ n: 1 }]);
      expect((await desk.figures()).survey.satisfied - before.satisfied).to.equal(1);
    });

    it('when the citizen is dissatisfied through the link, then the ticket is reopened to the department as by phone', async () => {
      const { t, token } = await link();
      await answer(token, { satisfaction: 'dissatisfied', resolved: 'not' }).expect(200);
      expect((await ticketRow(t.id)).status).to.equal('dispatched');
    });

    it('when a link is forged or malformed, then 404 and nothing is recorded', async () => {
      const { t } = await link();
      expect((await answer(randomSecret('sv_')).expect(404)).body.error.code).to.equal('SURVEY_LINK_NOT_FOUND');
      await answer('not-a-token').expect(404);
      await request(h.app).get(`/api/v1/public/surveys/${randomSecret('sv_')}`).expect(404);
      expect((await ticketRow(t.id)).status).to.equal('replied');
    });

    it('when a link has expired, then 410 SURVEY_LINK_EXPIRED and nothing is recorded', async () => {
      const { t, token } = await link();
      const issuedAt = clock.now();
      clock.advance(72 * 3_600_000 + 1000);
      try {
        expect((await answer(token).expect(410)).body.error.code).to.equal('SURVEY_LINK_EXPIRED');
        expect((await ticketRow(t.id)).status).to.equal('replied');
      } finally {
        clock.set(issuedAt);
      }
    });

    it('when the operator issues a new link, then the earlier one stops working', async () => {
      const { id, token } = await link();
      await request(h.app).post(`/api/v1/surveys/${id}/link`).set(d.operator.auth).send({ send: false }).expect(201);
      await answer(token).expect(404);
    });

    it('when the answer is incomplete, then 400 and the link still works', async () => {
      const { token } = await link();
      expect((await answer(token, { resolved: 'resolved' }).expect(400)).body.error.details[0].field).to.equal('satisfaction');
      await answer(token).expect(200);
    });

    it('when a client calls the survey link too often, then 429 like the other public routes', async () => {
      const limited = await isolatedHarness({ clock, env: { PUBLIC_RATE_LIMIT: '2', QUEUE_PREFIX: `test-${process.pid}-survey-limit` } });
      const token = randomSecret('sv_');
      await request(limited.app).get(`/api/v1/public/surveys/${token}`).expect(404);
      await request(limited.app).get(`/api/v1/public/surveys/${token}`).expect(404);
      await request(limited.app).post(`/api/v1/public/surveys/${token}`).send({ satisfaction: 'satisfied' }).expect(429);
    });
  });
});
