import { expect } from 'chai';
import request from 'supertest';
import { httpActions } from '../../src/modules/tickets';
import { makeApiKey, makeUser, ticketBody, type TestUser } from '../support/factories';
import { harness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, validBodies, type Cast } from '../support/lifecycle';

const everyAction = [...httpActions, 'reveal-phone'];

/** A ticket in some state; `department` holds it (null: no department yet, handlers cannot see it). */
interface Scenario {
  name: string;
  department: string | null;
  make(): Promise<number>;
  /** What anyone at all may do with it: every role's allowedActions together. */
  anyone: string[];
}

describe('what a caller may do with a ticket (allowedActions, SPEC section 5)', () => {
  let h: Harness;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;
  const handlers = new Map<string, Promise<TestUser>>();
  const handlerOf = (code: string) => handlers.get(code) ?? handlers.set(code, makeUser(h, 'handler', code)).get(code)!;

  before(async () => {
    h = await harness();
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
  });

  const read = (user: TestUser, id: number) => request(h.app).get(`/api/v1/tickets/${id}`).set(user.auth);
  const row = async (id: number) => h.c.db('tickets').where({ id }).first();
  const ok = async (res: Promise<request.Response>) => (await d.expectOk(await res)).id as number;
  const bodyFor = (action: string, mergeInto: number) =>
    action === 'merge' ? { parentId: mergeInto } : action === 'reveal-phone' ? { reason: '核实地址' } : validBodies[action];

  async function accepted(overrides: Record<string, unknown> = {}): Promise<number> {
    const id = (await d.create(overrides)).id as number;
    await ok(d.act(cast.dispatcher, id, 'dispatch'));
    await ok(d.act(cast.handler, id, 'accept'));
    return id;
  }
  const inStatus = (status: string) => async () => (await d.ticketIn(status)).id as number;
  const withRow = (make: () => Promise<number>, set: (db: Harness['c']['db']) => Record<string, unknown>) => async () => {
    const id = await make();
    await h.c.db('tickets').where({ id }).update(set(h.c.db));
    return id;
  };

  // A citizen's later call and another caller joining are offered to operators on every open ticket (issue 14).
  const open = ['merge', 'urge', 'cancel', 'follow-up', 'attach-caller', 'reveal-phone'];
  const scenarios: Scenario[] = [
    { name: 'answered', department: null, make: inStatus('answered'), anyone: ['reveal-phone'] },
    { name: 'pending_dispatch', department: null, make: inStatus('pending_dispatch'), anyone: ['dispatch', 'transfer-110', ...open] },
    {
      name: 'pending_dispatch, no phone given',
      department: null,
      make: async () => (await d.create({ citizen: { name: '李女士' } })).id,
      anyone: ['dispatch', 'transfer-110', 'merge', 'urge', 'cancel', 'follow-up', 'attach-caller'],
    },
    // 310104-ENV has no sub-units: nobody to pass down to.
    { name: 'dispatched', department: '310104-ENV', make: inStatus('dispatched'), anyone: ['accept', 'return', ...open] },
    {
      name: 'dispatched to the district itself',
      department: '310104',
      make: async () => ok(d.act(cast.dispatcher, (await d.create()).id, 'dispatch', { departmentCode: '310104' })),
      anyone: ['accept', 'return', 'pass-down', ...open],
    },
    {
      name: 'dispatched, return window closed',
      department: '310104-ENV',
      make: withRow(inStatus('dispatched'), () => ({ return_due_at: new Date(Date.now() - 60_000) })),
      anyone: ['accept', ...open],
    },
    { name: 'accepted', department: '310104-ENV', make: () => accepted(), anyone: ['return', 'extension', 'reply', ...open] },
    {
      name: "accepted, a citizen's withdraw request waiting",
      department: '310104-ENV',
      make: async () => ok(d.act(cast.operator, await accepted(), 'follow-up', { kind: 'withdraw_request', note: '市民申请撤单' })),
      anyone: ['return', 'extension', 'reply', 'dismiss-withdrawal', ...open],
    },
    {
      name: 'accepted, extension pending',
      department: '310104-ENV',
      make: async () => ok(d.act(cast.handler, await accepted(), 'extension')),
      anyone: ['return', 'extension/decision', 'reply', ...open],
    },
    {
      name: 'accepted, every extension day granted',
      department: '310104-ENV',
      make: withRow(accepted, (db) => ({ extension_working_days: db.ref('max_extension_working_days') })),
      anyone: ['return', 'reply', ...open],
    },
    {
      name: 'passed down by the district to a street',
      department: '310104-01',
      make: async () => {
        const id = await ok(d.act(cast.dispatcher, (await d.create()).id, 'dispatch', { departmentCode: '310104' }));
        return ok(d.act(await handlerOf('310104'), id, 'pass-down', { departmentCode: '310104-01' }));
      },
      anyone: ['accept', 'return', 'recall', ...open],
    },
    { name: 'returned', department: '310104-ENV', make: inStatus('returned'), anyone: ['dispatch', ...open] },
    { name: 'replied', department: '310104-ENV', make: inStatus('replied'), anyone: ['survey', ...open] },
    {
      name: 'replied, no callback consent',
      department: '310104-ENV',
      make: async () => ok(d.act(cast.handler, await accepted({ citizen: { phone: '13912345678', callbackConsent: false } }), 'reply')),
      anyone: open,
    },
    { name: 'closed', department: '310104-ENV', make: inStatus('closed'), anyone: ['reopen', 'reveal-phone'] },
    { name: 'merged', department: null, make: inStatus('merged'), anyone: ['reveal-phone'] },
    { name: 'transferred_110', department: null, make: inStatus('transferred_110'), anyone: ['reveal-phone'] },
    { name: 'cancelled', department: '310104-ENV', make: inStatus('cancelled'), anyone: ['reveal-phone'] },
  ];

  /** Every staff role, handlers relative to the department holding the ticket (310104-ENV when none does). */
  async function staffFor(department: string | null): Promise<[string, TestUser, boolean][]> {
    const holding = h.c.directory.getByCode(department ?? '310104-ENV')!;
    const parent = holding.parentId === null ? undefined : h.c.directory.get(holding.parentId);
    const sees = department !== null;
    return [
      ['operator', cast.operator, true],
      ['dispatcher', cast.dispatcher, true],
      ['handler of the holding department', await handlerOf(holding.code), sees],
      ...(parent ? [['handler of its parent department', await handlerOf(parent.code), sees] as [string, TestUser, boolean]] : []),
      ['handler of another department', await handlerOf('310115-ENV'), false],
      ['supervisor', cast.supervisor, true],
      ['admin', cast.admin, true],
    ];
  }

  describe('listed means allowed, unlisted means refused', () => {
    for (const s of scenarios) {
      it(`when a ticket is ${s.name}, then each role's allowedActions succeed (each on a fresh copy) and every other action is 403 or 409`, async function () {
        this.timeout(20_000);
        const id = await s.make();
        const before = (await row(id)).version;
        const mergeInto = (await d.create()).id as number;
        const listedByAnyone = new Set<string>();
        for (const [role, user, sees] of await staffFor(s.department)) {
          const res = await read(user, id);
          if (!sees) {
            expect(res.status, role).to.equal(404);
            const answers = await Promise.all(everyAction.map((a) => d.act(user, id, a, bodyFor(a, mergeInto))));
            answers.forEach((r, i) => expect([403, 404], `${role} ${everyAction[i]}`).to.include(r.status));
            continue;
          }
          expect(res.status, role).to.equal(200);
          const listed: string[] = res.body.allowedActions;
          listed.forEach((a) => listedByAnyone.add(a));
          await Promise.all(
            everyAction.map(async (action) => {
              const body = bodyFor(action, mergeInto);
              if (!listed.includes(action)) {
                const refused = await d.act(user, id, action, body);
                expect([403, 409], `${role} was not offered ${action}, yet: ${refused.status} ${JSON.stringify(refused.body)}`).to.include(refused.status);
                return;
              }
              // A phone reveal changes nothing, so it is tried on the ticket itself.
              const target = action === 'reveal-phone' ? id : await s.make();
              const done = await d.act(user, target, action, body);
              expect(done.status, `${role} was offered ${action}, yet: ${JSON.stringify(done.body)}`).to.equal(200);
            }),
          );
        }
        expect([...listedByAnyone]).to.have.members(s.anyone);
        expect((await row(id)).version, 'a refused action changed the ticket').to.equal(before);
      });
    }
  });

  describe('the department holding a ticket works on it; its parent supervises', () => {
    it("when a street holds a ticket, then the district's handler reads and urges it but accept and reply answer 403 NOT_HOLDING_DEPARTMENT, and the street's handler accepts and replies", async () => {
      const [district, street] = await Promise.all([handlerOf('310104'), handlerOf('310104-01')]);
      const t = await d.create();
      await ok(d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310104-01' }));

      const seen = await read(district, t.id);
      expect(seen.status).to.equal(200);
      // A dispatcher sent it there, so the district did not pass it down: nothing to recall.
      expect(seen.body.allowedActions).to.deep.equal(['urge', 'reveal-phone']);
      expect((await d.act(district, t.id, 'urge', { note: '街道请尽快处理' })).status).to.equal(200);
      const notYours = await d.act(district, t.id, 'recall', {});
      expect([notYours.status, notYours.body.error.code]).to.deep.equal([409, 'NOT_PASSED_DOWN_BY_YOU']);
      const refused = await d.act(district, t.id, 'accept');
      expect(refused.status).to.equal(403);
      expect(refused.body.error.code).to.equal('NOT_HOLDING_DEPARTMENT');

      expect((await read(street, t.id)).body.allowedActions).to.include.members(['accept', 'return']);
      const acceptedByStreet = await d.expectOk(await d.act(street, t.id, 'accept'));
      expect(acceptedByStreet.allowedActions).to.include('reply');
      const reply = await d.act(district, t.id, 'reply');
      expect(reply.status).to.equal(403);
      expect(reply.body.error.code).to.equal('NOT_HOLDING_DEPARTMENT');
      expect((await d.act(street, t.id, 'reply')).status).to.equal(200);
      expect((await row(t.id)).status).to.equal('replied');
    });

    it('when the district passed a ticket down, then it may recall it (back to the district, to accept again, under the same due times), and nobody else may', async () => {
      const [district, street, otherDistrict] = await Promise.all([handlerOf('310104'), handlerOf('310104-01'), handlerOf('310115')]);
      const t = await d.create();
      await ok(d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310104' }));
      await ok(d.act(district, t.id, 'accept'));
      await ok(d.act(district, t.id, 'pass-down', { departmentCode: '310104-01', note: '请街道核实' }));
      await ok(d.act(street, t.id, 'accept'));
      const due = await row(t.id);

      expect((await read(district, t.id)).body.allowedActions).to.have.members(['urge', 'recall', 'reveal-phone']);
      const byStreet = await d.act(street, t.id, 'recall', {});
      expect([byStreet.status, byStreet.body.error.code]).to.deep.equal([403, 'NOT_SUPERVISING_DEPARTMENT']);
      expect((await d.act(otherDistrict, t.id, 'recall', {})).status).to.equal(404);
      const bySupervisor = await d.act(cast.supervisor, t.id, 'recall', {});
      expect(bySupervisor.status).to.equal(403);
      expect((await row(t.id)).version, 'a refused recall changed the ticket').to.equal(due.version);

      const recalled = await d.expectOk(await d.act(district, t.id, 'recall', { note: '区里直接处理' }));
      expect(recalled).to.deep.include({ status: 'dispatched' });
      expect(recalled.department.code).to.equal('310104');
      const after = await row(t.id);
      expect([after.accept_due_at, after.reply_due_at, after.passed_down_from_id, after.accepted_at]).to.deep.equal([due.accept_due_at, due.reply_due_at, null, null]);
      const [event] = await h.c.db('ticket_events').where({ ticket_id: t.id, action: 'recall' });
      expect(event).to.deep.include({ from_status: 'accepted', to_status: 'dispatched', note: '区里直接处理', actor_user_id: district.id });
      expect(event.data).to.deep.include({ departmentCode: '310104', from: '310104-01' });
      // The street no longer holds it; the district works it again.
      expect((await read(street, t.id)).status).to.equal(404);
      expect((await d.act(district, t.id, 'recall', {})).status).to.equal(403);
      expect((await read(district, t.id)).body.allowedActions).to.include.members(['accept', 'pass-down']);
    });

    it("when the district's handler lists, then each ticket carries the allowedActions of its single read", async () => {
      const district = await handlerOf('310104');
      const t = await d.create();
      await ok(d.act(cast.dispatcher, t.id, 'dispatch', { departmentCode: '310104' }));
      const listed = await request(h.app).get('/api/v1/tickets').query({ q: t.ticketNo }).set(district.auth);
      expect(listed.body.tickets).to.have.length(1);
      expect(listed.body.tickets[0].allowedActions).to.deep.equal((await read(district, t.id)).body.allowedActions);
      expect(listed.body.tickets[0].allowedActions).to.include('pass-down');
    });
  });

  it('when a partner system reads or lists the tickets it handed in, then they carry the clock but no allowedActions', async () => {
    const key = await makeApiKey(h, 'app');
    const created = await request(h.app).post('/api/v1/tickets').set(key.headers).send(ticketBody({ channel: 'app' }));
    expect(created.status).to.equal(201);
    expect(created.body).to.not.have.property('allowedActions');
    const single = await request(h.app).get(`/api/v1/tickets/${created.body.id}`).set(key.headers);
    expect(single.body).to.include({ clock: null }).and.not.have.property('allowedActions');
    const listed = await request(h.app).get('/api/v1/tickets').query({ q: created.body.ticketNo }).set(key.headers);
    expect(listed.body.tickets[0]).to.include({ clock: null }).and.not.have.property('allowedActions');
  });
});
