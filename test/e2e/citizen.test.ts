import { expect } from 'chai';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { makeUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, newPage, PHONE, problemsOf, screenshot, type Browser } from './support/browser';
import { startStack, type Stack } from './support/stack';

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
    await page.getByRole('button', { name: '提交' }).click();
    const description = page.getByRole('textbox', { name: '请描述您遇到的问题' });
    const phoneInput = page.getByRole('textbox', { name: '手机号码' });
    await page.locator('#c-description[aria-invalid="true"]').waitFor();
    expect(await phoneInput.getAttribute('aria-invalid')).to.equal('true');
    // The message sits in the field's own block and is announced with it.
    const describedBy = (await description.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${describedBy.split(' ').pop()}`).innerText()).to.not.equal('');
    expect(await page.locator('.field:has(#c-phone) .field-error').count()).to.equal(1);
    await screenshot(page, 'citizen-errors');
  });

  it('when a citizen submits a request, then the ticket number is shown and tracking it by the last 4 digits shows its progress', async () => {
    await page.getByRole('textbox', { name: '请描述您遇到的问题' }).fill('我家楼下的路灯坏了一个多星期，晚上走路很不安全，请尽快修复。');
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
    expect(await page.locator('#track-result .steps li').count()).to.be.at.least(1);
    await screenshot(page, 'citizen-track');

    await page.getByLabel('手机号后四位').fill('0000');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await page.locator('#track-msg', { hasText: '没有找到该工单' }).waitFor();
    expect(await page.locator('#track-result').isHidden()).to.equal(true);
  });

  it('when the citizen answers the SMS survey link, then the ticket is closed as satisfied and the link cannot be used twice', async () => {
    const { h } = stack;
    // The department answers (through the API, as its handler would), then the operator asks for a link.
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

    const surveyPage = await newPage(browser, PHONE, ['/api/v1/public/surveys/']);
    await surveyPage.goto(`${stack.baseUrl}/survey/${link.body.token}`);
    await surveyPage.locator('#survey-intro').getByText(ticketNo).waitFor();
    await surveyPage.getByRole('group', { name: '承办单位是否与您联系过？' }).getByLabel('是').check();
    await surveyPage.getByLabel('已解决').check();
    await surveyPage.getByLabel('满意', { exact: true }).check();
    await screenshot(surveyPage, 'survey');
    await surveyPage.getByRole('button', { name: '提交评价' }).click();
    await surveyPage.getByText('感谢您的评价').first().waitFor();
    await screenshot(surveyPage, 'survey-thanks');

    const ticket = await h.c.db('tickets').where({ id: routed.id }).first();
    expect(ticket.status).to.equal('closed');
    expect((await h.c.db('surveys').where({ id: survey.id }).first()).outcome).to.equal('satisfied');

    await surveyPage.reload();
    await surveyPage.locator('#survey-intro', { hasText: '此回访已经提交过' }).waitFor();
    expect(await surveyPage.locator('#survey-form').isHidden()).to.equal(true);
    expect(problemsOf(surveyPage)).to.deep.equal([]);
  });

  it('then the pages fit the phone screen and had no script error', async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).to.be.at.most(0);
    expect(problemsOf(page)).to.deep.equal([]);
  });
});
