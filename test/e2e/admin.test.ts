import { expect } from 'chai';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { makeStaff, PASSWORD, signIn, startStack, type Stack } from './support/stack';
import { overflow, unlabelledControls } from './support/page-checks';

describe('the admin console', function () {
  this.timeout(180_000);
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

  it('when an admin creates a handler in the console, then the handler signs in and accepts a ticket of their department', async () => {
    const admin = await makeStaff(stack.h, 'admin');
    const page = await signIn(browser, stack, admin, '/admin/users');
    await page.locator('[data-test="users-table"]').waitFor();
    const username = `console-handler-${process.pid}`;

    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('徐汇环保承办人');
    await dialog.getByRole('radio', { name: '承办人', exact: true }).check({ force: true });
    const department = dialog.getByRole('combobox', { name: '部门', exact: true });
    await department.click({ force: true });
    await department.fill('310104-ENV');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '(310104-ENV)' }).click();
    // A common password: the server's words appear beside the password field, and nobody is made.
    await dialog.getByLabel('密码', { exact: true }).fill('qwertyuiop');
    await page.locator('[data-test="save-user"]').click();
    await dialog.locator('.el-form-item__error', { hasText: '最常见的密码' }).waitFor();
    expect(await stack.h.c.db('users').where({ username }).first()).to.equal(undefined);
    expect(await unlabelledControls(page)).to.deep.equal([]);
    await screenshot(page, 'admin-user-password-refused');

    await dialog.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.locator('[data-test="save-user"]').click();
    await dialog.waitFor({ state: 'hidden' });
    // Among hundreds of users the admin finds the new one by name.
    const search = page.getByRole('textbox', { name: '搜索' });
    await search.fill(username);
    await search.press('Enter');
    await page.getByRole('row', { name: new RegExp(username) }).waitFor();
    expect(await overflow(page)).to.be.at.most(0);
    await screenshot(page, 'admin-users');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();

    // A ticket for the handler's department, dispatched after routing has looked at it.
    const created = await request(stack.h.app).post('/api/v1/tickets').set(apiOperator.auth).send(ticketBody({ description: `市民来电反映一个情况 管理台 ${Date.now()}`, categoryCode: undefined, location: undefined }));
    expect(created.status).to.equal(201);
    const t = created.body as { id: number; ticketNo: string };
    await waitFor('routing to look at the ticket', async () => (await stack.h.c.db('ticket_events').where({ ticket_id: t.id }).whereIn('action', ['classify', 'route']).first()) ?? false, 20_000);
    expect((await request(stack.h.app).post(`/api/v1/tickets/${t.id}/dispatch`).set(apiDispatcher.auth).send({ departmentCode: '310104-ENV' })).status).to.equal(200);

    const user = await stack.h.c.db('users').where({ username }).first();
    const handlerPage = await signIn(browser, stack, { id: user.id, username, role: 'handler' });
    expect(new URL(handlerPage.url()).pathname).to.equal('/workbench');
    // A busy department's queue runs to many pages: the handler finds the ticket by its number.
    await handlerPage.getByLabel('搜索工单号或内容').fill(t.ticketNo);
    await handlerPage.locator(`#queue [data-ticket-no="${t.ticketNo}"]`).click();
    await handlerPage.locator(`.ticket-detail[data-ticket-no="${t.ticketNo}"]`).waitFor();
    await handlerPage.getByRole('button', { name: '签收', exact: true }).click();
    await handlerPage.locator('.detail-flash', { hasText: '签收成功' }).waitFor();
    expect((await stack.h.c.db('tickets').where({ id: t.id }).first()).status).to.equal('accepted');
    expect(problemsOf(handlerPage)).to.deep.equal([]);
    await handlerPage.close();
  });

  it('when an admin adds a holiday in the calendar and a routing rule in the catalogue, then the API reads both back, a matching ticket is routed by the rule, and removing the holiday restores the official day', async () => {
    const admin = await makeStaff(stack.h, 'admin');
    const apiAdmin = { Authorization: `Bearer ${(await request(stack.h.app).post('/api/v1/auth/login').send({ username: admin.username, password: PASSWORD })).body.token}` };
    const page = await signIn(browser, stack, admin, '/admin/calendar');
    // A year nobody else's test uses, and a Tuesday in it.
    const [year, day] = [2098, '2098-03-11'];
    const yearInput = page.getByRole('spinbutton', { name: '年份' });
    await yearInput.fill(String(year));
    await yearInput.press('Enter');
    await page.locator('.el-alert', { hasText: '尚未收录' }).waitFor();
    await page.getByRole('button', { name: '新增调整' }).click();
    const dialog = page.getByRole('dialog', { name: '新增调整' });
    const date = dialog.getByLabel('日期');
    await date.fill(day);
    await date.press('Enter');
    await dialog.getByRole('radio', { name: '休息' }).check({ force: true });
    await dialog.getByLabel('说明').fill('本中心临时休息');
    await page.locator('[data-test="save-override"]').click();
    await dialog.waitFor({ state: 'hidden' });
    // The year shows the new day off, marked as this centre's change; the API counts it in.
    await page.locator(`[data-test="daysOff"] [data-date="${day}"]`, { hasText: '本中心临时休息' }).waitFor();
    await page.getByRole('row', { name: new RegExp(day) }).waitFor();
    const calendar = await request(stack.h.app).get(`/api/v1/admin/calendar?year=${year}`).set(apiAdmin);
    expect(calendar.body.daysOff).to.deep.include({ date: day, source: 'override', note: '本中心临时休息' });
    expect(await unlabelledControls(page)).to.deep.equal([]);
    await screenshot(page, 'admin-calendar-holiday');

    await page.getByRole('row', { name: new RegExp(day) }).getByRole('button', { name: '恢复国务院安排' }).click();
    await page.locator('.el-popconfirm').getByRole('button', { name: /确定|Yes|OK/ }).click();
    await page.locator(`[data-test="daysOff"] [data-date="${day}"]`).waitFor({ state: 'detached' });
    expect((await request(stack.h.app).get(`/api/v1/admin/calendar/overrides?year=${year}`).set(apiAdmin)).body.total).to.equal(0);

    await page.goto(`${stack.baseUrl}/admin/routing-rules`);
    const name = `控制台规则 ${process.pid}`;
    const keyword = `控制台专用词${process.pid}`;
    await page.getByRole('button', { name: '新建规则' }).click();
    const ruleDialog = page.getByRole('dialog', { name: '新建规则' });
    await ruleDialog.getByLabel('名称').fill(name);
    const position = ruleDialog.getByRole('spinbutton', { name: '顺序' });
    await position.fill('1');
    await position.press('Tab');
    await ruleDialog.getByRole('combobox', { name: '关键词' }).click({ force: true });
    await page.keyboard.type(keyword);
    await page.keyboard.press('Enter');
    await ruleDialog.locator('.el-select__tags-text, .el-tag', { hasText: keyword }).first().waitFor();
    await ruleDialog.getByLabel('承办部门').fill('SH-TRANSPORT');
    await page.locator('[data-test="save-rule"]').click();
    await ruleDialog.waitFor({ state: 'hidden' });
    const search = page.getByRole('textbox', { name: '搜索' });
    await search.fill(name);
    await search.press('Enter');
    await page.getByRole('row', { name: new RegExp(keyword) }).waitFor();
    await page.locator('.el-pagination__total', { hasText: '1' }).waitFor();

    const rules = await request(stack.h.app).get(`/api/v1/admin/routing-rules?q=${encodeURIComponent(name)}`).set(apiAdmin);
    expect(rules.body.total).to.equal(1);
    expect(rules.body.rules[0]).to.include({ name, position: 1, departmentCode: 'SH-TRANSPORT', active: true, line: null, channel: null });
    expect(rules.body.rules[0].keywords).to.deep.equal([keyword]);
    const ticket = await request(stack.h.app).post('/api/v1/tickets').set(apiOperator.auth).send(ticketBody({ description: `市民反映${keyword}的情况`, location: { districtCode: '310104' } }));
    expect(ticket.status).to.equal(201);
    // The stack's routing worker places it by the new rule.
    const placedIn = async () => ((await stack.h.c.db('tickets as t').join('departments as d', 'd.id', 't.department_id').where('t.id', ticket.body.id).first('d.code')) as { code: string } | undefined)?.code ?? false;
    expect(await waitFor('routing to place the ticket', placedIn, 20_000)).to.equal('SH-TRANSPORT');
    // Left inactive, so that later tests' tickets are routed as before.
    await request(stack.h.app).put(`/api/v1/admin/routing-rules/${rules.body.rules[0].id}`).set(apiAdmin).send({ ...rules.body.rules[0], id: undefined, active: false });
    expect(await unlabelledControls(page)).to.deep.equal([]);
    await screenshot(page, 'admin-routing-rule-added');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when an admin opens each tab of the console, then its table shows the true total and the page fits the screen, in both languages', async () => {
    const admin = await makeStaff(stack.h, 'admin');
    const page = await signIn(browser, stack, admin, '/admin/departments');
    const departments = Number((await stack.h.c.db('departments').count({ n: '*' }))[0].n);
    await page.locator('.el-pagination__total', { hasText: String(departments) }).waitFor();
    for (const tab of ['users', 'api-keys', 'departments', 'categories', 'kb', 'routing-rules', 'sla-policies', 'calendar', 'partners', 'deliveries', 'audit']) {
      await page.goto(`${stack.baseUrl}/admin/${tab}`);
      await page.locator('.el-pagination__total').waitFor();
      expect(await overflow(page), tab).to.be.at.most(0);
      expect(await unlabelledControls(page), tab).to.deep.equal([]);
      await screenshot(page, `admin-${tab}`);
    }
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.goto(`${stack.baseUrl}/admin/categories`);
    await page.getByRole('button', { name: 'New category' }).waitFor();
    await screenshot(page, 'admin-categories-en');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });
});
