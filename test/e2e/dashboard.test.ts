import { expect } from 'chai';
import type { Page, WebSocketRoute } from 'playwright-core';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { live, makeStaff, markDocument, notReloaded, signIn, startStack, type Stack } from './support/stack';

/** The number a KPI tile's value shows (digits only: "1,234" and "98.5%" alike). */
const tileNumber = (page: Page, key: string) =>
  page.evaluate((k) => Number((document.querySelector(`[data-kpi="${k}"] .kpi-value`)?.textContent ?? '').replace(/\D/g, '')), key);

/** Waits until a KPI tile's value shows `want`. */
const tileShows = (page: Page, key: string, want: number) =>
  page.waitForFunction(
    ([k, n]) => Number((document.querySelector(`[data-kpi="${k}"] .kpi-value`)?.textContent ?? '').replace(/\D/g, '')) === Number(n),
    [key, String(want)],
    { timeout: 20_000 },
  );

/** The words drawn in a chart (SVG text). */
const chartWords = (page: Page, id: string) => page.locator(`#${id} svg text`).evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));

describe('the live dashboard (/dashboard): figures, charts, league table and late tickets, kept current', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let apiOperator: TestUser;
  let apiSupervisor: TestUser;
  let apiDispatcher: TestUser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    apiOperator = await makeUser(stack.h, 'operator');
    apiSupervisor = await makeUser(stack.h, 'supervisor');
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
  const serverMetrics = async () => (await request(stack.h.app).get('/api/v1/metrics?window=today').set(apiSupervisor.auth)).body;
  const serverTotal = async (query: string) => (await request(stack.h.app).get(`/api/v1/tickets?${query}&limit=1`).set(apiSupervisor.auth)).body.total as number;

  it('when a ticket is created through the API, then the intake tile moves without a reload', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await live(page);
    await page.locator('#league').waitFor();
    await markDocument(page);
    const before = (await serverMetrics()).intake.total as number;
    await tileShows(page, 'intake', before);
    const hourlyBars = () => page.locator('#chart-hourly svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')).join('|'));
    const barsBefore = await hourlyBars();

    await createTicket({ description: `监控页实时刷新测试 ${Date.now()}` });
    await tileShows(page, 'intake', before + 1);
    await page.waitForFunction((was) => [...document.querySelectorAll('#chart-hourly svg path')].map((p) => p.getAttribute('d')).join('|') !== was, barsBefore, { timeout: 10_000 });
    // Today's hours moved too (the push carries them).
    expect(await hourlyBars()).to.not.equal(barsBefore);
    expect(await tileNumber(page, 'intake')).to.equal((await serverMetrics()).intake.total);
    expect(await notReloaded(page)).to.equal(true);
    await screenshot(page, 'dashboard-live-intake');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when tickets run late, then the dashboard lists the overdue and the at-risk ones with their true totals and pages to the last', async () => {
    // Thirteen tickets with the districts' environment bureaus: twelve past their due time, one at
    // 90% of it. Nine districts: more departments than one page of the league table holds.
    const districts = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113'];
    const made: { id: number; ticketNo: string; district: string }[] = [];
    for (let i = 0; i < 13; i++) {
      const district = districts[i % districts.length];
      const t = await createTicket({ description: `夜间施工噪音 超期测试 ${i} ${Date.now()}`, categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION', location: { districtCode: district, address: `某路${i}号` } });
      made.push({ ...t, district });
    }
    for (const t of made) {
      const res = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: `${t.district}-ENV` });
      // Routing may have got there first; either way it is now the district bureau's.
      expect([200, 409]).to.include(res.status);
    }
    const hour = 3_600_000;
    const now = Date.now();
    const late = (id: number, dispatchedAgo: number, dueIn: number) =>
      stack.h.c.db('tickets').where({ id }).update({ dispatched_at: new Date(now - dispatchedAgo), accept_due_at: new Date(now + dueIn), reply_due_at: new Date(now + dueIn) });
    for (const t of made.slice(0, 12)) await late(t.id, 30 * hour, -2 * hour);
    await late(made[12].id, 9 * hour, hour);

    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    const overdueTotal = await serverTotal('overdue=true');
    expect(overdueTotal).to.be.at.least(12);
    const over = page.locator('#over-list li[data-ticket-no]');
    await waitFor('the first page of overdue tickets', async () => (await over.count()) === 10, 20_000);
    expect(await page.locator('#over-list-title .count').innerText()).to.equal(String(overdueTotal));
    // "More" reads on to the last ticket; then there is no more to read.
    const overPanel = page.locator('section', { has: page.locator('#over-list') });
    while (await overPanel.getByRole('button', { name: '加载更多' }).isVisible()) {
      const shown = await over.count();
      await overPanel.getByRole('button', { name: '加载更多' }).click();
      await waitFor('the next page', async () => (await over.count()) > shown, 10_000);
    }
    expect(await over.count()).to.equal(overdueTotal);
    const listed = await over.evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.ticketNo));
    for (const t of made.slice(0, 12)) expect(listed).to.include(t.ticketNo);
    expect(await over.first().locator('.countdown').getAttribute('data-state')).to.equal('over');

    const atRiskTotal = (await serverMetrics()).sla.atRisk as number;
    expect(atRiskTotal).to.be.at.least(1);
    const risk = page.locator(`#risk-list li[data-ticket-no="${made[12].ticketNo}"]`);
    await risk.waitFor({ timeout: 20_000 });
    expect(await risk.locator('.countdown').getAttribute('data-state')).to.equal('risk');
    expect(await page.locator('#risk-list-title .count').innerText()).to.equal(String(atRiskTotal));
    expect(await tileNumber(page, 'overdue')).to.equal((await serverMetrics()).sla.overdue);
    await screenshot(page, 'dashboard-late-tickets');

    // The league table names every department with activity, page after page, and says how many.
    const departments = ((await serverMetrics()).departments as unknown[]).length;
    expect(departments).to.be.at.least(9);
    const pager = page.locator('.league-pager');
    expect(await pager.locator('.el-pagination__total').innerText()).to.contain(String(departments));
    const ranks: string[] = [];
    for (;;) {
      ranks.push(...(await page.locator('#league tbody tr td:first-child').allInnerTexts()).map((r) => r.trim()));
      const next = pager.locator('button.btn-next');
      if (await next.isDisabled()) break;
      const first = await page.locator('#league tbody tr td:first-child').first().innerText();
      await next.click();
      await waitFor('the next page of the league table', async () => (await page.locator('#league tbody tr td:first-child').first().innerText()) !== first, 5000);
    }
    expect(ranks).to.deep.equal(Array.from({ length: departments }, (_, i) => String(i + 1)));
    await screenshot(page, 'dashboard-league-last-page');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the supervisor clicks the overdue tile or a league row, then the matching queue opens with its true total', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league').waitFor();
    await page.locator('[data-kpi="overdue"]').click();
    await page.waitForURL((url) => url.pathname === '/queues' && url.searchParams.get('kind') === 'overdue');
    const overdueTotal = await serverTotal('overdue=true');
    await page.locator('#queue-count', { hasText: new RegExp(`^${overdueTotal}$`) }).waitFor({ timeout: 20_000 });
    await page.locator('#queue-list [data-ticket-no]').first().waitFor();
    expect(await page.locator('#queue-list .marker-overdue').count()).to.be.at.least(1);
    await screenshot(page, 'queues-overdue');

    await page.goBack();
    const first = page.locator('#league .league-link').first();
    await first.waitFor();
    await first.click();
    await page.waitForURL((url) => url.pathname === '/queues' && url.searchParams.get('kind') === 'department');
    const departmentId = new URL(page.url()).searchParams.get('departmentId');
    const departmentTotal = await serverTotal(`departmentId=${departmentId}`);
    await page.locator('#queue-count', { hasText: new RegExp(`^${departmentTotal}$`) }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.queue-department').count()).to.equal(1);
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the supervisor narrows the dashboard to a line and a range of days, then the tiles show the server\'s figures for exactly that', async () => {
    await createTicket({ line: '12369', description: `工厂废气 线路筛选 ${Date.now()}` });
    await createTicket({ description: `夜间施工噪音 线路筛选 ${Date.now()}` });
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league').waitFor();
    await page.locator('.dash-filters .el-select', { has: page.getByRole('combobox', { name: '热线' }) }).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '12369 环保' }).click();
    const narrowed = (await request(stack.h.app).get('/api/v1/metrics?window=today&line=12369').set(apiSupervisor.auth)).body;
    expect(narrowed.intake.total).to.be.at.least(1);
    expect(narrowed.intake.total).to.be.below((await serverMetrics()).intake.total);
    await tileShows(page, 'intake', narrowed.intake.total);
    // A custom range of days: the month so far, still on line 12369.
    const today = narrowed.window.from as string;
    const monthStart = `${today.slice(0, 8)}01`;
    const ranged = (await request(stack.h.app).get(`/api/v1/metrics?from=${monthStart}&to=${today}&line=12369`).set(apiSupervisor.auth)).body;
    await page.getByPlaceholder('开始日期').fill(monthStart);
    await page.getByPlaceholder('结束日期').fill(today);
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.locator('.updated', { hasText: `${monthStart} 至 ${today}` }).waitFor({ timeout: 10_000 });
    await tileShows(page, 'intake', ranged.intake.total);
    await screenshot(page, 'dashboard-narrowed');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the supervisor picks a range of days, then the trend by day draws each of them with the server\'s figures', async () => {
    await createTicket({ description: `按日趋势 今日来电 ${Date.now()}` });
    const today = (await serverMetrics()).window.from as string;
    const from = new Date(Date.parse(`${today}T00:00:00Z`) - 4 * 86_400_000).toISOString().slice(0, 10);
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league').waitFor();
    // Today alone at first: one day on the axis.
    await page.locator('#chart-trend svg text', { hasText: today.slice(5) }).first().waitFor({ timeout: 20_000 });
    await page.getByPlaceholder('开始日期').fill(from);
    await page.getByPlaceholder('结束日期').fill(today);
    await page.getByPlaceholder('结束日期').press('Enter');
    await page.locator('.updated', { hasText: `${from} 至 ${today}` }).waitFor({ timeout: 10_000 });
    const series = (await request(stack.h.app).get(`/api/v1/metrics/daily?from=${from}&to=${today}`).set(apiSupervisor.auth)).body;
    const days = (series.days as { day: string }[]).map((d) => d.day.slice(5));
    expect(days).to.have.length(5);
    await page.locator('#chart-trend svg text', { hasText: days[0] }).first().waitFor({ timeout: 10_000 });
    const words = await chartWords(page, 'chart-trend');
    for (const d of days) expect(words, d).to.include(d);
    expect(words).to.include.members(['受理量', '派单量', '按时办结率', '回访满意率']);
    // Each bar is labelled with its count: today's intake is the server's.
    expect(words).to.include(String(series.days[4].intake));
    expect(series.days[4].intake).to.be.greaterThan(0);
    await screenshot(page, 'dashboard-trend');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when a department returns a ticket that is re-dispatched elsewhere, then its league row shows it, and the table explains how it ranks in both languages', async () => {
    const t = await createTicket({ description: `徐汇区夜间施工噪音 改派 ${Date.now()}`, categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION' });
    const first = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: '310104-ENV' });
    expect([200, 409]).to.include(first.status);
    const held = (await waitFor('the ticket dispatched', async () => {
      const read = (await request(stack.h.app).get(`/api/v1/tickets/${t.id}`).set(apiSupervisor.auth)).body;
      return read.status === 'dispatched' ? read : undefined;
    }, 10_000)) as { department: { code: string; name: string } };
    const handler = await makeUser(stack.h, 'handler', held.department.code);
    expect((await request(stack.h.app).post(`/api/v1/tickets/${t.id}/return`).set(handler.auth).send({ reason: '不属于本单位职责' })).status).to.equal(200);
    const elsewhere = held.department.code === '310105-ENV' ? '310106-ENV' : '310105-ENV';
    expect((await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: elsewhere })).status).to.equal(200);
    const row = ((await serverMetrics()).departments as { department: { code: string }; tickets: { redispatched: number } }[]).find((r) => r.department.code === held.department.code);
    expect(row?.tickets.redispatched).to.be.at.least(1);

    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league tbody tr').first().waitFor();
    const headers = (await page.locator('#league thead th').allInnerTexts()).map((h) => h.trim());
    const column = headers.indexOf('改派');
    expect(column, headers.join('|')).to.be.greaterThan(0);
    // Page through the table to the department's row: its re-dispatched count is the server's.
    const line = page.locator('#league tbody tr', { has: page.locator('.league-link', { hasText: new RegExp(`^${held.department.name}$`) }) });
    for (;;) {
      if (await line.count()) break;
      const next = page.locator('.league-pager button.btn-next');
      expect(await next.isDisabled(), 'the department is on some page').to.equal(false);
      await next.click();
    }
    expect((await line.locator('td').nth(column).innerText()).trim()).to.equal(String(row?.tickets.redispatched));

    // The added column still fits the panel at 1366×768: no sideways scrolling inside the table.
    const fits = () => page.evaluate(() => (document.querySelector('#league .el-table__body') as HTMLElement).offsetWidth <= (document.querySelector('#league') as HTMLElement).clientWidth);
    expect(await fits()).to.equal(true);
    const help = page.locator('#league-help');
    expect(await help.innerText()).to.contain('按时办结率（按时办结数 ÷ 办结数）从高到低').and.contain('回访满意率（(满意 + 基本满意) ÷ 回访接通数）').and.contain('改派：本单位退回');
    await page.getByRole('button', { name: 'English' }).click();
    await help.filter({ hasText: 'on-time rate (replied on time ÷ replied), highest first' }).waitFor();
    expect(await help.innerText()).to.contain('then by satisfaction rate ((satisfied + basically satisfied) ÷ surveys answered)').and.contain('Re-dispatched: tickets the department returned');
    expect(await page.locator('#league thead').innerText()).to.contain('Re-disp.');
    await help.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-league-explained-en');
    await page.getByRole('button', { name: '中文' }).click();
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the reader switches to English, then the tiles, the charts and the league table are drawn again in English', async () => {
    // A department with a ticket today, so that the league table has a row to name.
    const t = await createTicket({ description: `徐汇区夜间施工噪音 ${Date.now()}`, categoryCode: 'ENV.NOISE.NIGHT_CONSTRUCTION' });
    const res = await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: '310104-ENV' });
    expect([200, 409]).to.include(res.status);
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league tbody tr').first().waitFor();
    await page.locator('#chart-channel svg text', { hasText: '电话' }).first().waitFor();
    expect(await page.locator('[data-kpi="intake"] .kpi-label').innerText()).to.equal('受理总量');
    expect(await chartWords(page, 'chart-status')).to.include('待签收');
    // Nothing wider than the screen: 1366×768.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await screenshot(page, 'dashboard-zh');

    await markDocument(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#chart-channel svg text', { hasText: 'Phone' }).first().waitFor();
    expect(await page.locator('[data-kpi="intake"] .kpi-label').innerText()).to.equal('Intake');
    expect(await page.locator('[data-kpi="onTime"] .kpi-sub').innerText()).to.match(/^replied \d+$/);
    // A label too wide for its bar is drawn on two lines ("In " / "progress"): read it as one.
    const statusText = (await chartWords(page, 'chart-status')).join(' ').replace(/\s+/g, ' ');
    for (const label of ['To accept', 'In progress']) expect(statusText).to.contain(label);
    expect((await chartWords(page, 'chart-channel')).join(' ')).to.contain('environment');
    for (const id of ['chart-hourly', 'chart-channel', 'chart-status', 'chart-trend']) {
      expect((await chartWords(page, id)).join(' '), id).not.to.match(/[\u4e00-\u9fff]/);
    }
    expect(await page.locator('#league thead').innerText()).to.contain('Department');
    expect(await page.locator('#chart-hourly').getAttribute('aria-label')).to.equal('Intake per hour, today');
    expect(await notReloaded(page)).to.equal(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
    await screenshot(page, 'dashboard-en');
    await page.getByRole('button', { name: '中文' }).click();
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the reader picks this month, then the tiles show the month\'s figures from the server', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('#league').waitFor();
    await page.locator('.el-radio-button', { hasText: '本月' }).click();
    const month = (await request(stack.h.app).get('/api/v1/metrics?window=month').set(apiSupervisor.auth)).body;
    await tileShows(page, 'intake', month.intake.total);
    await page.locator('.updated', { hasText: month.window.from }).waitFor();
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
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
