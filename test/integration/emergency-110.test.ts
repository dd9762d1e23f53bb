import { expect } from 'chai';
import request from 'supertest';
import { startWebServer } from '../../src/server';
import { startDeliveryWorker } from '../../workers/delivery.worker';
import { makeUser, type TestUser } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { closeLiveClients, connectLive, liveUrl, pause } from '../support/live-clients';
import { waitFor } from '../support/wait';
import { WebhookReceiver } from '../support/webhook-receiver';

interface UndeliveredPush {
  ticketId: number;
  ticketNo: string;
  message: string;
}

/**
 * SPEC section 7: an emergency handed to 110 is retried until 110 acknowledges it, however long
 * that takes, and after a minute of failure the people who can phone 110 are told to (issue 16).
 * The worker runs with tiny delays: a 40 ms backoff cap and an alert after 400 ms.
 */
describe('emergencies to 110: retried until acknowledged, people alerted', () => {
  let h: Harness;
  let web: Awaited<ReturnType<typeof startWebServer>>;
  let police: WebhookReceiver;
  let worker: { stop: () => Promise<void> };
  let operator: TestUser;
  let otherOperator: TestUser;
  let supervisor: TestUser;
  let admin: TestUser;
  const secret = `police-secret-${process.pid}-forever`;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `emergency-110-${process.pid}` } });
    web = await startWebServer(h.c, 0);
    [operator, otherOperator, supervisor, admin] = [await makeUser(h, 'operator'), await makeUser(h, 'operator'), await makeUser(h, 'supervisor'), await makeUser(h, 'admin')];
    police = await WebhookReceiver.start({ alwaysFail: true });
    worker = startDeliveryWorker(h.c, { backoffMs: 10, maxAttempts: 3, timeoutMs: 2000, emergencyMaxBackoffMs: 40, alertAfterMs: 400 });
  });

  afterEach(closeLiveClients);
  after(async () => {
    await worker.stop();
    await web.stop();
    await police.close();
    // The 110 endpoint is shared by the whole test database: leave no pointer to a closed port.
    await h.c.db('partner_endpoints').where({ name: '110' }).delete();
  });

  const delivery = async (ticketId: number) => h.c.db('partner_deliveries').where({ ticket_id: ticketId, kind: 'emergency' }).first();
  const timeline = async (ticketId: number) =>
    (await request(h.app).get(`/api/v1/tickets/${ticketId}`).set(supervisor.auth)).body.timeline as { action: string; note: string | null }[];

  async function transferred(): Promise<{ id: number; ticketNo: string }> {
    const created = await request(h.app)
      .post('/api/v1/tickets')
      .set(operator.auth)
      .send({ line: '12345', channel: 'phone', type: 'complaint', description: `楼下有人持刀打架 ${process.hrtime.bigint()}`, citizen: { name: '王女士', phone: '13900001111' } })
      .expect(201);
    await request(h.app).post(`/api/v1/tickets/${created.body.id}/transfer-110`).set(operator.auth).send({ reason: '涉及人身安全' }).expect(200);
    return created.body;
  }

  it('when 110 keeps failing, then the emergency is tried well past a round of attempts and never dead; after the alert delay the supervisors and the creating operator are told live and on the ticket, once; when 110 answers, it is delivered once', async () => {
    await request(h.app).put('/api/v1/admin/partners/110').set(admin.auth).send({ url: police.url, secret, active: true }).expect(200);
    const url = liveUrl(web.server);
    const [sup, creator, other] = await Promise.all([connectLive(url, { token: supervisor.token }), connectLive(url, { token: operator.token }), connectLive(url, { token: otherOperator.token })]);
    const t = await transferred();

    const alertFor = (p: UndeliveredPush) => p.ticketId === t.id;
    const [toSupervisor, toCreator] = await Promise.all([sup.next<UndeliveredPush>('emergency:undelivered', alertFor, 5000), creator.next<UndeliveredPush>('emergency:undelivered', alertFor, 5000)]);
    expect(toSupervisor).to.include({ ticketNo: t.ticketNo });
    expect(toCreator.message).to.match(/110/);

    // Well past maxAttempts (3): still pending, still being tried.
    const tried = await waitFor('ten attempts', async () => ((await delivery(t.id)).attempts >= 10 ? delivery(t.id) : undefined), 10_000);
    expect(tried.status).to.equal('pending');
    await pause(100);
    expect((other.received.get('emergency:undelivered') ?? []).filter((p) => alertFor(p as UndeliveredPush))).to.have.length(0);
    expect((sup.received.get('emergency:undelivered') ?? []).filter((p) => alertFor(p as UndeliveredPush))).to.have.length(1);
    const alerts = (await timeline(t.id)).filter((e) => e.action === 'delivery-alert');
    expect(alerts).to.have.length(1);
    expect(alerts[0].note).to.match(/phone 110 now/);

    police.succeedFromNow();
    const done = await waitFor('delivered', async () => ((await delivery(t.id)).status === 'delivered' ? delivery(t.id) : undefined), 5000);
    expect(police.successes.filter((r) => r.headers['x-hotline-delivery'] === String(done.id))).to.have.length(1);
    expect((await timeline(t.id)).map((e) => e.action)).to.include.members(['delivery-alert', 'delivery-acknowledged']).and.not.include('delivery-failed');
  });

  it('when no 110 endpoint is configured, then the emergency waits (pending, retried) instead of going dead, and is delivered once an admin configures one', async () => {
    await h.c.db('partner_endpoints').where({ name: '110' }).delete();
    police.succeedFromNow();
    const t = await transferred();
    const waiting = await waitFor('three attempts without endpoint', async () => ((await delivery(t.id)).attempts >= 3 ? delivery(t.id) : undefined), 5000);
    expect(waiting).to.include({ status: 'pending', last_error: 'no endpoint configured for partner 110' });

    await request(h.app).put('/api/v1/admin/partners/110').set(admin.auth).send({ url: police.url, secret, active: true }).expect(200);
    const done = await waitFor('delivered', async () => ((await delivery(t.id)).status === 'delivered' ? delivery(t.id) : undefined), 5000);
    expect(police.successes.filter((r) => r.headers['x-hotline-delivery'] === String(done.id))).to.have.length(1);
  });
});
