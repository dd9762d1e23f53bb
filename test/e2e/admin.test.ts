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

  it('when an admin opens each tab of the console, then its table shows the true total and the page fits the screen, in both languages', async () => {
    const admin = await makeStaff(stack.h, 'admin');
    const page = await signIn(browser, stack, admin, '/admin/departments');
    const departments = Number((await stack.h.c.db('departments').count({ n: '*' }))[0].n);
    await page.locator('.el-pagination__total', { hasText: String(departments) }).waitFor();
    for (const tab of ['users', 'api-keys', 'departments', 'categories', 'kb', 'audit']) {
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
