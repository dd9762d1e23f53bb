import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';

const COUNT = 250;
/** A week of 2013 no other test uses: listing with from/to set to it sees these tickets only. */
const WEEK = { from: '2013-06-03', to: '2013-06-10' };
const HOUR = 3_600_000;

interface Made {
  id: number;
  createdAt: number;
  /** The running clock's due time; Infinity when none runs. */
  due: number;
  departmentCode: string | null;
}

const newestFirst = (a: Made, b: Made) => b.createdAt - a.createdAt || b.id - a.id;
const dueFirst = (a: Made, b: Made) => (a.due === b.due ? newestFirst(a, b) : a.due - b.due);

/**
 * How a list reads all of its tickets: `total` and cursors. The tickets are written straight into the
 * database (how they got to their status does not matter to a list) and removed afterwards.
 */
describe('ticket list totals and paging to the last ticket (GET /api/v1/tickets)', () => {
  let h: Harness;
  let supervisor: TestUser;
  let handler: TestUser;
  let made: Made[] = [];

  before(async () => {
    h = await harness();
    [supervisor, handler] = await Promise.all([makeUser(h, 'supervisor'), makeUser(h, 'handler', '310104-ENV')]);
    const start = shanghaiTime(WEEK.from, 9, 0).getTime();
    const specs = Array.from({ length: COUNT }, (_, i) => {
      // Most run a clock, so that page boundaries fall among tickets due at the same moment.
      const status = ['dispatched', 'accepted', 'pending_dispatch', 'accepted', 'closed', 'dispatched', 'returned'][i % 7];
      return {
        status,
        // Every third ticket shares its creation time with the one before, and due times repeat: ties the id breaks.
        createdAt: new Date(start + (i - (i % 3 === 1 ? 1 : 0)) * 60_000),
        departmentCode: status === 'pending_dispatch' ? null : i % 2 ? '310104-ENV' : '310115-ENV',
        acceptDueAt: new Date(start + 24 * HOUR + (i % 7) * HOUR),
        replyDueAt: new Date(start + 48 * HOUR - (i % 11) * HOUR),
      };
    });
    const ids: { id: number }[] = await h.c
      .db('tickets')
      .insert(
        specs.map((t, i) => ({
          ticket_no: `20130603-${7_000_000 + i}`,
          line: '12345',
          channel: 'phone',
          type: 'complaint',
          urgency: 'normal',
          status: t.status,
          description: `分页测试工单 ${i}`,
          created_at: t.createdAt,
          updated_at: t.createdAt,
          // Closed and returned tickets keep the due times they had: only a running clock counts.
          ...(t.departmentCode !== null && {
            department_id: h.c.directory.getByCode(t.departmentCode)!.id,
            dispatched_at: t.createdAt,
            accept_due_at: t.acceptDueAt,
            reply_due_at: t.replyDueAt,
          }),
        })),
      )
      .returning('id');
    made = specs.map((t, i) => ({
      id: Number(ids[i].id),
      createdAt: t.createdAt.getTime(),
      due: t.status === 'dispatched' ? t.acceptDueAt.getTime() : t.status === 'accepted' ? t.replyDueAt.getTime() : Infinity,
      departmentCode: t.departmentCode,
    }));
  });

  after(async () => {
    await h.c.db('tickets').whereIn('id', made.map((m) => m.id)).delete();
  });

  /** Follows nextCursor to the end; each page's ids and total. */
  async function walk(query: Record<string, string | number>, auth = supervisor.auth) {
    const pages: { ids: number[]; total: number }[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(h.app)
        .get('/api/v1/tickets')
        .query({ ...WEEK, limit: 100, ...query, ...(cursor === null ? {} : { cursor }) })
        .set(auth);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      pages.push({ ids: res.body.tickets.map((t: { id: number }) => t.id), total: res.body.total });
      cursor = res.body.nextCursor;
    } while (cursor && pages.length <= COUNT);
    return pages;
  }

  it(`when ${COUNT} tickets match and are read 100 at a time, newest first, then every page says total ${COUNT} and each ticket comes once, the oldest last`, async () => {
    const pages = await walk({});
    expect(pages.map((p) => p.ids.length)).to.deep.equal([100, 100, 50]);
    expect(pages.map((p) => p.total)).to.deep.equal([COUNT, COUNT, COUNT]);
    const seen = pages.flatMap((p) => p.ids);
    expect(new Set(seen).size).to.equal(COUNT);
    expect(seen).to.deep.equal([...made].sort(newestFirst).map((m) => m.id));
    expect(seen[COUNT - 1]).to.equal(made[0].id);
  });

  it(`when the same tickets are read by due time, then the running clocks come soonest first, the rest newest first, each once, total ${COUNT} on every page`, async () => {
    const pages = await walk({ sort: 'due' });
    expect(pages.map((p) => p.ids.length)).to.deep.equal([100, 100, 50]);
    expect(pages.map((p) => p.total)).to.deep.equal([COUNT, COUNT, COUNT]);
    const expected = [...made].sort(dueFirst).map((m) => m.id);
    expect(pages.flatMap((p) => p.ids)).to.deep.equal(expected);
    // 7 at a time, pages end inside groups of tickets due at the same moment, over and over.
    expect((await walk({ sort: 'due', limit: 7 })).flatMap((p) => p.ids)).to.deep.equal(expected);
  });

  it("when a handler pages with either sort, then total counts only its department's tickets and the pages hold exactly them", async () => {
    const own = made.filter((m) => m.departmentCode === '310104-ENV');
    for (const [sort, order] of [['created', newestFirst], ['due', dueFirst]] as const) {
      const pages = await walk({ sort, limit: 40 }, handler.auth);
      expect(pages.every((p) => p.total === own.length), sort).to.equal(true);
      expect(pages.flatMap((p) => p.ids), sort).to.deep.equal([...own].sort(order).map((m) => m.id));
    }
  });

  it('when a filter narrows the list, then total is the count of that filter', async () => {
    const res = await request(h.app).get('/api/v1/tickets').query({ ...WEEK, status: 'dispatched,accepted', sort: 'due', limit: 5 }).set(supervisor.auth);
    expect(res.body.total).to.equal(made.filter((m) => m.due !== Infinity).length);
    expect(res.body.tickets.map((t: { id: number }) => t.id)).to.deep.equal([...made].sort(dueFirst).slice(0, 5).map((m) => m.id));
  });

  it("when a cursor of one sort is sent with the other, or sort is unknown, then 400 names the parameter", async () => {
    const first = await request(h.app).get('/api/v1/tickets').query({ ...WEEK, limit: 10 }).set(supervisor.auth);
    const mixed = await request(h.app).get('/api/v1/tickets').query({ ...WEEK, sort: 'due', cursor: first.body.nextCursor }).set(supervisor.auth);
    expect(mixed.status).to.equal(400);
    expect(mixed.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['cursor']);
    const unknown = await request(h.app).get('/api/v1/tickets').query({ sort: 'oldest' }).set(supervisor.auth);
    expect(unknown.status).to.equal(400);
    expect(unknown.body.error.details.map((p: { field: string }) => p.field)).to.deep.equal(['sort']);
  });

  it('when a client reads the OpenAPI document, then GET /tickets declares sort next to cursor and limit', async () => {
    const doc = (await request(h.app).get('/api/openapi.json')).body;
    const names = doc.paths['/tickets'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).to.include.members(['sort', 'cursor', 'limit', 'status']);
  });
});
