import { expect } from 'chai';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { WebhookReceiver } from '../support/webhook-receiver';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { makeStaff, signIn, startStack, type Stack } from './support/stack';

describe('the failed partner deliveries queue (/queues?kind=delivery-failed): a supervisor sends a dead message again', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let admin: TestUser;
  let operator: TestUser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    receiver = await WebhookReceiver.start();
    admin = await makeUser(stack.h, 'admin');
    operator = await makeUser(stack.h, 'operator');
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    await receiver?.close();
  });

  it('when the partner had no endpoint and an admin has since set it up, then the supervisor clicks "send again" and sees it delivered, and the ticket leaves the queue', async () => {
    const partner = `sms-e2e-${process.pid}`;
    const created = await request(stack.h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ description: `回访短信推送失败 ${Date.now()}` }));
    expect(created.status).to.equal(201);
    const ticket = created.body as { id: number; ticketNo: string };
    // A message to a partner nobody configured yet: the worker gives it up at once (dead).
    const d = await stack.h.c.db.transaction((tx) => stack.h.c.partners.enqueue(tx, { partner, ticket_id: ticket.id, kind: 'sms', payload: { kind: 'sms', to: '13812345678', text: '请评价' } }));
    await waitFor('the message dead', async () => (await stack.h.c.db('partner_deliveries').where({ id: d.id }).first()).status === 'dead', 20_000);
    const put = await request(stack.h.app).put(`/api/v1/admin/partners/${partner}`).set(admin.auth).send({ url: receiver.url, secret: `e2e-secret-${process.pid}-0123456789`, active: true });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);

    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/queues?kind=delivery-failed');
    const row = page.locator(`#queue-list [data-ticket-no="${ticket.ticketNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    const countBefore = Number(await page.locator('#queue-count').innerText());
    await row.click();

    const item = page.locator(`#deliveries li[data-delivery="${d.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-status')).to.equal('dead');
    expect(await item.innerText()).to.contain('推送失败').and.contain(`no endpoint configured for partner ${partner}`);
    await screenshot(page, 'queues-delivery-failed');

    await item.getByRole('button', { name: '重新推送' }).click();
    const result = page.locator('#delivery-result');
    await result.filter({ hasText: '对方已确认收到' }).waitFor({ timeout: 20_000 });
    expect(await result.getAttribute('data-state')).to.equal('delivered');
    expect(await item.getAttribute('data-status')).to.equal('delivered');
    expect(receiver.successes.filter((r) => r.headers['x-hotline-delivery'] === String(d.id))).to.have.length(1);

    // The queue follows: the ticket is gone from it, and its timeline says who sent it again.
    await page.locator('#queue-count', { hasText: new RegExp(`^${countBefore - 1}$`) }).waitFor({ timeout: 10_000 });
    expect(await row.count()).to.equal(0);
    const retried = page.locator('.ticket-timeline [data-event="delivery-retried"]');
    await retried.waitFor({ timeout: 10_000 });
    expect(await retried.innerText()).to.contain('重新推送').and.contain('e2e-supervisor');
    await page.locator('.ticket-timeline [data-event="delivery-acknowledged"]').waitFor({ timeout: 10_000 });
    await screenshot(page, 'queues-delivery-retried');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });
});
