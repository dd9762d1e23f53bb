import { expect } from 'chai';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { live, makeStaff, signIn, startStack, type Stack } from './support/stack';

// Issue 14 in the browser: caller history, follow-up calls, duplicates while typing with the caller
// attached, answered on the spot recorded as a consultation, a chase reaching the handler live.

describe("the operator's call in the browser (issue 14)", function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let operator: TestUser;
  let page: Page;
  const phone = `136${String(Date.now()).slice(-8)}`;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    operator = await makeUser(stack.h, 'operator');
    page = await signIn(browser, stack, await makeStaff(stack.h, 'operator'));
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A ticket as an operator makes it, once routing (running in this stack) has placed it. */
  const create = async (overrides: Record<string, unknown>) => {
    const res = await request(stack.h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody(overrides));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    await waitFor('routing', async () => (await stack.h.c.db('ticket_events').where({ ticket_id: res.body.id }).whereIn('action', ['route', 'classify']).first()) !== undefined, 10_000);
    return res.body as { id: number; ticketNo: string };
  };

  it("when the operator types a caller's phone number, then the caller's open and ended tickets appear with their totals, and a chase is recorded from there", async () => {
    const open = await create({ citizen: { name: '钱先生', phone }, description: '小区门口路灯不亮已经一周' });
    const ended = await create({ citizen: { name: '钱先生', phone }, description: '测试来电' });
    const cancel = await request(stack.h.app).post(`/api/v1/tickets/${ended.id}/cancel`).set(operator.auth).send({ reason: '测试来电' });
    expect(cancel.status).to.equal(200);

    await page.getByRole('textbox', { name: '联系电话', exact: true }).fill(phone);
    const history = page.locator('#caller-history');
    await history.waitFor();
    await page.locator('#history-open li[data-ticket-no]').first().waitFor();
    expect(await page.locator('#history-title').innerText()).to.contain('（2）');
    expect(await page.locator('#history-open li[data-ticket-no]').getAttribute('data-ticket-no')).to.equal(open.ticketNo);
    expect(await page.locator('#history-ended li[data-ticket-no]').getAttribute('data-ticket-no')).to.equal(ended.ticketNo);
    await screenshot(page, 'operator-caller-history');

    const row = page.locator(`#history-open li[data-ticket-no="${open.ticketNo}"]`);
    await row.locator('[data-action="follow-up"]').click();
    const dialog = page.locator('.action-dialog');
    await dialog.getByRole('radio', { name: '催办' }).check({ force: true });
    await dialog.getByRole('textbox').fill('市民再次来电，路灯仍未修复');
    await dialog.getByRole('button', { name: /提交|确认/ }).click();
    await page.locator('#history-msg').waitFor();
    const [{ n }] = await stack.h.c.db('ticket_events').where({ ticket_id: open.id, action: 'follow-up' }).whereRaw(`data->>'kind' = 'chase'`).count({ n: '*' });
    expect(Number(n)).to.equal(1);
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when the caller reports a matter already open at the same address, then the form shows it and attaching the caller makes no new ticket', async () => {
    await page.getByRole('button', { name: '新来电（清空）' }).first().click();
    const address = `宜山路${Date.now() % 100000}号`;
    const parent = await create({ categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: '310104', address } });
    const callerPhone = `135${String(Date.now()).slice(-8)}`;
    await page.getByRole('textbox', { name: '诉求内容', exact: true }).fill('工地晚上还在施工，吵得睡不着');
    await page.getByRole('textbox', { name: '详细地址', exact: true }).fill(address);
    await page.getByRole('textbox', { name: '联系电话', exact: true }).fill(callerPhone);
    const similar = page.locator(`#similar-tickets li[data-ticket-no="${parent.ticketNo}"]`);
    await similar.waitFor();
    await screenshot(page, 'operator-similar');
    const before = await stack.h.c.db('tickets').count({ n: '*' });
    await similar.locator('[data-action="attach-caller"]').click();
    await page.locator('#created-ticket-no', { hasText: parent.ticketNo }).waitFor();
    expect(await page.locator('#intake-msg').innerText()).to.contain(parent.ticketNo);
    // A second submit after that shows the same ticket; nothing new is made.
    await page.locator('#create-btn').click();
    await page.locator('#intake-msg', { hasText: '未重复创建' }).waitFor();
    expect(await stack.h.c.db('tickets').count({ n: '*' })).to.deep.equal(before);
    const callers = await stack.h.c.db('ticket_callers').where({ ticket_id: parent.id });
    expect(callers.map((c) => c.phone)).to.deep.equal([callerPhone]);
  });

  it('when a knowledge-base article answers the caller, then the call is recorded as a consultation under the article’s category, though the form said complaint', async () => {
    const p = await signIn(browser, stack, await makeStaff(stack.h, 'operator'));
    await p.getByRole('textbox', { name: '诉求内容', exact: true }).fill('请问怎么办理居住证');
    const article = p.locator('.kb-item', { hasText: '如何申领上海市居住证' });
    await article.waitFor();
    await article.getByRole('button', { name: '当场解答' }).click();
    expect(await article.locator('.kb-category').innerText()).to.contain('POLICE.RESIDENCE_PERMIT');
    await article.getByRole('button', { name: '确认当场解答并结束来电' }).click();
    await p.locator('#result-panel', { hasText: '已当场解答' }).waitFor();
    const no = (await p.locator('#created-ticket-no').innerText()).trim();
    const row = await stack.h.c.db('tickets as t').leftJoin('categories as c', 'c.id', 't.category_id').where('t.ticket_no', no).first('t.type', 'c.code');
    expect(row).to.deep.equal({ type: 'consult', code: 'POLICE.RESIDENCE_PERMIT' });
    expect(problemsOf(p)).to.deep.equal([]);
  });

  it("when a citizen calls to chase, then the holding handler's workbench says so at once, without a reload", async () => {
    // Night-construction noise in Xuhui: routing sends it to the district's environment bureau.
    const t = await create({ categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION' });
    expect((await stack.h.c.db('tickets').where({ id: t.id }).first()).department_id).to.equal(stack.h.c.directory.getByCode('310104-ENV')?.id);
    const handlerPage = await signIn(browser, stack, await makeStaff(stack.h, 'handler', '310104-ENV'));
    await live(handlerPage);
    const res = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/follow-up`).set(operator.auth).send({ kind: 'chase', note: '市民来电催办' });
    expect(res.status).to.equal(200);
    await handlerPage.getByRole('alert').filter({ hasText: `市民来电催办：工单 ${t.ticketNo}` }).waitFor({ timeout: 10_000 });
    await screenshot(handlerPage, 'workbench-chase');
    expect(problemsOf(handlerPage)).to.deep.equal([]);
  });
});
