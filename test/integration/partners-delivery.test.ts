import { expect } from 'chai';
import request from 'supertest';
import { backoffDelay, defaultDeliveryPolicy, type DeliveryKind } from '../../src/modules/partners';
import { startDeliveryWorker, type DeliveryWorkerOptions } from '../../workers/delivery.worker';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { signatureIsValid, WebhookReceiver, type ReceiverOptions } from '../support/webhook-receiver';

/**
 * Outbound delivery to partners (issue 4): signed, retried with backoff until acknowledged, the
 * acknowledgement on the ticket's timeline, dead letters kept for an admin to retry. Each test has
 * its own queue prefix, its own worker (with tiny delays) and a real receiver on 127.0.0.1.
 */
describe('outbound delivery to partners', () => {
  let serial = 0;
  let h: Harness;
  let open: Harness | undefined;
  let admin: TestUser;
  let supervisor: TestUser;
  let worker: { stop: () => Promise<void> } | undefined;
  let receiver: WebhookReceiver | undefined;
  const secret = `hook-secret-${process.pid}-0123456789`;

  async function setup(receiverOpts: ReceiverOptions, workerOpts: DeliveryWorkerOptions = {}) {
    const n = ++serial;
    h = open = await isolatedHarness({ env: { QUEUE_PREFIX: `partners-${process.pid}-${n}` } });
    admin = await makeUser(h, 'admin');
    supervisor = await makeUser(h, 'supervisor');
    receiver = await WebhookReceiver.start(receiverOpts);
    worker = startDeliveryWorker(h.c, { backoffMs: 20, maxAttempts: 4, timeoutMs: 2000, ...workerOpts });
    const partner = `hook-${process.pid}-${n}`;
    const put = await request(h.app).put(`/api/v1/admin/partners/${partner}`).set(admin.auth).send({ url: receiver.url, secret, active: true });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    return partner;
  }

  afterEach(async () => {
    await worker?.stop();
    await receiver?.close();
    worker = receiver = undefined;
    // One container per test (for its queue prefix): give its connections back right away.
    await open?.c.close();
    open = undefined;
  });

  const newTicket = async () => {
    const operator = await makeUser(h, 'operator');
    const res = await request(h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody());
    expect(res.status).to.equal(201);
    return res.body as { id: number; ticketNo: string };
  };

  const enqueue = (partner: string, ticketId: number | null, kind: DeliveryKind = 'sms') =>
    h.c.db.transaction((tx) => h.c.partners.enqueue(tx, { partner, ticket_id: ticketId, kind, payload: { kind, to: '13812345678', text: '您的工单已受理' } }));

  const delivery = async (id: number) => h.c.db('partner_deliveries').where({ id }).first();
  const until = (id: number, status: string, timeoutMs = 10_000) =>
    waitFor(`delivery ${id} ${status}`, async () => ((await delivery(id)).status === status ? delivery(id) : undefined), timeoutMs);
  const timeline = async (ticketId: number) =>
    (await request(h.app).get(`/api/v1/tickets/${ticketId}`).set(supervisor.auth)).body.timeline as { action: string; fromStatus: string; toStatus: string; data: Record<string, unknown> }[];

  it('when the receiver fails three times and then succeeds, then the message is delivered exactly once, signed, and acknowledged on the ticket', async () => {
    const partner = await setup({ failTimes: 3 }, { backoffMs: 50 });
    const t = await newTicket();
    const versionBefore = (await h.c.db('tickets').where({ id: t.id }).first()).version;
    const d = await enqueue(partner, t.id);

    const done = await until(d.id, 'delivered');
    const r = receiver as WebhookReceiver;
    expect(r.requests).to.have.length(4);
    expect(r.successes).to.have.length(1);
    expect(done.attempts).to.equal(4);
    expect(done.ack).to.deep.equal({ received: true, reference: 'ACK-4' });
    for (const req of r.requests) {
      expect(req.method).to.equal('POST');
      expect(req.headers['content-type']).to.match(/^application\/json/);
      expect(req.headers['x-hotline-delivery']).to.equal(String(d.id));
      expect(signatureIsValid(req, secret), 'signature').to.equal(true);
      expect(Math.abs(Number(req.headers['x-hotline-timestamp']) * 1000 - Date.now())).to.be.below(60_000);
      expect(JSON.parse(req.body)).to.deep.equal({ kind: 'sms', to: '13812345678', text: '您的工单已受理' });
    }
    // Exponential backoff: each wait at least double the one before (50, 100, 200 ms).
    const gaps = r.requests.slice(1).map((req, i) => req.at - r.requests[i].at);
    gaps.forEach((gap, i) => expect(gap, `gap ${i}`).to.be.at.least(50 * 2 ** i - 5));

    const events = (await timeline(t.id)).filter((e) => e.action.startsWith('delivery-'));
    expect(events).to.have.length(1);
    expect(events[0]).to.deep.include({ action: 'delivery-acknowledged', fromStatus: 'pending_dispatch', toStatus: 'pending_dispatch' });
    expect(events[0].data).to.deep.include({ deliveryId: d.id, partner, kind: 'sms', attempts: 4, statusCode: 200 });
    // A note on the timeline is not a change: the ticket's version is where it was.
    expect((await h.c.db('tickets').where({ id: t.id }).first()).version).to.equal(versionBefore);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.requests).to.have.length(4);
  });

  it('when the receiver always fails, then after the retries the message is in the dead-letter list, and an admin retry after the fix delivers it', async () => {
    const partner = await setup({ alwaysFail: true }, { maxAttempts: 3 });
    const t = await newTicket();
    const d = await enqueue(partner, t.id);

    const dead = await until(d.id, 'dead');
    expect(dead).to.include({ attempts: 3, last_status_code: 503 });
    expect(dead.last_error).to.match(/^HTTP 503/);
    expect((receiver as WebhookReceiver).requests).to.have.length(3);

    const list = await request(h.app).get('/api/v1/admin/deliveries?status=dead&limit=500').set(admin.auth);
    expect(list.status).to.equal(200);
    const listed = list.body.deliveries.find((x: { id: number }) => x.id === d.id);
    expect(listed).to.include({ partner, ticketId: t.id, kind: 'sms', status: 'dead', attempts: 3, lastStatusCode: 503 });
    expect(listed).not.to.have.property('payload');
    expect((await timeline(t.id)).map((e) => e.action)).to.include('delivery-failed');

    (receiver as WebhookReceiver).succeedFromNow();
    const retry = await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(admin.auth);
    expect(retry.status, JSON.stringify(retry.body)).to.equal(202);
    expect(retry.body.delivery).to.include({ id: d.id, status: 'pending', attempts: 0 });

    const done = await until(d.id, 'delivered');
    expect(done.attempts).to.equal(1);
    expect((receiver as WebhookReceiver).successes).to.have.length(1);
    expect((await timeline(t.id)).filter((e) => e.action.startsWith('delivery-')).map((e) => e.action)).to.deep.equal(['delivery-failed', 'delivery-retried', 'delivery-acknowledged']);

    const again = await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(admin.auth);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('DELIVERY_NOT_DEAD');
    const audited = await h.c.db('audit_log').where({ action: 'delivery-retried', ticket_id: t.id }).count({ n: '*' });
    expect(Number(audited[0].n)).to.equal(1);
  });

  it('when a supervisor retries a dead message from the queues, then it is delivered, audited and on the timeline with their name; handlers and operators get 403, an unknown id 404, a delivered one 409', async () => {
    const partner = await setup({ alwaysFail: true }, { maxAttempts: 2 });
    const t = await newTicket();
    const d = await enqueue(partner, t.id);
    await until(d.id, 'dead');

    // The failed-deliveries queue lists the ticket; its dead message is readable by the supervisor.
    const queue = await request(h.app).get('/api/v1/tickets?deliveryFailed=true&limit=100').set(supervisor.auth);
    expect(queue.body.tickets.map((x: { id: number }) => x.id)).to.include(t.id);
    const listed = await request(h.app).get(`/api/v1/admin/deliveries?ticketId=${t.id}`).set(supervisor.auth);
    expect(listed.status).to.equal(200);
    expect(listed.body.deliveries).to.have.length(1);
    expect(listed.body.deliveries[0]).to.include({ id: d.id, status: 'dead', attempts: 2, lastStatusCode: 503 });

    for (const role of ['handler', 'operator', 'dispatcher'] as const) {
      const other = await makeUser(h, role);
      const refused = await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(other.auth);
      expect(refused.status, role).to.equal(403);
      expect((await request(h.app).get(`/api/v1/admin/deliveries?ticketId=${t.id}`).set(other.auth)).status, role).to.equal(403);
    }
    expect((await delivery(d.id)).status).to.equal('dead');
    const unknown = await request(h.app).post('/api/v1/admin/deliveries/2147483000/retry').set(supervisor.auth);
    expect(unknown.status).to.equal(404);
    expect(unknown.body.error.code).to.equal('DELIVERY_NOT_FOUND');

    (receiver as WebhookReceiver).succeedFromNow();
    const retry = await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(supervisor.auth);
    expect(retry.status, JSON.stringify(retry.body)).to.equal(202);
    expect(retry.body.delivery).to.include({ id: d.id, status: 'pending', attempts: 0 });
    await until(d.id, 'delivered');
    const after = await request(h.app).get('/api/v1/tickets?deliveryFailed=true&limit=100').set(supervisor.auth);
    expect(after.body.tickets.map((x: { id: number }) => x.id)).not.to.include(t.id);

    const delivered = await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(supervisor.auth);
    expect(delivered.status).to.equal(409);
    expect(delivered.body.error.code).to.equal('DELIVERY_NOT_DEAD');

    const audited = await h.c.db('audit_log').where({ action: 'delivery-retried', ticket_id: t.id }).select('actor_user_id');
    expect(audited.map((a) => a.actor_user_id)).to.deep.equal([supervisor.id]);
    const events = (await request(h.app).get(`/api/v1/tickets/${t.id}`).set(supervisor.auth)).body.timeline as { action: string; actor: { type: string; userId?: number } }[];
    const retried = events.filter((e) => e.action === 'delivery-retried');
    expect(retried).to.have.length(1);
    expect(retried[0].actor).to.include({ type: 'user', userId: supervisor.id });
  });

  it('when a delivered message is handed to the worker again, or attempted twice at once, then the partner receives it once', async () => {
    const partner = await setup({});
    const t = await newTicket();
    const d = await enqueue(partner, t.id);
    await until(d.id, 'delivered');
    const r = receiver as WebhookReceiver;
    expect(r.requests).to.have.length(1);

    // The same message as a second job (e.g. the relay racing the request): it finds it delivered.
    await h.c.queues.add('delivery', { deliveryId: d.id }, `again-${d.id}`);
    await waitFor('second job done', async () => (await (await h.c.queues.get('delivery').getJob(`again-${d.id}`))?.getState()) === 'completed');
    expect(await h.c.partners.attempt(d.id)).to.deep.equal({ outcome: 'skipped', reason: 'already delivered' });
    expect(r.requests).to.have.length(1);
    expect((await timeline(t.id)).filter((e) => e.action === 'delivery-acknowledged')).to.have.length(1);

    // Two attempts racing for one pending message: the attempt claim lets one of them post.
    await worker?.stop();
    worker = undefined;
    const racing = await enqueue(partner, null);
    const outcomes = await Promise.all([h.c.partners.attempt(racing.id), h.c.partners.attempt(racing.id)]);
    expect(outcomes.map((o) => o.outcome).sort()).to.deep.equal(['delivered', 'skipped']);
    expect(r.requests.filter((x) => x.headers['x-hotline-delivery'] === String(racing.id))).to.have.length(1);
  });

  it('when no endpoint is configured for the partner, then the message waits as dead with a clear error until an admin configures one and retries', async () => {
    await setup({});
    const partner = `unconfigured-${process.pid}-${serial}`;
    const t = await newTicket();
    const d = await enqueue(partner, t.id);
    const dead = await until(d.id, 'dead');
    expect(dead.last_error).to.equal(`no endpoint configured for partner ${partner}`);
    expect(dead.attempts).to.equal(0);

    const r = receiver as WebhookReceiver;
    const put = await request(h.app).put(`/api/v1/admin/partners/${partner}`).set(admin.auth).send({ url: r.url, secret, active: false });
    expect(put.status).to.equal(200);
    await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(admin.auth).expect(202);
    expect((await until(d.id, 'dead')).last_error).to.equal(`partner ${partner} is inactive`);

    await request(h.app).put(`/api/v1/admin/partners/${partner}`).set(admin.auth).send({ url: r.url, active: true }).expect(200);
    await request(h.app).post(`/api/v1/admin/deliveries/${d.id}/retry`).set(admin.auth).expect(202);
    await until(d.id, 'delivered');
    expect(r.successes).to.have.length(1);
    expect(signatureIsValid(r.successes[0], secret), 'the secret was kept when the PUT left it out').to.equal(true);
  });

  it('when the partner does not answer within the timeout, then the attempt counts as failed and the message ends dead with the reason', async () => {
    const partner = await setup({ delayMs: 1000 }, { timeoutMs: 100, maxAttempts: 2 });
    const d = await enqueue(partner, null);
    const dead = await until(d.id, 'dead');
    expect(dead).to.include({ attempts: 2, last_error: 'no answer within 100 ms', last_status_code: null });
  });

  it('when a pending message lost its job, then the sweep hands it to the queue again', async () => {
    const partner = await setup({});
    // Written without its outbox hand-over, as if Redis had lost the job.
    const [row] = await h.c
      .db('partner_deliveries')
      .insert({ partner, ticket_id: null, kind: 'sms', payload: JSON.stringify({ kind: 'sms' }), next_attempt_at: new Date(Date.now() - 10 * 86_400_000), created_at: new Date(), updated_at: new Date() })
      .returning('id');
    // Only messages days late, so that other tests' unsent messages are left alone.
    expect(await h.c.partners.sweep(9 * 86_400_000)).to.be.at.least(1);
    await until(row.id, 'delivered');
    expect((receiver as WebhookReceiver).requests).to.have.length(1);
  });

  it('when nothing is configured, then a worker tries 8 times, waiting 1 s doubled after each failure, with a 10 s timeout; an emergency forever, waiting at most 30 s, alerting after a minute', () => {
    expect(defaultDeliveryPolicy).to.deep.equal({ maxAttempts: 8, backoffMs: 1000, timeoutMs: 10_000, emergencyMaxBackoffMs: 30_000, alertAfterMs: 60_000 });
    expect([1, 2, 3, 7].map((n) => backoffDelay(defaultDeliveryPolicy, n))).to.deep.equal([1000, 2000, 4000, 64_000]);
    expect([1, 5, 6, 1000].map((n) => backoffDelay(defaultDeliveryPolicy, n, true))).to.deep.equal([1000, 16_000, 30_000, 30_000]);
  });
});
