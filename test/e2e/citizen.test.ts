import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { makeUser } from '../support/factories';
import type { Harness } from '../support/harness';
import { waitFor } from '../support/wait';
import { launchBrowser, newPage, PHONE, problemsOf, screenshot, type Browser } from './support/browser';
import { startStack, type Stack } from './support/stack';

const streetLight = '我家楼下的路灯坏了一个多星期，晚上走路很不安全，请尽快修复。';

/** The message a control points at with aria-describedby (its last id: the problem, after any hint). */
async function describedProblem(page: Page, control: Locator): Promise<Locator> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  expect(ids.length, 'aria-describedby').to.be.above(0);
  return page.locator(`#${ids[ids.length - 1]}`);
}

/** Expects `control` marked invalid, its message `text` beside it (in its own form item) and tied to it. */
async function expectProblemBeside(page: Page, control: Locator, text: string | RegExp): Promise<void> {
  expect(await control.getAttribute('aria-invalid')).to.equal('true');
  const problem = await describedProblem(page, control);
  expect(await problem.innerText()).to.match(typeof text === 'string' ? new RegExp(text) : text);
  const sameItem = await problem.evaluate((msg, id) => msg.closest('.el-form-item')?.querySelector(`[id="${id}"]`) !== null, await control.getAttribute('id'));
  expect(sameItem, 'the message sits in the control’s own form item').to.equal(true);
}

/** Taps the choice named `name` (Element Plus draws the radio over its hidden input: the label takes the tap). */
async function pick(scope: Page | Locator, name: string): Promise<void> {
  const radio = scope.getByRole('radio', { name, exact: true });
  await radio.locator('xpath=ancestor::label[1]').click();
  expect(await radio.isChecked(), name).to.equal(true);
}

/**
 * The department answers a ticket (through the API, as its handler would), then an operator asks for
 * an SMS link to its survey: what the citizen receives.
 */
async function surveyLinkFor(h: Harness, ticketNo: string): Promise<{ token: string; surveyId: number; ticketId: number }> {
  const routed = await waitFor(
    'the request to be routed',
    async () => {
      const row = await h.c.db('tickets as t').join('departments as d', 'd.id', 't.department_id').where('t.ticket_no', ticketNo).first('t.id', 'd.code');
      return row ?? false;
    },
    20_000,
  );
  const handler = await makeUser(h, 'handler', routed.code);
  for (const [action, body] of [['accept', {}], ['reply', { result: '已安排维修人员更换灯具，路灯已恢复照明。', outcome: 'resolved' }]] as const) {
    const res = await request(h.app).post(`/api/v1/tickets/${ticketNo}/${action}`).set(handler.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }
  const survey = await waitFor('the survey to open', async () => (await h.c.db('surveys').where({ ticket_id: routed.id }).whereNull('outcome').first()) ?? false);
  const operator = await makeUser(h, 'operator');
  const link = await request(h.app).post(`/api/v1/surveys/${survey.id}/link`).set(operator.auth).send({ send: false });
  expect(link.status, JSON.stringify(link.body)).to.equal(201);
  return { token: link.body.token, surveyId: survey.id, ticketId: routed.id };
}

describe('the citizen pages on a phone screen (390×844)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let ticketNo: string;
  const phone = `139${String(Date.now()).slice(-8)}`;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    page = await newPage(browser, PHONE);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('when a citizen sends the form with the required fields empty, then each problem is shown next to its field', async () => {
    await page.goto(`${stack.baseUrl}/citizen`);
    await page.locator('#c-district option[value="310104"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: '提交' }).click();
    const description = page.getByRole('textbox', { name: '请描述您遇到的问题' });
    await page.locator('#c-description[aria-invalid="true"]').waitFor();
    await page.locator('#c-description-error').waitFor();
    await expectProblemBeside(page, description, '此项必填');
    await expectProblemBeside(page, page.getByRole('textbox', { name: '手机号码' }), '此项必填');
    // Only the two required fields, each with one message; the first gets the focus.
    expect(await page.locator('#submit-form [aria-invalid="true"]').count()).to.equal(2);
    expect(await page.locator('.el-form-item:has(#c-phone) .field-error').count()).to.equal(1);
    expect(await description.evaluate((el) => el === document.activeElement)).to.equal(true);
    await screenshot(page, 'citizen-errors');

    // A phone number the server would refuse is caught before sending, in the same place.
    await page.getByRole('textbox', { name: '手机号码' }).fill('12ab');
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.el-form-item:has(#c-phone) .field-error', { hasText: '请填写正确的电话号码' }).waitFor();
    await expectProblemBeside(page, page.getByRole('textbox', { name: '手机号码' }), '请填写正确的电话号码');

    // The messages on screen follow the language switch.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#c-description-error', { hasText: 'Required' }).waitFor();
    await page.locator('#c-phone-error', { hasText: 'Enter a phone number of 7 to 12 digits' }).waitFor();
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('#c-description-error', { hasText: '此项必填' }).waitFor();
    // Switching language checks nothing new: the tracking form, not yet used, shows no problem.
    expect(await page.locator('#track-form [aria-invalid="true"], #track-form .field-error').count()).to.equal(0);
  });

  it('when the server refuses a field, then its message is shown beside that field, in Chinese and in English', async () => {
    // What the server alone can judge (here, answered by a stand-in): the browser's checks passed.
    await page.route('**/api/v1/public/tickets', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'VALIDATION_FAILED', message: 'Invalid body', details: [{ field: 'citizen.phone', message: 'must be a phone number of 7 to 12 digits', code: 'invalid_format' }] },
        }),
      }),
    );
    await page.getByRole('textbox', { name: '请描述您遇到的问题' }).fill(streetLight);
    await page.getByRole('textbox', { name: '手机号码' }).fill(phone);
    await page.getByRole('button', { name: '提交' }).click();
    const phoneInput = page.getByRole('textbox', { name: '手机号码' });
    await page.locator('#submit-msg', { hasText: '有 1 处需要修改' }).waitFor();
    await page.locator('#c-phone-error').waitFor();
    await expectProblemBeside(page, phoneInput, '请填写正确的电话号码（7–12 位数字）');
    // The standing hint stays announced with it.
    expect(await phoneInput.getAttribute('aria-describedby')).to.equal('c-phone-hint c-phone-error');
    expect(await page.locator('#c-description').getAttribute('aria-invalid')).to.equal(null);

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#c-phone-error', { hasText: 'Enter a phone number of 7 to 12 digits' }).waitFor();
    await page.locator('#submit-msg', { hasText: '1 field(s) need attention' }).waitFor();
    await page.locator('#c-phone').scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-server-error-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.unroute('**/api/v1/public/tickets');

    // Changing the field takes the server's old verdict away.
    await phoneInput.fill(`${phone}0`);
    await page.locator('#c-phone-error').waitFor({ state: 'detached' });
    expect(await phoneInput.getAttribute('aria-invalid')).to.equal(null);
  });

  it('when a citizen submits a request, then the ticket number is shown and tracking it by the last 4 digits shows its progress', async () => {
    await page.getByRole('textbox', { name: '请描述您遇到的问题' }).fill(streetLight);
    await page.getByLabel('区', { exact: true }).selectOption('310115');
    await page.getByLabel('具体地点').fill('张杨路500号门口');
    await page.getByLabel('您的称呼').fill('李女士');
    await page.getByRole('textbox', { name: '手机号码' }).fill(phone);
    await page.getByRole('button', { name: '提交' }).click();
    ticketNo = (await page.locator('#citizen-ticket-no').innerText()).trim();
    expect(ticketNo).to.match(/^\d{8}-\d{6,}$/);
    await screenshot(page, 'citizen-submitted');

    await page.getByRole('button', { name: '查看办理进度' }).click();
    await page.locator('#track-result').getByText(ticketNo).waitFor();
    expect(await page.getByRole('tab', { name: '查询进度' }).getAttribute('aria-selected')).to.equal('true');
    expect(await page.locator('#track-result .el-timeline-item').count()).to.be.at.least(1);
    await screenshot(page, 'citizen-track');

    await page.getByLabel('手机号后四位').fill('0000');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#track-msg', { hasText: '没有找到该工单' }).waitFor();
    expect(await page.locator('#track-result').isHidden()).to.equal(true);
  });

  it('when the citizen answers the SMS survey link, then the ticket is closed as satisfied and the link cannot be used twice', async () => {
    const { token, surveyId, ticketId } = await surveyLinkFor(stack.h, ticketNo);
    // Tracking the request now shows the department's answer.
    await page.getByLabel('手机号后四位').fill(phone.slice(-4));
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#track-result .reply', { hasText: '已安排维修人员更换灯具' }).waitFor();
    const surveyPage = await newPage(browser, PHONE, ['/api/v1/public/surveys/']);
    await surveyPage.goto(`${stack.baseUrl}/survey/${token}`);
    await surveyPage.locator('#survey-intro').getByText(ticketNo).waitFor();
    // The citizen is asked about what they reported and what the department answered, both shown.
    await surveyPage.locator('#survey-intro .request', { hasText: streetLight }).waitFor();
    await surveyPage.locator('#survey-intro .reply', { hasText: '已安排维修人员更换灯具' }).waitFor();
    await pick(surveyPage.getByRole('group', { name: '承办单位是否与您联系过？' }), '是');
    await pick(surveyPage.getByRole('group', { name: '您反映的问题解决了吗？' }), '已解决');
    await pick(surveyPage, '满意');
    await screenshot(surveyPage, 'survey');
    await surveyPage.getByRole('button', { name: '提交评价' }).click();
    await surveyPage.getByText('感谢您的评价').first().waitFor();
    await screenshot(surveyPage, 'survey-thanks');

    const ticket = await stack.h.c.db('tickets').where({ id: ticketId }).first();
    expect(ticket.status).to.equal('closed');
    const survey = await stack.h.c.db('surveys').where({ id: surveyId }).first();
    expect(survey.outcome).to.equal('satisfied');
    expect(survey.contacted).to.equal(true);
    expect(survey.resolved).to.equal('resolved');

    await surveyPage.reload();
    await surveyPage.locator('#survey-intro', { hasText: '此回访已经提交过' }).waitFor();
    expect(await surveyPage.locator('#survey-form').isHidden()).to.equal(true);
    await screenshot(surveyPage, 'survey-used');
    expect(problemsOf(surveyPage)).to.deep.equal([]);
    await surveyPage.close();
  });

  it('when someone opens a survey link that does not exist, then the page says the link is invalid and shows no form', async () => {
    const surveyPage = await newPage(browser, PHONE, ['/api/v1/public/surveys/']);
    for (const token of [`sv_${'0'.repeat(43)}`, 'not-a-token']) {
      await surveyPage.goto(`${stack.baseUrl}/survey/${token}`);
      await surveyPage.locator('#survey-intro [role=alert]', { hasText: '此回访链接无效或已过期' }).waitFor();
      expect(await surveyPage.locator('#survey-form').count(), token).to.equal(0);
    }
    expect(await surveyPage.getByRole('link', { name: '拨打 12345' }).getAttribute('href')).to.equal('tel:12345');
    await screenshot(surveyPage, 'survey-unknown');
    expect(problemsOf(surveyPage)).to.deep.equal([]);
    await surveyPage.close();
  });

  it('when the citizen reads the survey in English, then every question is in English and the missing answer is marked in English', async () => {
    const created = await request(stack.h.app)
      .post('/api/v1/public/tickets')
      .set('Idempotency-Key', `e2e-en-${Date.now()}`)
      .send({ type: 'help', description: streetLight, location: { districtCode: '310115' }, citizen: { phone } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const { token, surveyId } = await surveyLinkFor(stack.h, created.body.ticketNo);

    const surveyPage = await newPage(browser, PHONE, ['/api/v1/public/surveys/']);
    await surveyPage.goto(`${stack.baseUrl}/survey/${token}`);
    await surveyPage.locator('#survey-intro').getByText(created.body.ticketNo).waitFor();
    await surveyPage.getByRole('button', { name: 'English' }).click();
    expect(await surveyPage.evaluate(() => document.documentElement.lang)).to.equal('en');
    expect(await surveyPage.title()).to.match(/12345/).and.not.match(/[\u4e00-\u9fff]/);
    // Everything the page itself says is English (the department's name is the server's data).
    const text = await surveyPage.locator('#survey-form').innerText();
    expect(text).to.not.match(/[\u4e00-\u9fff]/);
    await pick(surveyPage.getByRole('group', { name: 'Did the department contact you?' }), 'No');

    await surveyPage.getByRole('button', { name: 'Send' }).click();
    const satisfaction = surveyPage.getByRole('radiogroup', { name: 'Are you satisfied with the result?' });
    await surveyPage.locator('#s-satisfaction[aria-invalid="true"]').waitFor();
    await surveyPage.locator('#s-satisfaction-error').waitFor();
    await expectProblemBeside(surveyPage, satisfaction, 'Required');
    await screenshot(surveyPage, 'survey-en-required');

    await pick(satisfaction, 'Basically satisfied');
    await surveyPage.locator('#s-satisfaction-error').waitFor({ state: 'detached' });
    await surveyPage.getByLabel('Anything else (optional)').fill('The light works again, thanks.');
    await screenshot(surveyPage, 'survey-en');
    await surveyPage.getByRole('button', { name: 'Send' }).click();
    await surveyPage.locator('#survey-intro', { hasText: 'Your answer has been recorded.' }).waitFor();
    await screenshot(surveyPage, 'survey-en-thanks');

    const survey = await stack.h.c.db('surveys').where({ id: surveyId }).first();
    expect(survey.outcome).to.equal('basically_satisfied');
    expect(survey.contacted).to.equal(false);
    expect(survey.comment).to.equal('The light works again, thanks.');
    expect(problemsOf(surveyPage)).to.deep.equal([]);
    // The language is kept per browser: back to Chinese for the pages opened after this one.
    await surveyPage.evaluate(() => localStorage.setItem('hotline.lang', 'zh-CN'));
    await surveyPage.close();
  });

  it('then the pages fit the phone screen and had no script error', async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).to.be.at.most(0);
    expect(problemsOf(page)).to.deep.equal([]);
  });
});
