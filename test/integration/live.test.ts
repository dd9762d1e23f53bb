import http from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import { attachLiveServer, ALL_ROOM, LIVE_NAMESPACE, type TicketChangedPush, type DispatchPoolPush, type MetricsPush } from '../../src/realtime';
import { startWebServer } from '../../src/server';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { closeLiveClients, connectLive, liveUrl, pause } from '../support/live-clients';

// Channels of their own, so that no other test's live events cross these.
const env = { QUEUE_PREFIX: `test-${process.pid}-live` };

describe('live push over Socket.io (/live)', () => {
  let h: Harness;
  let web: Awaited<ReturnType<typeof startWebServer>>;
  let url: string;
  let operator: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let handlerA: TestUser;
  let handlerB: TestUser;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    h = await isolatedHarness({ env });
    web = await startWebServer(h.c, 0);
    stops.push(web.stop);
    url = liveUrl(web.server);
    [operator, dispatcher, supervisor] = [await makeUser(h, 'operator'), await makeUser(h, 'dispatcher'), await makeUser(h, 'supervisor')];
    handlerA = await makeUser(h, 'handler', '310104-ENV');
    handlerB = await makeUser(h, 'handler', '310115-ENV');
  });

  afterEach(closeLiveClients);
  after(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  const createTicket = async (app = h.app) => (await request(app).post('/api/v1/tickets').set(operator.auth).send(ticketBody()).expect(201)).body;
  const dispatchTo = (id: number, departmentCode: string, app = h.app) =>
    request(app).post(`/api/v1/tickets/${id}/dispatch`).set(dispatcher.auth).send({ departmentCode }).expect(200);

  describe('the handshake', () => {
    it('when a client connects without a token, with a bad one or with a revoked one, then it is refused', async () => {
      for (const auth of [undefined, { token: 'hlt_not-a-real-token' }, { token: 42 }]) {
        const err = await connectLive(url, auth).then(
          () => null,
          (e: Error) => e,
        );
        expect(err?.message, JSON.stringify(auth)).to.equal('INVALID_TOKEN');
      }
      const revoked = await makeUser(h, 'supervisor');
      await request(h.app).post('/api/v1/auth/logout').set(revoked.auth).send({});
      await connectLive(url, { token: revoked.token }).then(
        () => expect.fail('a revoked token was let in'),
        (e: Error) => expect(e.message).to.equal('INVALID_TOKEN'),
      );
    });
  });

  describe('rooms', () => {
    it("when two handlers of different departments are connected, then each sees only their own department's ticket:changed, and a supervisor sees both", async () => {
      const [a, b, sup] = [await connectLive(url, { token: handlerA.token }), await connectLive(url, { token: handlerB.token }), await connectLive(url, { token: supervisor.token })];
      const forA = await createTicket();
      const forB = await createTicket();
      await dispatchTo(forA.id, '310104-ENV');
      await dispatchTo(forB.id, '310115-ENV');

      const about = (id: number) => (e: TicketChangedPush) => e.ticketId === id && e.toStatus === 'dispatched';
      expect(await a.next('ticket:changed', about(forA.id))).to.include({ ticketNo: forA.ticketNo, fromStatus: 'pending_dispatch', departmentId: handlerA.departmentId });
      await b.next('ticket:changed', about(forB.id));
      await sup.next('ticket:changed', about(forA.id));
      await sup.next('ticket:changed', about(forB.id));
      await pause(300);
      const ids = (c: typeof a) => ((c.received.get('ticket:changed') ?? []) as TicketChangedPush[]).map((e) => e.ticketId);
      expect(ids(a)).to.not.include(forB.id);
      expect(ids(b)).to.not.include(forA.id);
      // Intake (no department yet) is for the centre's staff only.
      expect(ids(sup)).to.include.members([forA.id, forB.id]);
    });

    it('when a ticket enters and leaves the manual pool, then dispatchers hear dispatch:pool', async () => {
      const d = await connectLive(url, { token: dispatcher.token });
      const t = await createTicket();
      expect(await d.next<DispatchPoolPush>('dispatch:pool', (e) => e.ticketId === t.id)).to.include({ change: 'entered', status: 'pending_dispatch', returned: false });
      await dispatchTo(t.id, '310104-ENV');
      await d.next<DispatchPoolPush>('dispatch:pool', (e) => e.ticketId === t.id && e.change === 'left');
      await request(h.app).post(`/api/v1/tickets/${t.id}/return`).set(handlerA.auth).send({ reason: '不属于本单位职责' }).expect(200);
      expect(await d.next<DispatchPoolPush>('dispatch:pool', (e) => e.ticketId === t.id && e.returned)).to.include({ change: 'entered', status: 'returned' });
    });

    it('when an SLA moment is recorded, then the department and the supervisors hear it, other departments do not', async () => {
      const [a, b, sup] = [await connectLive(url, { token: handlerA.token }), await connectLive(url, { token: handlerB.token }), await connectLive(url, { token: supervisor.token })];
      const at = new Date();
      h.c.events.emit('sla.breached', { ticketId: 999_001, ticketNo: '20260101-999001', clock: 'accept', kind: 'overdue', dueAt: at, departmentId: handlerA.departmentId, at });
      h.c.events.emit('sla.breached', { ticketId: 999_002, ticketNo: '20260101-999002', clock: 'reply', kind: 'at_risk', dueAt: at, departmentId: handlerA.departmentId, at });
      expect(await a.next('sla:overdue')).to.include({ ticketId: 999_001, clock: 'accept', dueAt: at.toISOString() });
      await a.next('sla:at-risk');
      await sup.next('sla:overdue');
      await pause(300);
      expect(b.received.has('sla:overdue')).to.equal(false);
    });
  });

  describe('metrics', () => {
    it('when a supervisor is connected and a ticket is created, then a metrics push counts it within a second', async () => {
      const sup = await connectLive(url, { token: supervisor.token });
      const first = await sup.next<MetricsPush>('metrics');
      const started = Date.now();
      await createTicket();
      const pushed = await sup.next<MetricsPush>('metrics', (m) => m.intake.total === first.intake.total + 1, 1500);
      expect(Date.now() - started).to.be.below(1000);
      expect(pushed.window.from).to.equal(pushed.window.to);
      expect(pushed.filters.departmentId).to.equal(null);
    });

    it("when a handler is connected, then their metrics are their department's", async () => {
      const a = await connectLive(url, { token: handlerA.token });
      const first = await a.next<MetricsPush>('metrics');
      expect(first.filters.departmentId).to.equal(handlerA.departmentId);
      const t = await createTicket();
      await dispatchTo(t.id, '310104-ENV');
      await a.next<MetricsPush>('metrics', (m) => m.tickets.dispatched === first.tickets.dispatched + 1, 1500);
    });

    it('when many tickets change at once, then each room gets at most a few pushes a second', async () => {
      const sup = await connectLive(url, { token: supervisor.token });
      await sup.next('metrics');
      const before = (sup.received.get('metrics') ?? []).length;
      const started = Date.now();
      await Promise.all(Array.from({ length: 20 }, () => createTicket()));
      await pause(1200);
      const pushes = (sup.received.get('metrics') ?? []).length - before;
      const seconds = (Date.now() - started) / 1000;
      expect(pushes).to.be.at.least(1);
      expect(pushes / seconds).to.be.at.most(3);
    });
  });

  describe('several processes sharing one Redis', () => {
    it('when an event is emitted in one web process, then the clients of both web processes get it', async () => {
      const servers = [http.createServer(), http.createServer()];
      const lives: Awaited<ReturnType<typeof attachLiveServer>>[] = [];
      for (const s of servers) {
        lives.push(await attachLiveServer(s, { auth: h.c.auth, metrics: h.c.metrics, directory: h.c.directory, clock: h.c.clock, logger: h.c.logger, bus: h.c.bus, redisUrl: h.c.config.redisUrl, prefix: h.c.config.queuePrefix }));
        await new Promise<void>((r) => s.listen(0, r));
        stops.push(() => new Promise<void>((r) => s.close(() => r())));
      }
      stops.push(async () => {
        for (const l of lives) await l.close();
      });
      const [one, two] = [await connectLive(liveUrl(servers[0]), { token: supervisor.token }), await connectLive(liveUrl(servers[1]), { token: supervisor.token })];
      const push = { ticketId: 1, ticketNo: '20260101-000001', action: 'urge', fromStatus: 'accepted', toStatus: 'accepted', departmentId: null, previousDepartmentId: null, at: new Date().toISOString() };
      lives[0].io.of(LIVE_NAMESPACE).to(ALL_ROOM).emit('ticket:changed', push);
      expect(await one.next('ticket:changed')).to.deep.equal(push);
      expect(await two.next('ticket:changed')).to.deep.equal(push);
    });

    it('when a worker process (no web server) changes a ticket, then clients of every web process see it through the Redis emitter', async () => {
      const other = await isolatedHarness({ env });
      const otherWeb = await startWebServer(other.c, 0);
      stops.push(otherWeb.stop);
      const worker = await isolatedHarness({ env });
      worker.c.live.start();
      const [one, two] = [await connectLive(url, { token: supervisor.token }), await connectLive(liveUrl(otherWeb.server), { token: supervisor.token })];

      const t = await createTicket();
      await worker.c.engine.perform({ kind: 'system', name: 'routing-worker' }, t.id, 'route', { departmentCode: '310104-ENV' });
      const routed = (e: TicketChangedPush) => e.ticketId === t.id && e.action === 'route';
      await one.next('ticket:changed', routed);
      await two.next('ticket:changed', routed);
      // Its figures moved too: both web processes push fresh metrics.
      await two.next<MetricsPush>('metrics', (m) => m.tickets.byStatus.dispatched > 0);
    });
  });
});
