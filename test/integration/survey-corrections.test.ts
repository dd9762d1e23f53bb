import { expect } from 'chai';
import request from 'supertest';
import { recountDeps, verifyMetrics } from '../../src/modules/metrics';
import { startWebServer } from '../../src/server';
import { ManualClock } from '../../src/shared/clock';
import { makeUser, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { closeLiveClients, connectLive, liveUrl, pause } from '../support/live-clients';
import { makeDesk, surveyDesk, type Desk } from '../support/survey-desk';

// Issue 14: a supervisor corrects a recorded callback result, with a reason that is kept.

// Tuesday 2026-03-10 10:00 in Shanghai: within the calling hours.
const TUESDAY_10AM = new Date('2026-03-10T02:00:00Z');

describe('correcting a callback result (issue 14)', () => {
  let h: Harness;
  let clock: ManualClock;
  let d: Desk;
  let admin: TestUser;
  let desk: ReturnType<typeof surveyDesk>;

  before(async () => {
    clock = new ManualClock(TUESDAY_10AM);
    h = await isolatedHarness({ clock });
    d = await makeDesk(h);
    admin = await makeUser(h, 'admin');
    desk = surveyDesk(h, d);
  });

  beforeEach(() => clock.set(TUESDAY_10AM));

  const correct = (surveyId: number, body: object, user: TestUser = d.supervisor) => request(h.app).post(`/api/v1/surveys/${surveyId}/correction`).set(user.auth).send(body);
  const survey = async (ticketId: number) => h.c.db('surveys').where({ ticket_id: ticketId }).whereNull('caller_id').orderBy('id', 'desc').first();
  const timeline = async (ticketId: number) => (await desk.ok(await request(h.app).get(`/api/v1/tickets/${ticketId}`).set(d.supervisor.auth))).timeline as { action: string; note: string; actor: { userId: number; role: string }; data: Record<string, unknown> }[];
  /** The survey figures of one day for the handler's department. */
  async function surveyFigures(day: string) {
    const res = await request(h.app).get('/api/v1/metrics').query({ from: day, to: day, departmentId: d.handler.departmentId }).set(d.supervisor.auth);
    return (await desk.ok(res)).survey as Record<string, number | null>;
  }
  const pick = (f: Record<string, number | null>) => ({ answered: f.answered, satisfied: f.satisfied, basically: f.basicallySatisfied, dissatisfied: f.dissatisfied, unreachable: f.unreachable });

  it("when a supervisor corrects 不满意 to 满意 the next day, then the survey day's figures count it satisfied exactly once, and the timeline and the audit log say who, when, old → new and why", async () => {
    const t = await desk.replied();
    const id = await desk.surveyOf(t.id);
    const before = pick(await surveyFigures('2026-03-10'));
    await desk.call(id, { reached: true, contacted: true, resolved: 'resolved', satisfaction: 'dissatisfied' }).expect(200);
    expect(pick(await surveyFigures('2026-03-10'))).to.deep.equal({ ...before, answered: (before.answered as number) + 1, dissatisfied: (before.dissatisfied as number) + 1 });

    clock.set(new Date('2026-03-11T03:00:00Z'));
    const correctionDay = pick(await surveyFigures('2026-03-11'));
    const res = await correct(id, { result: 'satisfied', reason: '复核录音：市民表示满意，话务员误选' }).expect(200);
    expect(res.body).to.include({ id, outcome: 'satisfied', escalated: false });
    expect(res.body.answers).to.include({ resolved: 'resolved', contacted: true });

    expect(pick(await surveyFigures('2026-03-10'))).to.deep.equal({ ...before, answered: (before.answered as number) + 1, satisfied: (before.satisfied as number) + 1 });
    expect(pick(await surveyFigures('2026-03-11'))).to.deep.equal(correctionDay);

    const event = (await timeline(t.id)).at(-1);
    expect(event).to.include({ action: 'survey-corrected', note: '复核录音：市民表示满意，话务员误选' });
    expect(event?.actor).to.include({ userId: d.supervisor.id, role: 'supervisor' });
    expect(event?.data).to.include({ surveyId: id, from: 'dissatisfied', to: 'satisfied' });

    const audit = await request(h.app).get('/api/v1/admin/audit').query({ ticketId: t.id, action: 'survey-correction' }).set(admin.auth).expect(200);
    expect(audit.body.total).to.equal(1);
    expect(audit.body.entries[0]).to.deep.include({ action: 'survey-correction', targetType: 'survey', targetId: String(id), createdAt: '2026-03-11T03:00:00.000Z' });
    expect(audit.body.entries[0].actor).to.include({ kind: 'user', id: d.supervisor.id });
    expect(audit.body.entries[0].detail).to.deep.include({ reason: '复核录音：市民表示满意，话务员误选', before: { outcome: 'dissatisfied', resolved: 'resolved', escalated: false }, after: { outcome: 'satisfied', resolved: 'resolved', escalated: false } });
  });

  it('when a result is corrected twice, then only the latest counts, and an admin may correct too', async () => {
    const t = await desk.replied();
    const id = await desk.surveyOf(t.id);
    const before = pick(await surveyFigures('2026-03-10'));
    await desk.call(id, { reached: true, resolved: 'resolved', satisfaction: 'satisfied' }).expect(200);
    await correct(id, { result: 'dissatisfied', resolved: 'not', reason: '市民来电投诉回访记录有误' }).expect(200);
    const second = await correct(id, { result: 'basically_satisfied', resolved: 'partly', reason: '再次复核录音：基本满意' }, admin).expect(200);
    expect(second.body).to.include({ outcome: 'basically_satisfied', escalated: false });
    expect(second.body.answers.resolved).to.equal('partly');
    expect(pick(await surveyFigures('2026-03-10'))).to.deep.equal({ ...before, answered: (before.answered as number) + 1, basically: (before.basically as number) + 1 });
    expect((await timeline(t.id)).filter((e) => e.action === 'survey-corrected').map((e) => [e.data.from, e.data.to])).to.deep.equal([
      ['satisfied', 'dissatisfied'],
      ['dissatisfied', 'basically_satisfied'],
    ]);
  });

  it("when 未接通 was recorded three times for a citizen who had answered, then the correction counts an answer instead of unreachable, and a dissatisfaction found this way goes to the supervisors' list", async () => {
    const t = await desk.replied();
    const id = await desk.surveyOf(t.id);
    const before = pick(await surveyFigures('2026-03-10'));
    for (const hours of [0, 2, 4]) {
      clock.set(new Date(TUESDAY_10AM.getTime() + hours * 3_600_000));
      await desk.call(id, { reached: false }).expect(200);
    }
    expect((await survey(t.id)).outcome).to.equal('unreachable');
    const res = await correct(id, { result: 'dissatisfied', resolved: 'not', reason: '市民当日已回电表示不满意' }).expect(200);
    expect(res.body).to.include({ outcome: 'dissatisfied', escalated: true });
    expect(pick(await surveyFigures('2026-03-10'))).to.deep.equal({ ...before, answered: (before.answered as number) + 1, dissatisfied: (before.dissatisfied as number) + 1 });
    const escalated = await desk.ok(await request(h.app).get('/api/v1/surveys/escalated').query({ limit: 200 }).set(d.supervisor.auth));
    expect(escalated.items.map((s: { id: number }) => s.id)).to.include(id);
    // The ticket does not move; the supervisor may reopen it.
    const ticket = await desk.ok(await request(h.app).get(`/api/v1/tickets/${t.id}`).set(d.supervisor.auth));
    expect(ticket.status).to.equal('closed');
    expect(ticket.allowedActions).to.include('reopen');
  });

  it("when an attached caller's result is corrected, then their survey row and the figures change, and the parent's timeline says so", async () => {
    const parent = await desk.dispatched();
    await desk.ok(await desk.act(d.operator, parent.id, 'attach-caller', { citizen: { name: '李女士', phone: '13900001111', callbackConsent: true } }));
    await desk.reply(parent.id);
    const callerSurvey = await h.c.db('surveys').where({ ticket_id: parent.id }).whereNotNull('caller_id').first();
    const before = pick(await surveyFigures('2026-03-10'));
    await desk.call(callerSurvey.id, { reached: true, satisfaction: 'dissatisfied' }).expect(200);
    const res = await correct(callerSurvey.id, { result: 'satisfied', reason: '误选' }).expect(200);
    expect(res.body).to.include({ outcome: 'satisfied', escalated: false, attachedCaller: true });
    expect(pick(await surveyFigures('2026-03-10'))).to.deep.equal({ ...before, answered: (before.answered as number) + 1, satisfied: (before.satisfied as number) + 1 });
    expect((await timeline(parent.id)).at(-1)).to.deep.include({ action: 'survey-corrected', note: '误选' });

    const list = await desk.ok(await request(h.app).get('/api/v1/surveys').query({ ticketId: parent.id, limit: 1 }).set(d.supervisor.auth));
    expect(list.total).to.equal(2);
    const next = await desk.ok(await request(h.app).get('/api/v1/surveys').query({ ticketId: parent.id, limit: 1, cursor: list.nextCursor }).set(d.supervisor.auth));
    expect([...list.items, ...next.items].map((s: { id: number }) => s.id).sort()).to.deep.equal((await h.c.db('surveys').where({ ticket_id: parent.id }).pluck('id')).sort());
    expect(next.nextCursor).to.equal(null);
  });

  it('when a result is corrected, then supervisors connected live get the new figures at once, though no ticket changed', async () => {
    const web = await startWebServer(h.c, 0);
    try {
      const t = await desk.replied();
      const id = await desk.surveyOf(t.id);
      await desk.call(id, { reached: true, satisfaction: 'dissatisfied' }).expect(200);
      type Figures = { survey: { satisfied: number; dissatisfied: number } };
      const supervisor = await connectLive(liveUrl(web.server), { token: d.supervisor.token });
      await supervisor.next<Figures>('metrics');
      // Pushes of the call itself come at most a second later (the throttle): the correction's must be its own.
      await pause(2500);
      const pushed = supervisor.received.get('metrics') as Figures[];
      const first = pushed[pushed.length - 1];
      const before = pushed.length;
      await correct(id, { result: 'satisfied', reason: '误选' }).expect(200);
      await supervisor.next<Figures>('metrics', (m) => m.survey.satisfied === first.survey.satisfied + 1 && m.survey.dissatisfied === first.survey.dissatisfied - 1, 3000);
      expect((supervisor.received.get('metrics') ?? []).length).to.be.above(before);
    } finally {
      closeLiveClients();
      await web.stop();
    }
  });

  it('when an operator corrects, then 403; without a reason, 400 naming reason; a survey still open, 409; the same result again, 400 naming result; nothing changes', async () => {
    const t = await desk.replied();
    const id = await desk.surveyOf(t.id);
    expect((await correct(id, { result: 'satisfied', reason: 'x' }).expect(409)).body.error.code).to.equal('SURVEY_NOT_RECORDED');
    await desk.call(id, { reached: true, satisfaction: 'satisfied' }).expect(200);

    expect((await correct(id, { result: 'dissatisfied', reason: '改' }, d.operator).expect(403)).body.error.code).to.equal('FORBIDDEN');
    const missing = await correct(id, { result: 'dissatisfied' }).expect(400);
    expect(missing.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['reason']);
    const blank = await correct(id, { result: 'nope', reason: ' ' }).expect(400);
    expect(blank.body.error.details.map((p: { field: string }) => p.field).sort()).to.deep.equal(['reason', 'result']);
    const same = await correct(id, { result: 'satisfied', reason: '无变化' }).expect(400);
    expect(same.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['result']);
    await correct(999_999_999, { result: 'satisfied', reason: '无' }).expect(404);

    expect(await survey(t.id)).to.include({ outcome: 'satisfied' });
    expect((await timeline(t.id)).filter((e) => e.action === 'survey-corrected')).to.deep.equal([]);
  });

  it('when results have been corrected, then the recount from tickets, timelines and surveys finds no difference (npm run metrics:verify)', async () => {
    // A ticket's own survey corrected after a reopening and a second reply: the second survey's event is the one corrected.
    const t = await desk.replied();
    await desk.call(await desk.surveyOf(t.id), { reached: true, satisfaction: 'dissatisfied' }).expect(200);
    await desk.reply(t.id);
    const second = await desk.surveyOf(t.id);
    await desk.call(second, { reached: true, satisfaction: 'satisfied' }).expect(200);
    await correct(second, { result: 'dissatisfied', reason: '复核' }).expect(200);
    await correct(second, { result: 'basically_satisfied', reason: '再复核' }).expect(200);

    const report = await verifyMetrics(h.c.db, recountDeps(h.c.db, h.c.catalog, h.c.directory), clock.now());
    expect(report.differences).to.deep.equal([]);
    expect(report.figuresCompared).to.be.greaterThan(100);
  });
});
