import { expect } from 'chai';
import type { WebSocketRoute } from 'playwright-core';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { live, makeStaff, markDocument, notReloaded, signIn, startStack, type Stack } from './support/stack';

describe('the centre at work: dispatch pool, SLA colours, emergencies, reconnects', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let apiOperator: TestUser;
  let apiDispatcher: TestUser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    apiOperator = await makeUser(stack.h, 'operator');
    apiDispatcher = await makeUser(stack.h, 'dispatcher');
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const createTicket = async (overrides: Record<string, unknown>) => {
    const res = await request(stack.h.app).post('/api/v1/tickets').set(apiOperator.auth).send(ticketBody(overrides));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: number; ticketNo: string };
  };

  it('when routing cannot place a ticket, then the dispatcher sees it arrive live and dispatches it from the pool', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'dispatcher'));
    expect(new URL(page.url()).pathname).to.equal('/dispatch');
    await live(page);
    await markDocument(page);
    const { ticketNo } = await createTicket({ description: `市民来电反映一个情况，希望有关部门了解一下 ${Date.now()}`, categoryCode: undefined, location: undefined });

    const row = page.locator(`#pending-list .ticket-row[data-ticket-no="${ticketNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await notReloaded(page)).to.equal(true);
    await row.getByRole('button').click();
    await page.getByRole('button', { name: '派单', exact: true }).click();
    await page.getByLabel('承办单位').fill('310104-CITY');
    await screenshot(page, 'dispatch-pool');
    await page.getByRole('button', { name: '确认派单' }).click();
    await page.locator('.detail-flash.msg-ok', { hasText: ticketNo }).waitFor();
    await row.waitFor({ state: 'detached' });
    const stored = await stack.h.c.db('tickets as t').join('departments as d', 'd.id', 't.department_id').where('t.ticket_no', ticketNo).first('t.status', 'd.code');
    expect(stored).to.deep.equal({ status: 'dispatched', code: '310104-CITY' });
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when a dispatcher picks a department that does not exist, then the API\'s message is shown next to the field', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'dispatcher'));
    const { ticketNo } = await createTicket({ description: `另一件说不清归属的事情 ${Date.now()}`, categoryCode: undefined, location: undefined });
    const row = page.locator(`#pending-list .ticket-row[data-ticket-no="${ticketNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button').click();
    await page.getByRole('button', { name: '派单', exact: true }).click();
    await page.getByLabel('承办单位').fill('NO-SUCH-DEPT');
    await page.getByRole('button', { name: '确认派单' }).click();
    const field = page.locator('.action-form .field:has(input[name="departmentCode"])');
    await field.locator('.field-error', { hasText: 'NO-SUCH-DEPT' }).waitFor();
    expect(await field.locator('input').getAttribute('aria-invalid')).to.equal('true');
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it("when a handler's tickets run late, then the queue puts the overdue one first in red and the one at risk next in amber", async () => {
    const handlerUser = await makeStaff(stack.h, 'handler', '310105-ENV');
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      const t = await createTicket({ description: `长宁区某工地夜间施工噪音 ${i} ${Date.now()}`, categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: '310105' } });
      const res = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: '310105-ENV' });
      // Routing may have got there first; either way it is now the district bureau's.
      expect([200, 409]).to.include(res.status);
      tickets.push(t);
    }
    // Time passes for two of them: dispatched long ago, one past its due time, one at 90% of it.
    const hour = 3_600_000;
    const now = Date.now();
    const set = (id: number, dispatchedAgo: number, dueIn: number) =>
      stack.h.c.db('tickets').where({ id }).update({ dispatched_at: new Date(now - dispatchedAgo), accept_due_at: new Date(now + dueIn), reply_due_at: new Date(now + dueIn) });
    await set(tickets[0].id, 30 * hour, -2 * hour);
    await set(tickets[1].id, 9 * hour, hour);

    const page = await signIn(browser, stack, handlerUser);
    const mine = tickets.map((t) => page.locator(`#queue .ticket-row[data-ticket-no="${t.ticketNo}"]`));
    for (const row of mine) await row.waitFor();
    const order = await page.locator('#queue .ticket-row').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.ticketNo));
    const positions = tickets.map((t) => order.indexOf(t.ticketNo));
    expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
    const states = await Promise.all(mine.map((row) => row.locator('.countdown').getAttribute('data-state')));
    expect(states).to.deep.equal(['over', 'risk', 'ok']);
    expect(await mine[0].locator('.countdown').innerText()).to.contain('超期');
    await screenshot(page, 'workbench-sla-colours');
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when the caller describes an emergency, then the operator sees the warning at once and can hand the ticket to 110', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'operator'));
    await page.getByRole('textbox', { name: '诉求内容', exact: true }).fill('楼下有人持刀砍人，现在还在打，有人受伤流血');
    await page.getByLabel('联系电话').fill('13700001234');
    await page.getByRole('button', { name: '创建工单' }).click();
    const warning = page.locator('#emergency[role="alert"]');
    await warning.waitFor();
    expect(await warning.innerText()).to.contain('110');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('emergency');
    await screenshot(page, 'operator-emergency');
    await page.getByRole('button', { name: '立即转 110' }).click();
    await warning.locator('.emergency-status', { hasText: '已转 110' }).waitFor();
    const ticketNo = (await page.locator('#created-ticket-no').innerText()).trim();
    expect((await stack.h.c.db('tickets').where({ ticket_no: ticketNo }).first()).status).to.equal('transferred_110');
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when two calls report the same road problem at the same address, then the dispatcher sees the suggestion and merges them', async () => {
    // A group category with no default department and no rule: routing leaves both in the pool.
    const address = `延安西路${Date.now() % 100000}号`;
    const first = await createTicket({ description: '路面塌陷一个大坑，车辆经过很危险', categoryCode: 'TRANSPORT.ROAD', location: { districtCode: '310105', address } });
    const second = await createTicket({ description: '门口马路塌了个坑', categoryCode: 'TRANSPORT.ROAD', location: { districtCode: '310105', address: ` ${address}` } });
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'dispatcher'));
    const row = page.locator(`#pending-list .ticket-row[data-ticket-no="${second.ticketNo}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button').click();
    const suggestion = page.locator(`.msg-info li[data-ticket-no="${first.ticketNo}"]`);
    await suggestion.waitFor();
    await suggestion.getByRole('button', { name: '并入此单' }).click();
    expect(await page.getByLabel('并入的主工单号').inputValue()).to.equal(first.ticketNo);
    await screenshot(page, 'dispatch-merge');
    await page.getByRole('button', { name: '确认并案' }).click();
    await page.locator('.detail-flash.msg-ok', { hasText: '已并案' }).waitFor();
    await row.waitFor({ state: 'detached' });
    const merged = await stack.h.c.db('tickets').where({ id: second.id }).first();
    expect(merged.status).to.equal('merged');
    expect(merged.parent_ticket_id).to.equal(first.id);
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when the knowledge base has the answer, then the operator picks the category by keyboard and ends the call answered on the spot', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'operator'));
    await page.getByLabel('诉求类型').selectOption('consult');
    await page.getByRole('textbox', { name: '诉求内容', exact: true }).fill('我想问一下居住证怎么办理，需要带什么材料');
    const picker = page.getByRole('combobox', { name: '分类' });
    await picker.focus();
    await page.keyboard.type('居住证');
    await page.locator('#category-list [role=option].active').waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator('#f-category-code').inputValue()).to.equal('POLICE.RESIDENCE_PERMIT');

    const article = page.locator('.kb-item', { hasText: '如何申领上海市居住证' });
    await article.waitFor();
    await article.getByRole('button', { name: '当场解答' }).click();
    const answer = article.getByLabel('答复内容（可修改后确认）');
    expect(await answer.inputValue()).to.contain('居住登记');
    await answer.fill(`${await answer.inputValue()}（已告知市民可通过“随申办”在线申请）`);
    await screenshot(page, 'operator-kb-answer');
    await article.getByRole('button', { name: '确认当场解答并结束来电' }).click();
    await page.locator('#result-panel', { hasText: '已当场解答' }).waitFor();
    const ticketNo = (await page.locator('#created-ticket-no').innerText()).trim();
    const row = await stack.h.c.db('tickets').where({ ticket_no: ticketNo }).first();
    expect(row.status).to.equal('answered');
    expect(row.answer).to.contain('随申办');
    expect(problemsOf(page)).to.deep.equal([]);
  });

  it('when a handler asks for more time, then the supervisor sees the request, approves it and urges, and the handler sees the urge live', async () => {
    const t = await createTicket({ description: `长宁区夜间施工噪音扰民，需现场勘查 ${Date.now()}`, categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: '310105' } });
    await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: '310105-ENV' });
    const apiHandler = await makeUser(stack.h, 'handler', '310105-ENV');
    for (const [action, body] of [['accept', {}], ['extension', { workingDays: 3, reason: '需要联合执法现场勘查' }]] as const) {
      const res = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/${action}`).set(apiHandler.auth).send(body);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
    const dueBefore = (await stack.h.c.db('tickets').where({ id: t.id }).first()).reply_due_at as Date;

    const handlerPage = await signIn(browser, stack, await makeStaff(stack.h, 'handler', '310105-ENV'));
    await handlerPage.locator(`.ticket-row[data-ticket-no="${t.ticketNo}"] button`).click();
    await handlerPage.locator('.detail-head', { hasText: t.ticketNo }).waitFor();
    await live(handlerPage);

    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'));
    await page.getByLabel('搜索工单号或内容').fill(t.ticketNo);
    await page.locator(`.ticket-row[data-ticket-no="${t.ticketNo}"] button`).click();
    await page.locator('.msg-warn', { hasText: '延期申请待审批：3 个工作日' }).waitFor();
    await page.getByRole('button', { name: '批准延期', exact: true }).click();
    await page.getByRole('button', { name: '确认批准延期' }).click();
    await page.locator('.detail-flash.msg-ok', { hasText: '批准延期成功' }).waitFor();
    await page.locator('.msg-warn', { hasText: '延期申请待审批' }).waitFor({ state: 'detached' });
    const dueAfter = (await stack.h.c.db('tickets').where({ id: t.id }).first()).reply_due_at as Date;
    expect(dueAfter.getTime()).to.be.above(dueBefore.getTime());

    await page.getByRole('button', { name: '督办', exact: true }).click();
    await page.getByLabel('说明').fill('市民多次来电，请本周内办结');
    await page.getByRole('button', { name: '确认督办' }).click();
    await page.locator('.detail-flash.msg-ok', { hasText: '督办成功' }).waitFor();
    await screenshot(page, 'workbench-supervisor-urge');
    // The handler's open ticket shows the urge without anyone reloading.
    await handlerPage.locator('.msg-error', { hasText: '市民多次来电，请本周内办结' }).waitFor({ timeout: 20_000 });
    await screenshot(handlerPage, 'workbench-urged');
    expect(problemsOf(page)).to.deep.equal([]);
    expect(problemsOf(handlerPage)).to.deep.equal([]);
  });

  it('when the live connection drops and comes back, then the dashboard reads the figures again and shows what happened meanwhile', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    // Socket.io's traffic goes through routes the test can cut: websockets closed, polling refused.
    let cut = false;
    let upgraded = false;
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, async (ws) => {
      if (cut) {
        await ws.close();
        return;
      }
      sockets.push(ws);
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (message === '5') upgraded = true; // engine.io's "upgrade": the connection now runs on this websocket
        server.send(message);
      });
    });
    await page.route(/\/socket\.io\/.*transport=polling/, (route) => (cut ? route.abort() : route.continue()));
    await page.reload();
    await live(page);
    // The client connects over polling and then upgrades: cut before that and a long poll in flight
    // keeps the old connection looking alive for up to a ping interval (25 s).
    await waitFor('the live connection to move to its websocket', async () => upgraded, 20_000);
    // The figure the page must show is the server's: read it from the API, not from the page.
    const supervisor = await makeUser(stack.h, 'supervisor');
    const serverIntake = async () => (await request(stack.h.app).get('/api/v1/metrics?window=today').set(supervisor.auth)).body.intake.total as number;
    const shows = (n: number) =>
      page.waitForFunction((want) => Number((document.querySelector('[data-kpi="intake"] .kpi-value')?.textContent ?? '').replace(/\D/g, '')) === want, n, { timeout: 20_000 });
    const before = await serverIntake();
    await shows(before);

    cut = true;
    for (const ws of sockets) await ws.close();
    await page.locator('.live-reconnecting').waitFor({ timeout: 20_000 });
    await createTicket({ description: `断线期间的来电 ${Date.now()}` });
    expect(await serverIntake()).to.equal(before + 1);

    let metricsReads = 0;
    page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/v1/metrics') metricsReads++;
    });
    cut = false;
    await live(page);
    await shows(before + 1);
    expect(metricsReads).to.be.at.least(1);
    await screenshot(page, 'dashboard-after-reconnect');
    const unexpected = problemsOf(page).filter((p) => !p.includes('/socket.io/'));
    expect(unexpected).to.deep.equal([]);
  });
});
