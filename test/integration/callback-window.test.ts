import { expect } from 'chai';
import request from 'supertest';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { makeDesk, surveyDesk, type Desk } from '../support/survey-desk';

// Friday 2026-03-06 10:00 Shanghai.
const FRIDAY_10AM = new Date('2026-03-06T02:00:00Z');
const HOUR = 3_600_000;

describe('callbacks: calling hours, spaced attempts, honest SMS (issue 14)', () => {
  let h: Harness;
  let clock: ManualClock;
  let d: Desk;
  let desk: ReturnType<typeof surveyDesk>;

  before(async () => {
    clock = new ManualClock(FRIDAY_10AM);
    // The centre's defaults, not the test harness's anytime rules.
    h = await isolatedHarness({ clock, env: { SURVEY_CALL_HOURS: '8-21', SURVEY_ATTEMPT_SPACING_HOURS: '2' } });
    d = await makeDesk(h);
    desk = surveyDesk(h, d);
  });

  it('when an operator records unanswered calls seconds apart, then the second is 409 ATTEMPT_TOO_SOON, counts nothing, and is accepted 2 hours later', async () => {
    clock.set(FRIDAY_10AM);
    const t = await desk.replied();
    const survey = await desk.surveyOf(t.id);
    await desk.call(survey, { reached: false }).expect(200);
    clock.advance(10_000);
    const soon = await desk.call(survey, { reached: false }).expect(409);
    expect(soon.body.error.code).to.equal('ATTEMPT_TOO_SOON');
    expect((await h.c.db('surveys').where({ id: survey }).first()).attempts).to.equal(1);
    clock.advance(2 * HOUR);
    await desk.call(survey, { reached: false }).expect(200);
    expect((await h.c.db('surveys').where({ id: survey }).first()).attempts).to.equal(2);
  });

  it('when an operator calls back at 21:30 or 7:30 Shanghai time, then it is 409 OUTSIDE_CALL_HOURS and nothing is recorded', async () => {
    clock.set(FRIDAY_10AM);
    const t = await desk.replied();
    const survey = await desk.surveyOf(t.id);
    for (const at of [new Date('2026-03-06T13:30:00Z'), new Date('2026-03-06T23:30:00Z')]) {
      clock.set(at);
      const res = await desk.call(survey, { reached: true, satisfaction: 'satisfied' }).expect(409);
      expect(res.body.error.code).to.equal('OUTSIDE_CALL_HOURS');
    }
    expect((await h.c.db('surveys').where({ id: survey }).first()).outcome).to.equal(null);
    expect((await h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('replied');
  });

  it('when a link is to be texted but no SMS gateway is configured, then no SMS is queued, the answer says not_sent NO_SMS_GATEWAY and gives the link, which shows the request and the reply', async () => {
    clock.set(FRIDAY_10AM);
    await h.c.db('partner_endpoints').where({ name: 'sms' }).delete();
    const t = await desk.replied({ description: '小区旁工地凌晨两点还在打桩' });
    const survey = await desk.surveyOf(t.id);
    const res = await request(h.app).post(`/api/v1/surveys/${survey}/link`).set(d.operator.auth).send({ send: true }).expect(201);
    expect(res.body.sms).to.deep.equal({ status: 'not_sent', reason: 'NO_SMS_GATEWAY' });
    expect(await h.c.db('partner_deliveries').where({ ticket_id: t.id })).to.deep.equal([]);
    const token = String(res.body.url).split('/survey/')[1];
    const view = await request(h.app).get(`/api/v1/public/surveys/${token}`).expect(200);
    expect(view.body.request.description).to.equal('小区旁工地凌晨两点还在打桩');
    expect(view.body.reply).to.deep.equal({ result: '已责令工地停止夜间施工', outcome: 'resolved' });
  });
});
