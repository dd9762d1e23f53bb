import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { startRoutingWorker } from '../../workers/routing.worker';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { routingMessagesOf } from '../support/outbox';
import { FAULT_MARKER, refuseEvents } from '../support/refused-events';
import { statementsDuring } from '../support/statements';
import { waitFor } from '../support/wait';

/** Routing in batches (issue 19): the tickets a worker holds are routed together, each exactly once. */
describe('routing in batches', () => {
  // Jobs of this queue prefix wait until a test starts a worker on it.
  const prefix = `routing-batches-${process.pid}`;
  let h: Harness;
  let operator: TestUser;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: prefix } });
    operator = await makeUser(h, 'operator');
  });

  const createMany = async (n: number, description = (i: number) => `工厂排放废气，气味刺鼻，批量路由第${i}件`) => {
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ line: '12369', description: description(i), location: { districtCode: '310104' } }));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      ids.push(res.body.id);
    }
    return ids;
  };
  const routeEvents = (ids: number[]) => h.c.db('ticket_events').whereIn('ticket_id', ids).where({ action: 'route' }).select('ticket_id', h.c.db.raw('xmin::text as tx'));
  const statuses = async (ids: number[]) => (await h.c.db('tickets').whereIn('id', ids).orderBy('id').select('status')).map((r) => r.status as string);
  const routingMessages = (ids: number[]) => routingMessagesOf(h.c.db, ids).select('id', 'done_at');

  it('when 20 tickets are routed together, then the versions of the SLA policies and calendar, the rules, the model and the catalogue are read once for all of them, in one statement', async () => {
    // A first batch fills the caches (their first reads are of the tables themselves).
    await h.c.routing.routeMany(await createMany(1));
    const ids = await createMany(20);
    const { statements } = await statementsDuring(h.c.db, () => h.c.routing.routeMany(ids));
    const unquoted = statements.map((sql) => sql.replace(/"/g, ''));
    const versionReads = unquoted.filter((sql) => ['from sla_policies', 'from routing_rules', 'from routing_models', 'from categories'].some((t) => sql.includes(t)));
    expect(await statuses(ids)).to.deep.equal(ids.map(() => 'dispatched'));
    expect(versionReads, 'statements reading versions').to.have.length(1);
    for (const table of ['sla_policies', 'calendar_overrides', 'routing_rules', 'routing_models', 'categories']) expect(versionReads[0]).to.include(`from ${table}`);
  });

  it('when 30 tickets are routed together, then they are dispatched in one transaction, each with one route event and its running SLA clock', async () => {
    const ids = await createMany(30);
    const decisions = await h.c.routing.routeMany(ids);
    expect(decisions.map((d) => (d instanceof Error ? d.message : d?.kind))).to.deep.equal(ids.map(() => 'department'));
    const events = await routeEvents(ids);
    expect(events.map((e) => e.ticket_id).sort((a, b) => a - b)).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.tx)).size, 'transactions that wrote the route events').to.equal(1);
    const rows = await h.c.db('tickets as t').join('departments as d', 'd.id', 't.department_id').whereIn('t.id', ids).select('t.status', 'd.code', 't.accept_due_at', 't.citizen_due_at');
    expect(rows.every((r) => r.status === 'dispatched' && r.code === '310104-ENV' && r.accept_due_at && r.citizen_due_at)).to.equal(true);
    // Each accept clock is stored with its moments in the batch's transaction, for the SLA watcher.
    const clocks = await h.c.db('sla_running_clocks').whereIn('ticket_id', ids).select('ticket_id', 'due_at');
    expect(clocks.map((c) => c.ticket_id).sort((a, b) => a - b)).to.deep.equal([...ids].sort((a, b) => a - b));
    expect(clocks.every((c) => rows.some((r) => r.accept_due_at.getTime() === c.due_at.getTime()))).to.equal(true);
    // Routed again, nothing changes.
    expect(await h.c.routing.routeMany(ids)).to.deep.equal(ids.map(() => null));
    expect((await routeEvents(ids)).length).to.equal(30);
  });

  it('when one ticket of a batch cannot be written, then the others are routed and it fails alone, then is routed once the fault is gone', async () => {
    const ids = await createMany(20, (i) => (i === 5 ? `工厂排放废气 ${FAULT_MARKER}` : `工厂排放废气，气味刺鼻，坏批次第${i}件`));
    const allowRoutes = await refuseEvents(h.c.db, 'route');
    let decisions;
    try {
      decisions = await h.c.routing.routeMany(ids);
    } finally {
      await allowRoutes();
    }
    expect(decisions[5]).to.be.instanceOf(Error);
    expect((decisions[5] as Error).message).to.contain('refused by test trigger');
    expect(decisions.filter((_, i) => i !== 5).every((d) => !(d instanceof Error) && d?.kind === 'department')).to.equal(true);
    const statusList = await h.c.db('tickets').whereIn('id', ids).orderBy('id').select('id', 'status');
    expect(statusList.filter((r) => r.status === 'dispatched').length).to.equal(19);
    expect(statusList.find((r) => r.id === ids[5])?.status).to.equal('pending_dispatch');
    expect((await routeEvents([ids[5]])).length).to.equal(0);
    // Its job is tried again, and succeeds now.
    expect((await h.c.routing.routeMany([ids[5]]))[0]).to.include({ kind: 'department' });
    expect((await routeEvents(ids)).length).to.equal(20);
  });

  it('when a ticket of a batch changed after it was read, then it is refused as a concurrent update with no event, and the others are written with theirs, in order', async () => {
    const ids = await createMany(5);
    const system = { kind: 'system', name: 'routing-worker' } as const;
    const tickets = await h.c.engine.loadMany(system, ids);
    await h.c.db('tickets').where({ id: ids[2] }).increment('version', 1);
    const route = { departmentCode: '310104-ENV', note: '批次测试' };
    const outcomes = await h.c.engine.performMany(system, tickets.map((ticket) => ({ ticket, action: 'route' as const, body: route })));
    expect(outcomes.map((o) => (o instanceof Error ? (o as Error & { code?: string }).code : o.status))).to.deep.equal(['dispatched', 'dispatched', 'CONCURRENT_UPDATE', 'dispatched', 'dispatched']);
    const events = await h.c.db('ticket_events').whereIn('ticket_id', ids).where({ action: 'route' }).orderBy('id').select('ticket_id', 'from_status', 'to_status');
    expect(events.map((e) => [e.ticket_id, e.from_status, e.to_status])).to.deep.equal(ids.filter((_, i) => i !== 2).map((id) => [id, 'pending_dispatch', 'dispatched']));
    expect(await statuses(ids)).to.deep.equal(['dispatched', 'dispatched', 'pending_dispatch', 'dispatched', 'dispatched']);
  });

  it('when a ticket is named twice in one batch, then it is routed once', async () => {
    const [id] = await createMany(1);
    const decisions = await h.c.routing.routeMany([id, id]);
    expect(decisions[0]).to.include({ kind: 'department' });
    expect(decisions[1]).to.equal(null);
    expect((await routeEvents([id])).length).to.equal(1);
  });

  it('when the worker takes many waiting jobs, then it routes them in fewer transactions than tickets, each once, and each message leaves the outbox', async function () {
    this.timeout(30_000);
    const ids = await createMany(60);
    const worker = startRoutingWorker(h.c, { lockDurationMs: 5000, stalledIntervalMs: 5000 });
    try {
      await waitFor('all 60 routed', async () => (await statuses(ids)).every((s) => s === 'dispatched'), 20_000);
      await waitFor('every routing message done', async () => (await routingMessages(ids)).every((m) => m.done_at !== null), 5000);
    } finally {
      await worker.stop();
    }
    const events = await routeEvents(ids);
    expect(events.length).to.equal(60);
    expect(new Set(events.map((e) => e.ticket_id)).size).to.equal(60);
    expect(new Set(events.map((e) => e.tx)).size, 'transactions').to.be.below(30);
  });

  it('when one ticket of a job naming several cannot be routed, then the others are routed, and the job runs again and routes it once the fault is gone', async function () {
    this.timeout(30_000);
    const ids = await createMany(5, (i) => (i === 2 ? `工厂排放废气 ${FAULT_MARKER}` : `工厂排放废气，一个任务多张工单第${i}件`));
    // Only the job below: one job naming all five, as an intake batch hands them over.
    await h.c.queues.get('routing').obliterate({ force: true });
    const jobId = `several-${process.pid}`;
    const allowRoutes = await refuseEvents(h.c.db, 'route');
    const worker = startRoutingWorker(h.c, { lockDurationMs: 5000, stalledIntervalMs: 5000 });
    try {
      try {
        await h.c.queues.add('routing', { ticketIds: ids }, jobId);
        await waitFor('the job to have failed once', async () => ((await h.c.queues.get('routing').getJob(jobId))?.attemptsMade ?? 0) >= 1, 10_000);
        expect(await statuses(ids)).to.deep.equal(['dispatched', 'dispatched', 'pending_dispatch', 'dispatched', 'dispatched']);
      } finally {
        await allowRoutes();
      }
      await waitFor('the job done', async () => (await h.c.queues.get('routing').getJob(jobId))?.finishedOn !== undefined, 10_000);
      expect(await h.c.queues.get('routing').getJob(jobId).then((j) => j?.getState())).to.equal('completed');
    } finally {
      await worker.stop();
    }
    expect(await statuses(ids)).to.deep.equal(ids.map(() => 'dispatched'));
    const events = await routeEvents(ids);
    expect(events.map((e) => e.ticket_id).sort((a, b) => a - b), 'one route event each').to.deep.equal([...ids].sort((a, b) => a - b));
  });

  describe('a worker killed in the middle of a batch', () => {
    let child: ChildProcess | null = null;
    const LOCK = 1919;
    after(() => void child?.kill('SIGKILL'));

    it('when the worker process dies while its batch transaction is open, then nothing of the batch is kept and another worker routes every ticket once', async function () {
      this.timeout(60_000);
      // The batch's event insert waits on a lock this test holds: the batch is then mid-transaction.
      await h.c.db.raw(`create or replace function test_hold_route() returns trigger language plpgsql as $$
        begin if new.action = 'route' then perform pg_advisory_xact_lock_shared(${LOCK}); end if; return new; end $$`);
      await h.c.db.raw('create trigger test_hold_route before insert on ticket_events for each row execute function test_hold_route()');
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked = (): void => undefined;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const lockTx = h.c.db.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(?)', [LOCK]);
        locked();
        await held;
      });
      await holding;
      const waitingOnLock = async () => Number((await h.c.db.raw(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`)).rows[0].n);
      try {
        const ids = await createMany(12);
        child = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'batch-routing-worker.js')], { env: { ...process.env, QUEUE_PREFIX: prefix }, stdio: ['ignore', 'pipe', 'inherit'] });
        await waitFor('the batch to be held mid-transaction', async () => (await waitingOnLock()) > 0, 20_000);
        child.kill('SIGKILL');
        release();
        await lockTx;
        // The dead worker's transaction ends at its next read of the closed connection: rolled back.
        await waitFor('the dead batch to be rolled back', async () => (await waitingOnLock()) === 0 && (await routeEvents(ids)).length === 0 && (await statuses(ids)).every((s) => s === 'pending_dispatch'), 10_000);
        await h.c.db.raw('drop trigger test_hold_route on ticket_events');
        const worker = startRoutingWorker(h.c, { lockDurationMs: 1000, stalledIntervalMs: 1000 });
        try {
          await waitFor('the stalled jobs to be routed by another worker', async () => (await statuses(ids)).every((s) => s === 'dispatched'), 30_000);
        } finally {
          await worker.stop();
        }
        const events = await routeEvents(ids);
        expect(events.length).to.equal(12);
        expect(new Set(events.map((e) => e.ticket_id)).size).to.equal(12);
      } finally {
        release();
        await lockTx.catch(() => undefined);
        await h.c.db.raw('drop trigger if exists test_hold_route on ticket_events');
        await h.c.db.raw('drop function if exists test_hold_route()');
      }
    });
  });
});
