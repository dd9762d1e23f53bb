import { expect } from 'chai';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { live, makeStaff, markDocument, notReloaded, signIn, startStack, type Stack } from './support/stack';
import { unlabelledControls } from './support/page-checks';

// Issue 14: a supervisor corrects a callback result; a citizen's withdraw request reaches the dispatcher.

describe('correcting a callback result, and withdraw requests at the dispatch desk (issue 14)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let operator: TestUser;
  let dispatcher: TestUser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    operator = await makeUser(stack.h, 'operator');
    dispatcher = await makeUser(stack.h, 'dispatcher');
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const api = async (user: TestUser | null, method: 'get' | 'post', path: string, body?: object) => {
    const req = request(stack.h.app)[method](`/api/v1${path}`);
    if (user) req.set(user.auth);
    const res = await (body ? req.send(body) : req);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).to.be.below(300);
    return res.body;
  };
  /** A ticket with a department: where routing sent it, or 310104-ENV if routing left it in the pool. */
  async function dispatched(words: string) {
    const t = await api(operator, 'post', '/tickets', ticketBody({ description: `夜间施工噪音扰民 ${words}` }));
    const db = stack.h.c.db;
    // The workers run: dispatching before routing has looked would race it (409).
    await waitFor('routing to look at the ticket', async () => (await db('ticket_events').where({ ticket_id: t.id }).whereIn('action', ['classify', 'route']).first()) ?? false, 20_000);
    if ((await db('tickets').where({ id: t.id }).first()).status === 'pending_dispatch') await api(dispatcher, 'post', `/tickets/${t.id}/dispatch`, { departmentCode: '310104-ENV' });
    const { code } = await db('tickets as t').join('departments as d', 'd.id', 't.department_id').where('t.id', t.id).first('d.code');
    return { ...t, departmentCode: code } as { id: number; ticketNo: string; departmentCode: string };
  }

  it('when the citizen was recorded dissatisfied by mistake, then a supervisor corrects it to satisfied with a reason, and the timeline shows who, old → new and why', async () => {
    const t = await dispatched(`${Date.now()}`);
    const handler = await makeUser(stack.h, 'handler', t.departmentCode);
    await api(handler, 'post', `/tickets/${t.id}/accept`, {});
    await api(handler, 'post', `/tickets/${t.id}/reply`, { result: '已责令工地停止夜间施工', outcome: 'resolved' });
    // Recorded through the citizen's link (an operator's callback depends on the hour of the day).
    const survey = await stack.h.c.db('surveys').where({ ticket_id: t.id }).whereNull('outcome').first();
    const link = await api(operator, 'post', `/surveys/${survey.id}/link`, { send: false });
    await api(null, 'post', `/public/surveys/${link.token}`, { resolved: 'resolved', satisfaction: 'dissatisfied' });

    const staff = await makeStaff(stack.h, 'supervisor');
    const page = await signIn(browser, stack, staff);
    await page.getByLabel('搜索工单号或内容').fill(t.ticketNo);
    await page.locator(`#queue [data-ticket-no="${t.ticketNo}"]`).click();
    const row = page.locator(`.survey[data-survey-id="${survey.id}"]`);
    await row.waitFor();
    expect(await row.locator('.result').innerText()).to.equal('不满意');
    await row.getByRole('button', { name: '更正回访结果' }).click();
    const dialog = page.locator('.correction-dialog');
    // Nothing is chosen for the supervisor, and the reason is required.
    await dialog.getByRole('button', { name: '确认更正回访结果' }).click();
    await dialog.locator('.el-form-item__error').first().waitFor();
    expect(await dialog.getByRole('radio', { name: '满意', exact: true }).isChecked()).to.equal(false);
    await dialog.getByText('满意', { exact: true }).click();
    await dialog.getByLabel('更正理由').fill('复核录音：市民表示满意，系误选');
    expect(await unlabelledControls(page)).to.deep.equal([]);
    await screenshot(page, 'workbench-survey-correction');
    await dialog.getByRole('button', { name: '确认更正回访结果' }).click();

    await page.locator('.detail-flash', { hasText: '回访结果已更正：不满意 → 满意' }).waitFor();
    await page.locator(`.survey[data-survey-id="${survey.id}"][data-outcome="satisfied"]`).waitFor();
    const event = page.locator('.ticket-timeline [data-event="survey-corrected"]');
    await event.waitFor();
    const text = await event.innerText();
    expect(text).to.contain('更正回访结果');
    expect(text).to.contain('不满意 → 满意');
    expect(text).to.contain('复核录音：市民表示满意，系误选');
    expect(text).to.contain(staff.username);
    expect((await stack.h.c.db('surveys').where({ id: survey.id }).first()).outcome).to.equal('satisfied');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it("when a citizen calls to withdraw a ticket, then the dispatcher is alerted live with the citizen's words, opens it and dismisses the request with a reason", async () => {
    const t = await dispatched(`${Date.now()}`);
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'dispatcher'));
    await live(page);
    await markDocument(page);

    await api(operator, 'post', `/tickets/${t.id}/follow-up`, { kind: 'withdraw_request', note: '市民来电：施工已停止，申请撤单' });
    const alert = page.locator(`.withdraw-alert[data-ticket-no="${t.ticketNo}"]`);
    await alert.waitFor({ timeout: 20_000 });
    expect(await notReloaded(page)).to.equal(true);
    expect(await alert.innerText()).to.contain('市民来电：施工已停止，申请撤单');
    await screenshot(page, 'dispatch-withdraw-alert');
    await alert.getByRole('button', { name: '查看并处理' }).click();

    await page.locator(`.ticket-detail[data-ticket-no="${t.ticketNo}"]`).waitFor();
    expect(await page.locator('.note-withdraw').innerText()).to.contain('市民来电：施工已停止，申请撤单');
    await page.locator(`#withdraw-list [data-ticket-no="${t.ticketNo}"]`).waitFor();
    // SPEC section 5: cancelling is the operator's or the supervisor's; the dispatcher decides the request.
    expect(await page.locator('.ticket-detail [data-action="cancel"]').count()).to.equal(0);
    await page.getByRole('button', { name: '驳回撤单申请', exact: true }).click();
    await page.getByLabel('理由').fill('现场核查仍有夜间施工，继续办理');
    await page.getByRole('button', { name: '确认驳回撤单申请' }).click();
    await page.locator('.detail-flash', { hasText: '驳回撤单申请成功' }).waitFor();
    await page.locator('.note-withdraw').waitFor({ state: 'detached' });
    await page.locator(`#withdraw-list [data-ticket-no="${t.ticketNo}"]`).waitFor({ state: 'detached' });
    const event = page.locator('.ticket-timeline [data-event="dismiss-withdrawal"]');
    expect(await event.innerText()).to.contain('现场核查仍有夜间施工，继续办理');
    expect(await stack.h.c.db('tickets').where({ id: t.id }).first('status', 'withdraw_requested_at')).to.deep.equal({ status: 'dispatched', withdraw_requested_at: null });
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });
});
