import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { generateTickets } from '../../bench/ticket-list-plans';
import { slaSql } from '../../src/modules/sla';
import { ticketListQuery, type TicketListFilter } from '../../src/modules/tickets/ticket-list.repository';
import { ManualClock } from '../../src/shared/clock';
import { isolatedHarness, type Harness } from '../support/harness';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';

/**
 * Each test makes its tickets in its own week of 2014 (a manual clock) and lists with from/to set to
 * that week, so it sees its own records only, whatever else is in the test database.
 */
describe('ticket lists and search (GET /api/v1/tickets)', () => {
  let h: Harness;
  const clock = new ManualClock(shanghaiTime('2014-03-03', 9, 0));
  let operator: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handler: TestUser;
  let nextWeek = 0;
  const WEEK_MS = 7 * 86_400_000;

  before(async () => {
    h = await isolatedHarness({ clock });
    [operator, dispatcher, supervisor, handler] = await Promise.all([
      makeUser(h, 'operator'),
      makeUser(h, 'dispatcher'),
      makeUser(h, 'supervisor'),
      makeUser(h, 'handler', '310104-ENV'),
    ]);
  });

  /**
   * Sets the clock to 09:00 on a Monday of a week no other test uses; returns that week as the
   * from/to window (a test may move the clock within its week).
   */
  function freshWeek(): { from: string; to: string } {
    const start = shanghaiTime('2014-03-03', 9, 0).getTime() + nextWeek++ * WEEK_MS;
    clock.set(new Date(start));
    const date = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    return { from: date(start), to: date(start + WEEK_MS) };
  }
  const minutes = (n: number) => clock.advance(n * 60_000);
  const deptId = (code: string) => h.c.directory.getByCode(code)!.id;

  const made: number[] = [];
  async function create(overrides: Record<string, unknown> = {}, headers: Record<string, string> = operator.auth) {
    const res = await request(h.app).post('/api/v1/tickets').set(headers).send(ticketBody(overrides));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    made.push(res.body.id);
    return res.body as { id: number; ticketNo: string };
  }

  // These tickets were dispatched in 2014 and are long overdue: cancelled, so that they do not sit
  // in the departments' queues that later tests (and pages) look at.
  after(async () => {
    for (const id of made) await request(h.app).post(`/api/v1/tickets/${id}/cancel`).set(supervisor.auth).send({ reason: 'test ticket' });
  });
  async function dispatch(id: number, departmentCode: string) {
    const res = await request(h.app).post(`/api/v1/tickets/${id}/dispatch`).set(dispatcher.auth).send({ departmentCode });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }
  const list = (query: Record<string, string | number>, auth: Record<string, string> = supervisor.auth) =>
    request(h.app).get('/api/v1/tickets').query(query).set(auth);
  async function idsOf(query: Record<string, string | number>, auth?: Record<string, string>): Promise<number[]> {
    const res = await list(query, auth);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.tickets.map((t: { id: number }) => t.id);
  }

  describe('filters', () => {
    it('when filtering by status (one or a comma list), then only tickets in those statuses come back, newest first', async () => {
      const day = freshWeek();
      const pending = await create();
      minutes(1);
      const dispatched = await create();
      await dispatch(dispatched.id, '310104-ENV');
      minutes(1);
      const accepted = await create();
      await dispatch(accepted.id, '310104-ENV');
      expect((await request(h.app).post(`/api/v1/tickets/${accepted.id}/accept`).set(handler.auth).send({})).status).to.equal(200);

      expect(await idsOf({ ...day })).to.deep.equal([accepted.id, dispatched.id, pending.id]);
      expect(await idsOf({ ...day, status: 'dispatched' })).to.deep.equal([dispatched.id]);
      expect(await idsOf({ ...day, status: 'dispatched,accepted' })).to.deep.equal([accepted.id, dispatched.id]);
    });

    it('when filtering by departmentId, then that department and its sub-units come back', async () => {
      const day = freshWeek();
      const env = await create();
      await dispatch(env.id, '310104-ENV');
      const street = await create();
      await dispatch(street.id, '310104-01');
      const elsewhere = await create();
      await dispatch(elsewhere.id, '310151-ENV');

      expect(await idsOf({ ...day, departmentId: deptId('310104-ENV') })).to.deep.equal([env.id]);
      expect(await idsOf({ ...day, departmentId: deptId('310104') })).to.have.members([env.id, street.id]);
    });

    it('when filtering by line and by channel, then only matching tickets come back', async () => {
      const day = freshWeek();
      const hotline = await create({ line: '12345', channel: 'phone' });
      const env = await create({ line: '12369', channel: 'phone' });
      const wechat = await create({ line: '12345', channel: 'wechat' });

      expect(await idsOf({ ...day, line: '12369' })).to.deep.equal([env.id]);
      expect(await idsOf({ ...day, channel: 'wechat' })).to.deep.equal([wechat.id]);
      expect(await idsOf({ ...day, line: '12345', channel: 'phone' })).to.deep.equal([hotline.id]);
    });

    it('when filtering by overdue, then true lists open tickets past their reply due time and false the rest', async () => {
      const day = freshWeek(); // a Monday
      const late = await create({ type: 'consult' }); // normal consultation: reply due in 1 working day
      await dispatch(late.id, '310104-ENV');
      const notDispatched = await create({ type: 'consult' });
      clock.advance(3 * 86_400_000);
      const fresh = await create({ type: 'consult', description: '三天后新派的工单' });
      minutes(1);
      await dispatch(fresh.id, '310104-ENV');

      const overdue = await list({ ...day, overdue: 'true' });
      expect(overdue.body.tickets.map((t: { id: number }) => t.id)).to.deep.equal([late.id]);
      expect(overdue.body.tickets[0].overdue).to.equal(true);
      expect(await idsOf({ ...day, overdue: 'false' })).to.have.members([notDispatched.id, fresh.id]);
    });

    it('when filtering by from and to, then from is inclusive and to exclusive, as dates (Shanghai) or date-times', async () => {
      const day = freshWeek();
      const morning = await create();
      clock.set(new Date(`${day.from}T15:00:00+08:00`));
      const afternoon = await create();

      expect(await idsOf({ ...day, from: `${day.from}T12:00:00+08:00` })).to.deep.equal([afternoon.id]);
      expect(await idsOf({ from: `${day.from}T09:00:00+08:00`, to: `${day.from}T15:00:00+08:00` })).to.deep.equal([morning.id]);
      expect(await idsOf({ from: `${day.from}T15:00:00.001+08:00`, to: day.to })).to.deep.equal([]);
    });
  });

  describe('search (q)', () => {
    it('when q is a Chinese substring of the description or the exact ticket number, then that ticket is found', async () => {
      const day = freshWeek();
      const wanted = await create({ description: '徐汇区某小区门口的垃圾箱已经三天没人清运，气味很大' });
      const other = await create({ description: '公交站台的雨棚破损漏雨' });

      expect(await idsOf({ ...day, q: '三天没人清运' })).to.deep.equal([wanted.id]);
      expect(await idsOf({ ...day, q: '雨棚' })).to.deep.equal([other.id]);
      expect(await idsOf({ q: wanted.ticketNo })).to.deep.equal([wanted.id]);
    });

    it('when q contains % or _, then they are matched literally, not as wildcards', async () => {
      const day = freshWeek();
      const percent = await create({ description: '商家承诺返现100%却没有兑现' });
      await create({ description: '物业费一年收了1000元，不合理' });
      await create({ description: '充值1_0元没有到账' });

      expect(await idsOf({ ...day, q: '100%' })).to.deep.equal([percent.id]);
      expect(await idsOf({ ...day, q: '1_00' })).to.deep.equal([]);
    });
  });

  describe('who sees what', () => {
    it("when a handler lists, then only their department's subtree appears, never another department's tickets", async () => {
      const day = freshWeek();
      const env = await create();
      await dispatch(env.id, '310104-ENV');
      const street = await create();
      await dispatch(street.id, '310104-01');
      const other = await create();
      await dispatch(other.id, '310151-ENV');
      const districtHandler = await makeUser(h, 'handler', '310104');

      expect(await idsOf({ ...day }, handler.auth)).to.deep.equal([env.id]);
      expect(await idsOf({ ...day }, districtHandler.auth)).to.have.members([env.id, street.id]);
      expect(await idsOf({ ...day, departmentId: deptId('310151-ENV') }, handler.auth)).to.deep.equal([]);
      expect(await idsOf({ q: other.ticketNo }, handler.auth)).to.deep.equal([]);
      expect(await idsOf({ ...day })).to.have.members([env.id, street.id, other.id]);
    });

    it('when a partner system lists, then only the tickets it handed in appear', async () => {
      const day = freshWeek();
      const [mine, theirs] = await Promise.all([makeApiKey(h, 'app'), makeApiKey(h, 'app')]);
      const own = await create({ channel: 'app' }, mine.headers);
      await create({ channel: 'app' }, theirs.headers);
      await create();

      expect(await idsOf({ ...day }, mine.headers)).to.deep.equal([own.id]);
    });

    it('when nobody is logged in, then 401', async () => {
      const res = await request(h.app).get('/api/v1/tickets');
      expect(res.status).to.equal(401);
    });
  });

  describe('pagination', () => {
    it('when walking every page while new tickets arrive between pages, then each ticket appears exactly once, in order', async () => {
      const day = freshWeek();
      const walked: number[] = [];
      for (let i = 0; i < 8; i++) {
        walked.push((await create()).id);
        if (i % 3 !== 1) minutes(1); // some tickets share a created_at: the id breaks the tie
      }
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await list({ ...day, limit: 3, ...(cursor && { cursor }) });
        expect(res.status).to.equal(200);
        seen.push(...res.body.tickets.map((t: { id: number }) => t.id));
        cursor = res.body.nextCursor;
        pages++;
        await create(); // arrives while the caller pages, at the current (latest) clock time
      } while (cursor);

      expect(pages).to.equal(3);
      expect(seen).to.deep.equal([...walked].reverse());
      const fresh = await idsOf({ ...day, limit: 200 });
      expect(fresh).to.have.length(walked.length + pages);
    });
  });

  describe('bad queries', () => {
    it('when values are wrong, then 400 names every bad parameter', async () => {
      const res = await list({
        status: 'dispatched,lost',
        line: '999',
        from: '2014-02-30',
        to: 'yesterday',
        limit: 500,
        cursor: 'not-a-cursor',
        departmentId: 999_999,
        overdue: 'maybe',
        stauts: 'closed',
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const fields = res.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).to.have.members(['status', 'line', 'from', 'to', 'limit', 'cursor', 'departmentId', 'overdue', 'stauts']);
    });

    it('when limit is 0 or to is not after from, then 400 names it', async () => {
      expect((await list({ limit: 0 })).body.error.details[0].field).to.equal('limit');
      const res = await list({ from: '2014-03-05', to: '2014-03-05' });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['to']);
    });
  });

  /**
   * On the few hundred tickets of the test database a sequential scan (or any index plus a sort)
   * is cheapest, so the plans are read on 20,000 generated tickets (bench/ticket-list-plans.ts's
   * generator, seeded) inserted and ANALYZEd inside a transaction that is then rolled back: the
   * planner's own choice on realistic statistics, no enable_* setting. docs/QUERY-PLANS.md has all.
   */
  describe('query plans on 20,000 tickets', () => {
    const plans = new Map<string, string>();

    before(async function () {
      this.timeout(60_000);
      const key = await makeApiKey(h, 'app');
      const rollback = new Error('rolled back on purpose');
      await h.c.db
        .transaction(async (tx) => {
          await generateTickets(tx, 20_000, [key.id]);
          const explain = async (name: string, filter: Partial<TicketListFilter>) => {
            const { sql, bindings } = ticketListQuery(tx, slaSql, { now: clock.now(), limit: 50, ...filter }).toSQL();
            const { rows } = await tx.raw(`explain ${sql}`, bindings);
            plans.set(name, rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
          };
          const busiest = (await tx('tickets').whereNotNull('department_id').groupBy('department_id').orderByRaw('count(*) desc').first('department_id')).department_id;
          await explain('rare text', { q: '路123号' });
          await explain('department queue', { departmentIds: [busiest], statuses: ['closed'] });
          await explain('by due time', { sort: 'due' });
          throw rollback;
        })
        .catch((err) => {
          if (err !== rollback) throw err;
        });
      // ANALYZE's row count outlives a rollback (pg_class is updated in place): count again.
      await h.c.db.raw('vacuum analyze tickets');
    });

    it('when searching a rare phrase, then the trigram index tickets_text_trgm finds it', () => {
      expect(plans.get('rare text')).to.contain('Bitmap Index Scan on tickets_text_trgm');
    });

    it("when a department lists a long queue by status, then tickets_department_status_created yields the page in order, with no sort", () => {
      const text = plans.get('department queue');
      expect(text, text).to.contain('Index Scan using tickets_department_status_created on tickets');
      expect(text).to.not.contain('Sort');
    });

    it('when the centre lists by due time, then tickets_due yields the page in order, with no sort', () => {
      const text = plans.get('by due time');
      expect(text).to.contain('Index Scan using tickets_due on tickets');
      expect(text).to.not.contain('Sort');
    });
  });
});
