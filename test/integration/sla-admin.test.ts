import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';

interface Policy {
  id: number;
  name: string;
  type: string | null;
  urgency: string | null;
  categoryCode: string | null;
  accept: { amount: number; unit: string };
  reply: { amount: number; unit: string };
  returnWindowWorkingDays: number;
  maxExtensionWorkingDays: number;
  active: boolean;
}

/** Admin changes are global: every test puts back what it changed, so other tests see the defaults. */
describe('SLA policies and calendar overrides (admin API)', () => {
  let h: Harness;
  const clock = new ManualClock(shanghaiTime('2025-09-01', 10, 0));
  let admin: TestUser;
  let operator: TestUser;
  let dispatcher: TestUser;
  const dispatched: number[] = [];

  before(async () => {
    h = await isolatedHarness({ clock });
    [admin, operator, dispatcher] = await Promise.all([makeUser(h, 'admin'), makeUser(h, 'operator'), makeUser(h, 'dispatcher')]);
  });

  // Dispatched in 2025 and overdue ever since: cancelled, so they do not sit in 310104-ENV's queue.
  after(async () => {
    for (const id of dispatched) await request(h.app).post(`/api/v1/tickets/${id}/cancel`).set(operator.auth).send({ reason: 'test ticket' });
  });

  const api = (method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object, auth: Record<string, string> = admin.auth) => {
    const req = request(h.app)[method](`/api/v1${path}`).set(auth);
    return body === undefined ? req : req.send(body);
  };
  const fields = (res: { body: { error: { details: { field: string }[] } } }) => res.body.error.details.map((d) => d.field);
  const at = (day: string, hh: number, mm: number) => shanghaiTime(day, hh, mm).toISOString();

  async function policyNamed(name: string): Promise<Policy> {
    const res = await api('get', '/admin/sla-policies?limit=200');
    expect(res.status).to.equal(200);
    return res.body.policies.find((p: Policy) => p.name === name);
  }

  /** Creates a ticket now (by the clock) and dispatches it to 310104-ENV; returns the dispatched ticket. */
  async function dispatchedTicket(type: string): Promise<{ id: number; replyDueAt: string }> {
    const created = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ type }));
    expect(created.status).to.equal(201);
    dispatched.push(created.body.id);
    const res = await request(h.app).post(`/api/v1/tickets/${created.body.id}/dispatch`).set(dispatcher.auth).send({ departmentCode: '310104-ENV' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  }
  const replyDueOf = async (id: number) => (await request(h.app).get(`/api/v1/tickets/${id}`).set(operator.auth)).body.replyDueAt;

  describe('policies', () => {
    const dustPolicy = {
      name: `dust-complaints-${process.pid}`,
      type: 'complaint',
      urgency: 'normal',
      categoryCode: 'ENV.AIR.DUST',
      accept: { amount: 4, unit: 'hours' },
      reply: { amount: 3, unit: 'working_days' },
    };

    it('when an admin creates, lists, replaces and deletes a policy, then the delete deactivates it and keeps it listed', async () => {
      const created = await api('post', '/admin/sla-policies', dustPolicy);
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      expect(created.body).to.include({ name: dustPolicy.name, categoryCode: 'ENV.AIR.DUST', returnWindowWorkingDays: 2, maxExtensionWorkingDays: 10, active: true });
      const id = created.body.id;
      expect((await policyNamed(dustPolicy.name)).id).to.equal(id);

      const replaced = await api('put', `/admin/sla-policies/${id}`, { ...dustPolicy, reply: { amount: 2, unit: 'working_days' }, maxExtensionWorkingDays: 5 });
      expect(replaced.status).to.equal(200);
      expect(replaced.body.reply).to.deep.equal({ amount: 2, unit: 'working_days' });
      expect(replaced.body.maxExtensionWorkingDays).to.equal(5);

      const deleted = await api('delete', `/admin/sla-policies/${id}`);
      expect(deleted.status).to.equal(200);
      expect(deleted.body.active).to.equal(false);
      expect(await policyNamed(dustPolicy.name)).to.include({ id, active: false });
    });

    it('when an admin pages through the policies, then the pages together hold every policy once and each says the true total', async () => {
      const all = (await api('get', '/admin/sla-policies?limit=200')).body;
      const pages = [(await api('get', '/admin/sla-policies?limit=2&offset=0')).body, (await api('get', '/admin/sla-policies?limit=2&offset=2')).body];
      expect(pages.map((p) => p.total)).to.deep.equal([all.total, all.total]);
      expect(all.policies).to.have.length(all.total);
      expect(pages.flatMap((p) => p.policies.map((x: Policy) => x.id))).to.deep.equal(all.policies.slice(0, 4).map((x: Policy) => x.id));
    });

    it('when the name is taken, then 409 DUPLICATE_NAME; when another active policy covers the same tickets, then 409 DUPLICATE_MATCH', async () => {
      const taken = await api('post', '/admin/sla-policies', { ...dustPolicy, name: 'normal-complaint', categoryCode: 'ENV.AIR.BURNING' });
      expect(taken.status).to.equal(409);
      expect(taken.body.error.code).to.equal('DUPLICATE_NAME');

      const twin = await api('post', '/admin/sla-policies', { ...dustPolicy, name: `twin-${process.pid}`, categoryCode: null });
      expect(twin.status).to.equal(409);
      expect(twin.body.error.code).to.equal('DUPLICATE_MATCH');
      expect(await policyNamed(`twin-${process.pid}`)).to.equal(undefined);
    });

    it('when the policy does not exist, then PUT and DELETE answer 404', async () => {
      expect((await api('put', '/admin/sla-policies/999999', dustPolicy)).status).to.equal(404);
      expect((await api('delete', '/admin/sla-policies/999999')).status).to.equal(404);
    });

    it('when the body is wrong, then 400 names every bad field, the unknown category included', async () => {
      const res = await api('post', '/admin/sla-policies', {
        name: '',
        type: 'gripe',
        categoryCode: 'ENV.NO.SUCH',
        accept: { amount: 0, unit: 'days' },
        returnWindowWorkingDays: 20,
        maxExtensionWorkingDays: 11,
      });
      expect(res.status).to.equal(400);
      expect(fields(res)).to.have.members(['name', 'type', 'categoryCode', 'accept.amount', 'accept.unit', 'reply', 'returnWindowWorkingDays', 'maxExtensionWorkingDays']);
      expect(fields(await api('post', '/admin/sla-policies', { ...dustPolicy, reply: { amount: 61, unit: 'working_days' } }))).to.deep.equal(['reply.amount']);
    });

    it('when anyone but an admin calls the admin API, then 403 (401 without login)', async () => {
      const [supervisor, handler, key] = await Promise.all([makeUser(h, 'supervisor'), makeUser(h, 'handler'), makeApiKey(h, 'app')]);
      for (const auth of [supervisor.auth, handler.auth, dispatcher.auth, key.headers]) {
        expect((await api('get', '/admin/sla-policies', undefined, auth)).status).to.equal(403);
        expect((await api('post', '/admin/sla-policies', dustPolicy, auth)).status).to.equal(403);
        expect((await api('put', '/admin/calendar/overrides/2099-01-02', { working: false }, auth)).status).to.equal(403);
      }
      expect((await request(h.app).get('/api/v1/admin/calendar?year=2027')).status).to.equal(401);
    });

    it('when an admin sets normal complaints to 3 working days, then a complaint dispatched afterwards is due 3 working days later and one dispatched before keeps its due time', async () => {
      const original = await policyNamed('normal-complaint');
      const { id, active, ...body } = original;
      clock.set(shanghaiTime('2025-09-01', 10, 0)); // Monday
      const before = await dispatchedTicket('complaint');
      expect(before.replyDueAt).to.equal(at('2025-09-08', 10, 0));
      try {
        const res = await api('put', `/admin/sla-policies/${id}`, { ...pick(body), active, reply: { amount: 3, unit: 'working_days' } });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        clock.set(shanghaiTime('2025-09-01', 11, 0));
        const after = await dispatchedTicket('complaint');
        expect(after.replyDueAt).to.equal(at('2025-09-04', 11, 0));
        expect(await replyDueOf(before.id)).to.equal(at('2025-09-08', 10, 0));
      } finally {
        await api('put', `/admin/sla-policies/${id}`, { ...pick(body), active });
      }
    });
  });

  describe('calendar', () => {
    it('when an admin marks a weekday as a day off, then a ticket dispatched before that day is due a day later, and one dispatched earlier keeps its due time', async () => {
      clock.set(shanghaiTime('2025-09-15', 10, 0)); // Monday; help: 5 working days
      const earlier = await dispatchedTicket('help');
      expect(earlier.replyDueAt).to.equal(at('2025-09-22', 10, 0));
      try {
        const put = await api('put', '/admin/calendar/overrides/2025-09-17', { working: false, note: '临时停工' });
        expect(put.status).to.equal(200);
        expect(put.body).to.include({ date: '2025-09-17', working: false, note: '临时停工' });
        clock.set(shanghaiTime('2025-09-15', 10, 30));
        const later = await dispatchedTicket('help');
        expect(later.replyDueAt).to.equal(at('2025-09-23', 10, 30)); // 16, 18, 19, 22, 23: the 17th skipped
        expect(await replyDueOf(earlier.id)).to.equal(at('2025-09-22', 10, 0));
      } finally {
        await api('delete', '/admin/calendar/overrides/2025-09-17');
      }
    });

    it("when an admin reads a published year, then its holidays and make-up working days are the official ones", async () => {
      const res = await api('get', '/admin/calendar?year=2017');
      expect(res.status).to.equal(200);
      expect(res.body.officialCalendarPublished).to.equal(true);
      const off = res.body.daysOff.map((d: { date: string }) => d.date);
      expect(off).to.include.members(['2017-01-02', '2017-01-27', '2017-01-30', '2017-01-31', '2017-02-01', '2017-02-02', '2017-10-02']);
      expect(res.body.makeUpWorkingDays).to.deep.include({ date: '2017-01-22', source: 'official', note: null });
    });

    it('when an admin overrides days of a year not yet published, then the calendar shows them, lists them, and forgets them on delete', async () => {
      const empty = await api('get', '/admin/calendar?year=2099');
      expect(empty.body).to.include({ year: 2099, officialCalendarPublished: false });
      expect(empty.body.daysOff).to.deep.equal([]);
      try {
        expect((await api('put', '/admin/calendar/overrides/2099-01-01', { working: false, note: '元旦' })).status).to.equal(200);
        expect((await api('put', '/admin/calendar/overrides/2099-01-04', { working: true, note: '调休上班' })).status).to.equal(200); // a Sunday
        const res = await api('get', '/admin/calendar?year=2099');
        expect(res.body.daysOff).to.deep.equal([{ date: '2099-01-01', source: 'override', note: '元旦' }]);
        expect(res.body.makeUpWorkingDays).to.deep.equal([{ date: '2099-01-04', source: 'override', note: '调休上班' }]);
        const listed = await api('get', '/admin/calendar/overrides?year=2099');
        expect(listed.body.overrides.map((o: { date: string; working: boolean }) => [o.date, o.working])).to.deep.equal([
          ['2099-01-01', false],
          ['2099-01-04', true],
        ]);
        const secondPage = await api('get', '/admin/calendar/overrides?year=2099&limit=1&offset=1');
        expect(secondPage.body.overrides.map((o: { date: string }) => o.date)).to.deep.equal(['2099-01-04']);
        expect(secondPage.body.total).to.equal(2);
      } finally {
        expect((await api('delete', '/admin/calendar/overrides/2099-01-01')).status).to.equal(204);
        expect((await api('delete', '/admin/calendar/overrides/2099-01-04')).status).to.equal(204);
      }
      expect((await api('delete', '/admin/calendar/overrides/2099-01-01')).status).to.equal(404);
      expect((await api('get', '/admin/calendar/overrides?year=2099')).body.overrides).to.deep.equal([]);
    });

    it('when the year, date or body is wrong, then 400 names it', async () => {
      expect(fields(await api('get', '/admin/calendar?year=27'))).to.deep.equal(['year']);
      expect(fields(await api('get', '/admin/calendar'))).to.deep.equal(['year']);
      expect(fields(await api('put', '/admin/calendar/overrides/2099-02-30', { working: false }))).to.deep.equal(['date']);
      expect(fields(await api('put', '/admin/calendar/overrides/2099-02-03', { working: 'yes', note: 7 }))).to.have.members(['working', 'note']);
    });
  });
});

/** The writable fields of a policy as read back, for a PUT that changes some of them. */
function pick(p: Omit<Policy, 'id' | 'active'>) {
  const { name, type, urgency, categoryCode, accept, reply, returnWindowWorkingDays, maxExtensionWorkingDays } = p;
  return { name, type, urgency, categoryCode, accept, reply, returnWindowWorkingDays, maxExtensionWorkingDays };
}
