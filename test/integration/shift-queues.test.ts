import { expect } from 'chai';
import request from 'supertest';
import { shanghaiTime } from '../../src/shared/shanghai-time';
import { makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';

const HOUR = 3_600_000;

interface ListedTicket {
  id: number;
  status: string;
  emergency: string | null;
  atRisk: boolean;
  overdue: boolean;
  clock: { kind: string; state: string } | null;
}

/**
 * The queues of a real shift (issue 13): the pool at volume with its emergencies first, both
 * clocks filtered and sorted, the marker and dimension filters. Tickets are written straight into
 * the database in months of 2012 no other test uses, and listed with from/to set to them.
 */
describe('a shift at volume: pool order, both clocks, queue filters (GET /api/v1/tickets)', () => {
  let h: Harness;
  let supervisor: TestUser;
  let dispatcher: TestUser;

  async function removeMine(): Promise<void> {
    const mine = h.c.db('tickets').where('ticket_no', 'like', '20120101-8%').orWhere('ticket_no', 'like', '20110101-8%').select('id');
    await h.c.db('surveys').whereIn('ticket_id', mine).delete();
    await h.c.db('partner_deliveries').whereIn('ticket_id', mine).delete();
    await h.c.db('tickets').where('ticket_no', 'like', '20120101-8%').orWhere('ticket_no', 'like', '20110101-8%').delete();
  }

  before(async () => {
    h = await harness();
    [supervisor, dispatcher] = await Promise.all([makeUser(h, 'supervisor'), makeUser(h, 'dispatcher')]);
    await removeMine();
  });

  after(async () => {
    await removeMine();
    // Ten thousand rows came and went: the table gives their space back (a full vacuum rewrites it),
    // so that later tests read query plans off the size and statistics the table would have had.
    await h.c.db.raw('vacuum full analyze tickets');
  });

  let seq = 0;
  function row(createdAt: Date, extra: Record<string, unknown> = {}) {
    seq += 1;
    return {
      ticket_no: `20120101-${8_000_000 + seq}`,
      line: '12345',
      channel: 'phone',
      type: 'complaint',
      urgency: 'normal',
      status: 'pending_dispatch',
      description: `班次测试工单 ${seq}`,
      created_at: createdAt,
      updated_at: createdAt,
      ...extra,
    };
  }

  async function insert(rows: Record<string, unknown>[]): Promise<number[]> {
    const ids: { id: number }[] = await h.c.db('tickets').insert(rows).returning('id');
    return ids.map((r) => Number(r.id));
  }

  async function readAll(user: TestUser, query: Record<string, string>): Promise<{ tickets: ListedTicket[]; totals: number[] }> {
    const tickets: ListedTicket[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(h.app)
        .get('/api/v1/tickets')
        .query({ ...query, limit: '40', ...(cursor ? { cursor } : {}) })
        .set(user.auth)
        .expect(200);
      tickets.push(...res.body.tickets);
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
    } while (cursor);
    return { tickets, totals };
  }

  describe('the manual pool at volume', () => {
    const month = { from: '2012-03-01', to: '2012-04-01' };
    let ids: number[] = [];
    const emergencyAt = [200, 37];

    before(async () => {
      const start = shanghaiTime('2012-03-05', 8, 0).getTime();
      ids = await insert(
        Array.from({ length: 250 }, (_, i) =>
          row(new Date(start + i * 5 * 60_000), {
            status: i % 10 === 9 ? 'returned' : 'pending_dispatch',
            ...(emergencyAt.includes(i) && { emergency_kind: i === 37 ? 'traffic_injury' : 'gas' }),
          }),
        ),
      );
    });

    it('when 250 tickets wait in the pool, two flagged as possible emergencies, then sort=pool says 250 on every page, lists the emergencies first (the oldest first), then the longest waiting, and the cursor reaches every one', async () => {
      const { tickets, totals } = await readAll(dispatcher, { ...month, status: 'pending_dispatch,returned', sort: 'pool' });
      expect(totals.every((t) => t === 250)).to.equal(true);
      expect(tickets).to.have.length(250);
      expect(new Set(tickets.map((t) => t.id)).size).to.equal(250);
      expect(tickets.slice(0, 2).map((t) => [t.id, t.emergency])).to.deep.equal([
        [ids[37], 'traffic_injury'],
        [ids[200], 'gas'],
      ]);
      const rest = ids.filter((_, i) => !emergencyAt.includes(i));
      expect(tickets.slice(2).map((t) => t.id)).to.deep.equal(rest);
    });

    it('when the pool is filtered by emergency=true, then exactly the two flagged tickets are listed and counted', async () => {
      const res = await request(h.app).get('/api/v1/tickets').query({ ...month, emergency: 'true' }).set(dispatcher.auth).expect(200);
      expect(res.body.total).to.equal(2);
      expect(res.body.tickets.map((t: ListedTicket) => t.id).sort()).to.deep.equal([ids[37], ids[200]].sort());
    });

    it('when a sort=pool cursor is used with sort=created, then the answer is a 400 naming the cursor', async () => {
      const first = await request(h.app).get('/api/v1/tickets').query({ ...month, sort: 'pool', limit: '5' }).set(dispatcher.auth).expect(200);
      const res = await request(h.app).get('/api/v1/tickets').query({ ...month, cursor: first.body.nextCursor }).set(dispatcher.auth).expect(400);
      expect(res.body.error.details.map(({ field, message }: { field: string; message: string }) => ({ field, message }))).to.deep.include({ field: 'cursor', message: 'was given out for another sort' });
    });
  });

  it('when more than 10,000 tickets match, then the total says 10,000 and that it is capped, and the cursor still walks on', async () => {
    const start = shanghaiTime('2011-04-04', 8, 0).getTime();
    const rows = Array.from({ length: 10_050 }, (_, i) => ({ ...row(new Date(start + i * 1000)), ticket_no: `20110101-${8_000_000 + i}` }));
    for (let i = 0; i < rows.length; i += 2000) await insert(rows.slice(i, i + 2000));
    const first = await request(h.app).get('/api/v1/tickets').query({ from: '2011-04-01', to: '2011-05-01', limit: '200' }).set(supervisor.auth).expect(200);
    expect(first.body).to.deep.include({ total: 10_000, totalCapped: true });
    const next = await request(h.app).get('/api/v1/tickets').query({ from: '2011-04-01', to: '2011-05-01', limit: '200', cursor: first.body.nextCursor }).set(supervisor.auth).expect(200);
    expect(next.body.tickets).to.have.length(200);
    // Ten minutes of them, one a second: counted exactly.
    const few = await request(h.app).get('/api/v1/tickets').query({ from: '2011-04-04T08:00:00+08:00', to: '2011-04-04T08:10:00+08:00', limit: '1' }).set(supervisor.auth).expect(200);
    expect(few.body).to.deep.include({ total: 600, totalCapped: false });
  });

  describe('both clocks', () => {
    const month = { from: '2012-05-01', to: '2012-06-01' };
    const made: Record<string, number> = {};

    before(async () => {
      const now = Date.now();
      const created = shanghaiTime('2012-05-07', 9, 0);
      const dept = h.c.directory.getByCode('310104-ENV')!.id;
      const clocked = (status: string, accept: number, reply: number, dispatchedAt = created) =>
        row(created, { status, department_id: dept, dispatched_at: dispatchedAt, accept_due_at: new Date(accept), reply_due_at: new Date(reply) });
      const far = now + 400 * 24 * HOUR;
      const specs: Record<string, Record<string, unknown>> = {
        acceptOverdue: clocked('dispatched', now - 1 * HOUR, far),
        replyOverdue: clocked('accepted', now - 10 * HOUR, now - 2 * HOUR),
        acceptAtRisk: clocked('dispatched', now + 1 * HOUR, far),
        replyAtRisk: clocked('accepted', now - 10 * HOUR, now + 2 * HOUR),
        // Accept time passed long ago, but it was accepted: only the reply clock runs, and it is fine.
        acceptedFine: clocked('accepted', now - 30 * HOUR, now + 10 * HOUR, new Date(now - HOUR)),
        pool: row(created),
      };
      const ids = await insert(Object.values(specs));
      Object.keys(specs).forEach((k, i) => (made[k] = ids[i]));
    });

    it('when tickets are past or near either clock, then overdue=true and atRisk=true list them whichever clock runs, and each read says so', async () => {
      const overdue = await readAll(supervisor, { ...month, overdue: 'true' });
      expect(overdue.tickets.map((t) => t.id).sort()).to.deep.equal([made.acceptOverdue, made.replyOverdue].sort());
      expect(overdue.tickets.every((t) => t.overdue && !t.atRisk && t.clock?.state === 'overdue')).to.equal(true);
      const atRisk = await readAll(supervisor, { ...month, atRisk: 'true' });
      expect(atRisk.tickets.map((t) => t.id).sort()).to.deep.equal([made.acceptAtRisk, made.replyAtRisk].sort());
      expect(atRisk.tickets.every((t) => t.atRisk && !t.overdue)).to.equal(true);
      const onTime = await readAll(supervisor, { ...month, overdue: 'false' });
      expect(onTime.tickets.map((t) => t.id).sort()).to.deep.equal([made.acceptAtRisk, made.replyAtRisk, made.acceptedFine, made.pool].sort());
    });

    it('when filtered by clock, then accept lists the dispatched and reply the accepted, and overdue narrows each to its own late ones', async () => {
      const accept = await readAll(supervisor, { ...month, clock: 'accept', overdue: 'true' });
      expect(accept.tickets.map((t) => t.id)).to.deep.equal([made.acceptOverdue]);
      const reply = await readAll(supervisor, { ...month, clock: 'reply' });
      expect(reply.tickets.map((t) => t.id).sort()).to.deep.equal([made.replyOverdue, made.replyAtRisk, made.acceptedFine].sort());
      // Both clocks: the work in hand, whichever runs (the workbench's queue), and nothing else.
      const both = await readAll(supervisor, { ...month, clock: 'accept,reply' });
      expect(both.totals.every((n) => n === 5)).to.equal(true);
      expect(both.tickets.map((t) => t.id).sort()).to.deep.equal([made.acceptOverdue, made.acceptAtRisk, made.replyOverdue, made.replyAtRisk, made.acceptedFine].sort());
      const bad = await request(h.app).get('/api/v1/tickets').query({ ...month, clock: 'accept,return' }).set(supervisor.auth).expect(400);
      expect(bad.body.error.details.map((d: { field: string }) => d.field)).to.deep.equal(['clock']);
    });

    it('when sorted by due, then the running clocks of both kinds interleave by due time, most overdue first, and tickets with no clock come last', async () => {
      const { tickets } = await readAll(supervisor, { ...month, sort: 'due' });
      expect(tickets.map((t) => t.id)).to.deep.equal([made.replyOverdue, made.acceptOverdue, made.acceptAtRisk, made.replyAtRisk, made.acceptedFine, made.pool]);
    });

    it('when a handler of the department lists its overdue tickets, then both clocks are counted in the total', async () => {
      const handler = await makeUser(h, 'handler', '310104-ENV');
      const res = await request(h.app).get('/api/v1/tickets').query({ ...month, overdue: 'true' }).set(handler.auth).expect(200);
      expect(res.body.total).to.equal(2);
    });
  });

  describe('marker and dimension filters', () => {
    const month = { from: '2012-07-01', to: '2012-08-01' };
    const made: Record<string, number> = {};

    before(async () => {
      const at = (day: number) => shanghaiTime(`2012-07-${String(day).padStart(2, '0')}`, 10, 0);
      const dept = h.c.directory.getByCode('310104-ENV')!.id;
      const noise = h.c.catalog.list().find((c) => c.code.includes('.') && h.c.catalog.isLeaf(c))!;
      const district = h.c.directory.district('310115')!.id;
      const specs: Record<string, Record<string, unknown>> = {
        plain: row(at(2)),
        extension: row(at(3), { status: 'accepted', department_id: dept, pending_extension_days: 3, pending_extension_reason: '需检测' }),
        reopened: row(at(4), { status: 'dispatched', department_id: dept, reopened_at: at(20) }),
        escalated: row(at(5), { status: 'closed', department_id: dept }),
        deliveryFailed: row(at(6), { status: 'transferred_110' }),
        categorised: row(at(7), { category_id: noise.id }),
        pudong: row(at(8), { district_id: district }),
        critical: row(at(9), { urgency: 'critical', type: 'help' }),
      };
      const ids = await insert(Object.values(specs));
      Object.keys(specs).forEach((k, i) => (made[k] = ids[i]));
      await h.c.db('surveys').insert({
        ticket_id: made.escalated,
        replied_ticket_id: made.escalated,
        department_id: dept,
        replied_at: at(5),
        outcome: 'dissatisfied',
        completed_at: at(6),
        escalated: true,
        created_at: at(5),
      });
      await h.c.db('partner_deliveries').insert({
        partner: '110',
        ticket_id: made.deliveryFailed,
        kind: 'emergency',
        payload: {},
        status: 'dead',
        attempts: 8,
        last_error: 'no endpoint configured for partner 110',
        next_attempt_at: at(6),
        created_at: at(6),
        updated_at: at(6),
        dead_at: at(6),
      });
      (made as Record<string, unknown>).categoryParent = noise.code.split('.')[0];
    });

    const only = async (query: Record<string, string>) => {
      const res = await request(h.app).get('/api/v1/tickets').query({ ...month, ...query }).set(supervisor.auth).expect(200);
      expect(res.body.total).to.equal(res.body.tickets.length);
      return res.body.tickets.map((t: ListedTicket) => t.id);
    };

    it('when each marker filter is asked for, then only its ticket is listed', async () => {
      expect(await only({ pendingExtension: 'true' })).to.deep.equal([made.extension]);
      expect(await only({ reopened: 'true' })).to.deep.equal([made.reopened]);
      expect(await only({ escalated: 'true' })).to.deep.equal([made.escalated]);
      expect(await only({ deliveryFailed: 'true' })).to.deep.equal([made.deliveryFailed]);
    });

    it('when filtered by a parent category, a district, a type or an urgency, then only the matching tickets are listed', async () => {
      expect(await only({ categoryCode: String((made as Record<string, unknown>).categoryParent) })).to.deep.equal([made.categorised]);
      expect(await only({ districtCode: '310115' })).to.deep.equal([made.pudong]);
      expect(await only({ type: 'help' })).to.deep.equal([made.critical]);
      expect(await only({ urgency: 'critical,urgent' })).to.deep.equal([made.critical]);
    });

    it('when the new filters are given bad values, then a 400 names every one of them', async () => {
      const res = await request(h.app)
        .get('/api/v1/tickets')
        .query({ emergency: 'yes', clock: 'lunch', categoryCode: 'NO.SUCH', districtCode: '999999', type: 'gossip', atRisk: 'false' })
        .set(supervisor.auth)
        .expect(400);
      const fields = res.body.error.details.map((d: { field: string }) => d.field).sort();
      expect(fields).to.deep.equal(['atRisk', 'categoryCode', 'clock', 'districtCode', 'emergency', 'type']);
    });
  });
});
