import { expect } from 'chai';
import request from 'supertest';
import { roles, type Role } from '../../src/shared/principal';
import { allowsFrom, httpActions, transitions } from '../../src/modules/tickets';
import { ticketStatuses } from '../../src/modules/tickets';
import { makeApiKey, makeUser, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, validBodies, type Cast } from '../support/lifecycle';

describe('ticket lifecycle (SPEC section 5)', () => {
  let h: Harness;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;

  before(async () => {
    h = await harness();
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  const version = async (id: number) => (await h.c.db('tickets').where({ id }).first()).version as number;
  const timeline = async (id: number) =>
    (await request(h.app).get(`/api/v1/tickets/${id}`).set(cast.supervisor.auth)).body.timeline.map((e: { action: string; toStatus: string }) => `${e.action}:${e.toStatus}`);

  it('when a ticket goes the whole way, then each step answers with the updated ticket and is on the timeline in order', async () => {
    const t = await d.create();
    const dispatched = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    expect(dispatched).to.include({ status: 'dispatched' });
    expect(dispatched.department).to.include({ code: '310104-ENV' });
    expect(dispatched.acceptDueAt).to.be.a('string');
    expect((await d.act(cast.handler, t.id, 'accept')).body.status).to.equal('accepted');
    const replied = (await d.act(cast.handler, t.id, 'reply')).body;
    expect(replied.status).to.equal('replied');
    expect(replied.repliedAt).to.be.a('string');
    const closed = (await d.act(cast.operator, t.id, 'survey')).body;
    expect(closed.status).to.equal('closed');
    expect(await timeline(t.id)).to.deep.equal(['create:pending_dispatch', 'dispatch:dispatched', 'accept:accepted', 'reply:replied', 'survey:closed']);
    const read = (await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.supervisor.auth)).body;
    expect(read.timeline.map((e: { actor: { role: string } }) => e.actor.role)).to.deep.equal(['operator', 'dispatcher', 'handler', 'handler', 'operator']);
    expect(read).to.include({ replyResult: '已责令工地停止夜间施工', replyOutcome: 'resolved' });
  });

  describe('every action that the table does not allow from a status', () => {
    let districtHandler: Promise<TestUser> | undefined;
    const district = () => (districtHandler ??= makeUser(h, 'handler', '310104'));
    for (const status of ticketStatuses) {
      const refused = httpActions.filter((a) => !allowsFrom(a, status));
      it(`when a ticket is ${status}, then ${refused.join(', ')} each answer 409 INVALID_TRANSITION and change nothing`, async () => {
        const t = await d.ticketIn(status);
        const before = await version(t.id);
        const row = await h.c.db('tickets').where({ id: t.id }).first();
        for (const action of refused) {
          const by = transitions[action].by.find((a) => (roles as readonly string[]).includes(a)) as Role;
          // Recalling is for the department above the one holding the ticket (310104-ENV's district).
          const user = by !== 'handler' ? cast[by] : action === 'recall' ? await district() : cast.handler;
          const body = action === 'merge' ? { parentId: (await d.create()).id } : validBodies[action];
          const res = await d.act(user, t.id, action, body);
          // A handler cannot see a ticket that was never sent to its department: 404, not 409.
          const expected = by === 'handler' && row.department_id === null ? 404 : 409;
          expect(res.status, `${action} from ${status}: ${JSON.stringify(res.body)}`).to.equal(expected);
          if (expected === 409) expect(res.body.error.code).to.equal('INVALID_TRANSITION');
        }
        expect(await version(t.id)).to.equal(before);
      });
    }
  });

  describe('who may take each action', () => {
    for (const action of httpActions) {
      const allowed = transitions[action].by as readonly string[];
      const refusedRoles = roles.filter((r) => !allowed.includes(r));
      it(`when ${refusedRoles.join(', ')} or a partner key try to ${action}, then 403 and nothing changes`, async () => {
        const t = await d.ticketIn(transitions[action].from[0]);
        const before = await version(t.id);
        const key = await makeApiKey(h, 'app');
        const users = refusedRoles.map((r) => (r === 'handler' ? cast.handler : cast[r]));
        for (const user of [...users, { headers: key.headers }]) {
          const res = await d.act(user, t.id, action);
          expect(res.status, `${action}`).to.equal(403);
        }
        expect(await version(t.id)).to.equal(before);
      });
    }
  });

  describe('department scoping', () => {
    it("when a handler of another department reads or acts on a ticket, then 404 as if it did not exist", async () => {
      const t = await d.ticketIn('dispatched');
      expect((await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.otherHandler.auth)).status).to.equal(404);
      const res = await d.act(cast.otherHandler, t.id, 'accept');
      expect(res.status).to.equal(404);
      expect((await h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('dispatched');
    });

    it("when the district's handler reads a ticket passed down to one of its streets, then it sees it", async () => {
      const district = await makeUser(h, 'handler', '310104');
      const street = await makeUser(h, 'handler', '310104-01');
      const t = await d.create();
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310104' }));
      const passed = await d.expectOk(await d.act(district, t.id, 'pass-down', { departmentCode: '310104-01' }));
      expect(passed.department.code).to.equal('310104-01');
      expect(passed.status).to.equal('dispatched');
      expect((await request(h.app).get(`/api/v1/tickets/${t.id}`).set(district.auth)).status).to.equal(200);
      expect((await d.act(street, t.id, 'accept')).status).to.equal(200);
    });

    it('when a district passes a ticket sideways or to itself, then 400 naming departmentCode; a department with no sub-units (passing upwards) gets 409 NO_SUB_UNITS', async () => {
      const district = await makeUser(h, 'handler', '310104');
      const t = await d.create();
      await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310104' }));
      for (const code of ['310115-ENV', '310115', '310104']) {
        const res = await d.act(district, t.id, 'pass-down', { departmentCode: code });
        expect(res.status, code).to.equal(400);
        expect(res.body.error.details[0].field).to.equal('departmentCode');
      }
      const leaf = await d.ticketIn('accepted'); // held by 310104-ENV, which has no sub-units
      const upwards = await d.act(cast.handler, leaf.id, 'pass-down', { departmentCode: '310104' });
      expect(upwards.status).to.equal(409);
      expect(upwards.body.error.code).to.equal('NO_SUB_UNITS');
    });

    it('when a ticket is dispatched to the centre itself or to an unknown code, then 400', async () => {
      const t = await d.ticketIn('pending_dispatch');
      for (const code of ['HOTLINE', 'EXT-110', 'NOPE']) expect((await d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: code })).status).to.equal(400);
    });
  });

  describe('citizen phone numbers', () => {
    it('when a handler reads a ticket, then the phone is masked; reveal-phone shows it and writes an audit record', async () => {
      const t = await d.ticketIn('dispatched');
      const read = await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.handler.auth);
      expect(read.body.citizen.phone).to.equal('138****5678');
      const reveal = await request(h.app).post(`/api/v1/tickets/${t.id}/reveal-phone`).set(cast.handler.auth).send({ reason: '需联系市民核实地址' });
      expect(reveal.status).to.equal(200);
      expect(reveal.body).to.deep.equal({ phone: '13812345678' });
      const audit = await h.c.db('audit_log').where({ ticket_id: t.id, action: 'reveal-phone' });
      expect(audit).to.have.length(1);
      expect(audit[0]).to.include({ actor_user_id: cast.handler.id });
      expect(audit[0].detail).to.deep.equal({ reason: '需联系市民核实地址' });
    });

    it('when reveal-phone has no reason or comes from another department, then 400 / 404 and nothing is audited', async () => {
      const t = await d.ticketIn('dispatched');
      expect((await request(h.app).post(`/api/v1/tickets/${t.id}/reveal-phone`).set(cast.handler.auth).send({})).status).to.equal(400);
      expect((await request(h.app).post(`/api/v1/tickets/${t.id}/reveal-phone`).set(cast.otherHandler.auth).send({ reason: 'x' })).status).to.equal(404);
      expect(await h.c.db('audit_log').where({ ticket_id: t.id })).to.have.length(0);
    });
  });

  describe('concurrency', () => {
    it('when two handlers accept the same ticket at the same moment, then exactly one wins and the other gets 409', async () => {
      const colleague = await makeUser(h, 'handler', '310104-ENV');
      for (let round = 0; round < 5; round++) {
        const t = await d.ticketIn('dispatched');
        const results = await Promise.all([d.act(cast.handler, t.id, 'accept'), d.act(colleague, t.id, 'accept')]);
        expect(results.map((r) => r.status).sort()).to.deep.equal([200, 409]);
        const events = await h.c.db('ticket_events').where({ ticket_id: t.id, action: 'accept' });
        expect(events).to.have.length(1);
      }
    });

    it('when a dispatcher merges while a supervisor cancels, then one of them wins and the ticket is in exactly that state', async () => {
      const t = await d.ticketIn('pending_dispatch');
      const parent = await d.create();
      const [merge, cancel] = await Promise.all([
        d.act(cast.dispatcher, t.id, 'merge', { parentId: parent.id }),
        d.act(cast.supervisor, t.id, 'cancel'),
      ]);
      expect([merge.status, cancel.status].sort()).to.deep.equal([200, 409]);
      const row = await h.c.db('tickets').where({ id: t.id }).first();
      expect(row.status).to.equal(merge.status === 200 ? 'merged' : 'cancelled');
    });
  });

  describe('returns, re-dispatch, reopen', () => {
    it('when a handler returns a ticket with a reason, then a dispatcher can send it elsewhere and the new department gets fresh clocks', async () => {
      const t = await d.ticketIn('dispatched');
      const returned = await d.expectOk(await d.act(cast.handler, t.id, 'return'));
      expect(returned.status).to.equal('returned');
      const moved = await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310115-ENV' }));
      expect(moved.department.code).to.equal('310115-ENV');
      expect(new Date(moved.dispatchedAt).getTime()).to.be.greaterThan(new Date(returned.dispatchedAt).getTime() - 1);
      expect((await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.otherHandler.auth)).status).to.equal(200);
      expect((await request(h.app).get(`/api/v1/tickets/${t.id}`).set(cast.handler.auth)).status).to.equal(404);
    });

    it('when a return has no reason, then 400 naming reason', async () => {
      const t = await d.ticketIn('dispatched');
      const res = await d.act(cast.handler, t.id, 'return', {});
      expect(res.status).to.equal(400);
      expect(res.body.error.details[0].field).to.equal('reason');
    });

    it('when a supervisor reopens a closed ticket, then it is dispatched to the same department again', async () => {
      const t = await d.ticketIn('closed');
      const reopened = await d.expectOk(await d.act(cast.supervisor, t.id, 'reopen'));
      expect(reopened).to.include({ status: 'dispatched', closedAt: null, repliedAt: null });
      expect(reopened.department.code).to.equal('310104-ENV');
    });

    it('when a supervisor urges an open ticket, then the status is unchanged and the urge is on the timeline', async () => {
      const t = await d.ticketIn('accepted');
      const urged = await d.expectOk(await d.act(cast.supervisor, t.id, 'urge'));
      expect(urged.status).to.equal('accepted');
      expect((await timeline(t.id)).pop()).to.equal('urge:accepted');
    });
  });

  describe('merging duplicates', () => {
    it('when a ticket is merged into an open parent, then it follows the parent', async () => {
      const parent = await d.ticketIn('dispatched');
      const child = await d.ticketIn('pending_dispatch');
      const merged = await d.expectOk(await d.act(cast.dispatcher, child.id, 'merge', { parentId: parent.ticketNo }));
      expect(merged.status).to.equal('merged');
      expect((await h.c.db('tickets').where({ id: child.id }).first()).parent_ticket_id).to.equal(parent.id);
    });

    it('when the parent is closed or is the ticket itself, then the merge is refused', async () => {
      const closed = await d.ticketIn('closed');
      const t = await d.ticketIn('pending_dispatch');
      const intoClosed = await d.act(cast.dispatcher, t.id, 'merge', { parentId: closed.id });
      expect(intoClosed.status).to.equal(409);
      expect(intoClosed.body.error.code).to.equal('INVALID_MERGE_TARGET');
      expect((await d.act(cast.dispatcher, t.id, 'merge', { parentId: t.id })).status).to.equal(400);
      expect((await d.act(cast.dispatcher, t.id, 'merge', { parentId: 999999999 })).status).to.equal(400);
    });
  });

  it('then the timeline cannot be edited, even directly in the database', async () => {
    const t = await d.create();
    let error: Error | null = null;
    try {
      await h.c.db('ticket_events').where({ ticket_id: t.id }).update({ note: 'rewritten' });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.contain('append-only');
  });
});
