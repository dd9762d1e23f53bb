import { expect } from 'chai';
import request from 'supertest';
import { startDeliveryWorker } from '../../workers/delivery.worker';
import { makeApiKey, ticketBody } from '../support/factories';
import { isolatedHarness, type Harness } from '../support/harness';
import { lifecycleDriver, makeCast, type Cast } from '../support/lifecycle';
import { waitFor } from '../support/wait';
import { signatureIsValid, WebhookReceiver } from '../support/webhook-receiver';

/**
 * 110 linkage both ways (SPEC section 7): emergencies out to the 110 platform's webhook, and the
 * outcome of a matter 110 handed over sent back under its incident number when the ticket closes.
 */
describe('110 linkage', () => {
  let h: Harness;
  let cast: Cast;
  let d: ReturnType<typeof lifecycleDriver>;
  let police: WebhookReceiver;
  let worker: { stop: () => Promise<void> };
  const secret = `police-secret-${process.pid}-abcdef`;

  before(async () => {
    h = await isolatedHarness({ env: { QUEUE_PREFIX: `partners-110-${process.pid}` } });
    cast = await makeCast(h);
    d = lifecycleDriver(h, cast);
    police = await WebhookReceiver.start();
    await request(h.app).put('/api/v1/admin/partners/110').set(cast.admin.auth).send({ url: police.url, secret }).expect(200);
    worker = startDeliveryWorker(h.c, { backoffMs: 20, timeoutMs: 2000 });
  });

  after(async () => {
    await worker.stop();
    await police.close();
    // The 110 endpoint is shared by the whole test database: leave no pointer to a closed port.
    await h.c.db('partner_endpoints').where({ name: '110' }).delete();
  });

  const deliveriesOf = (ticketId: number) => h.c.db('partner_deliveries').where({ ticket_id: ticketId }).orderBy('id');
  const receivedFor = (deliveryId: number) => police.requests.filter((r) => r.headers['x-hotline-delivery'] === String(deliveryId));
  const deliveredFor = (ticketId: number, kind: string) =>
    waitFor(`${kind} delivered for ticket ${ticketId}`, async () => (await deliveriesOf(ticketId)).find((x) => x.kind === kind && x.status === 'delivered'), 10_000);
  const timelineActions = async (ticketId: number) =>
    ((await request(h.app).get(`/api/v1/tickets/${ticketId}`).set(cast.supervisor.auth)).body.timeline as { action: string }[]).map((e) => e.action);

  it('when an operator transfers a ticket to 110, then the 110 webhook receives the emergency, signed, with what the police need, and the acknowledgement is on the ticket', async () => {
    const t = await d.create({ description: '楼下有人持刀打架，已经有人受伤', location: { districtCode: '310104', street: '田林街道', address: '田林路100号' } });
    await d.expectOk(await d.act(cast.operator, t.id, 'transfer-110', { reason: '涉及人身安全' }));

    const delivery = await deliveredFor(t.id, 'emergency');
    expect(delivery.partner).to.equal('110');
    const [req] = receivedFor(delivery.id);
    expect(signatureIsValid(req, secret)).to.equal(true);
    const body = JSON.parse(req.body);
    expect(body).to.deep.include({
      kind: 'emergency',
      ticketNo: t.ticketNo,
      line: '12345',
      channel: 'phone',
      description: '楼下有人持刀打架，已经有人受伤',
      reason: '涉及人身安全',
    });
    expect(body.citizen).to.deep.equal({ name: '张先生', phone: '13812345678', anonymous: false });
    expect(body.location).to.include({ districtCode: '310104', street: '田林街道', address: '田林路100号' });
    expect(body.transferredAt).to.be.a('string');
    expect((await timelineActions(t.id)).slice(-2)).to.deep.equal(['transfer-110', 'delivery-acknowledged']);
  });

  it('when a 110 hand-over is dispatched, accepted, replied and closed by a satisfied citizen, then the outcome goes back to 110 under its incident number', async () => {
    const key = await makeApiKey(h, '110');
    const incident = `JJ${process.pid}${Date.now()}`;
    const created = await request(h.app)
      .post('/api/v1/tickets')
      .set(key.headers)
      .send(ticketBody({ line: '110', channel: 'transfer', externalRef: incident }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const t = created.body as { id: number; ticketNo: string };

    await d.expectOk(await d.act(cast.dispatcher, t.id, 'dispatch'));
    await d.expectOk(await d.act(cast.handler, t.id, 'accept'));
    await d.expectOk(await d.act(cast.handler, t.id, 'reply', { result: '已责令工地停止夜间施工', outcome: 'resolved' }));
    expect(await deliveriesOf(t.id), 'nothing goes back before the ticket is closed').to.have.length(0);
    await d.expectOk(await d.act(cast.operator, t.id, 'survey', { reached: true, contacted: true, resolved: 'resolved', satisfaction: 'satisfied' }));

    const delivery = await deliveredFor(t.id, 'outcome');
    const [req] = receivedFor(delivery.id);
    expect(signatureIsValid(req, secret)).to.equal(true);
    const body = JSON.parse(req.body);
    expect(body).to.deep.include({ kind: 'outcome', externalRef: incident, ticketNo: t.ticketNo, outcome: 'resolved', result: '已责令工地停止夜间施工' });
    expect(body.department).to.include({ code: '310104-ENV' });
    expect(body.survey).to.include({ reached: true, satisfaction: 'satisfied' });
    const closed = await h.c.db('tickets').where({ id: t.id }).first();
    expect(body.closedAt).to.equal(closed.closed_at.toISOString());
    expect((await timelineActions(t.id)).slice(-2)).to.deep.equal(['survey', 'delivery-acknowledged']);
  });

  it('when a ticket that did not come from 110 is closed, or a transfer is refused, then nothing is sent to 110', async () => {
    const closed = await d.ticketIn('closed');
    const dispatched = await d.ticketIn('dispatched');
    const refused = await d.act(cast.operator, dispatched.id, 'transfer-110', { reason: '涉及人身安全' });
    expect(refused.status).to.equal(409);
    expect(await deliveriesOf(closed.id)).to.have.length(0);
    expect(await deliveriesOf(dispatched.id)).to.have.length(0);
  });
});
