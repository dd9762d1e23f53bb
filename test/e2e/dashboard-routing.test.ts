// The dashboard's routing tile (issue 17): the auto-routing rate and the share of auto-routed tickets
// later re-dispatched, as the server counts them, in both languages.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { makeUser, ticketBody, type TestUser } from '../support/factories';
import { waitFor } from '../support/wait';
import { launchBrowser, problemsOf, screenshot, type Browser } from './support/browser';
import { makeStaff, signIn, startStack, type Stack } from './support/stack';

/** As the dashboard writes a rate (format.ts fmtPercent). */
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
const figureText = (page: Page, key: string, part: 'label' | 'value') => page.locator(`[data-routing="${key}"] .routing-${part}`).innerText();

describe('the dashboard\'s routing tile (/dashboard)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;
  let operator: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    [operator, dispatcher, supervisor] = [await makeUser(stack.h, 'operator'), await makeUser(stack.h, 'dispatcher'), await makeUser(stack.h, 'supervisor')];
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('when an auto-routed ticket is returned and re-dispatched, then the tile shows the server\'s misroute share and auto-routing rate, in Chinese and in English', async () => {
    const roads = await makeUser(stack.h, 'handler', 'SH-TRANSPORT');
    const created = await request(stack.h.app).post('/api/v1/tickets').set(operator.auth)
      .send(ticketBody({ categoryCode: 'TRANSPORT.ROAD.POTHOLE', location: undefined, description: `小区门口有人倒建筑垃圾 ${Date.now()}` }));
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const id = created.body.id as number;
    // The routing worker places it with the roads department.
    await waitFor('routing', async () => (await stack.h.c.db('tickets').where({ id }).first('status')).status === 'dispatched', 15_000);
    await request(stack.h.app).post(`/api/v1/tickets/${id}/return`).set(roads.auth).send({ reason: '不是道路的事' }).expect(200);
    await request(stack.h.app).post(`/api/v1/tickets/${id}/dispatch`).set(dispatcher.auth).send({ departmentCode: 'SH-GREENERY' }).expect(200);
    const { routing } = (await request(stack.h.app).get('/api/v1/metrics?window=today').set(supervisor.auth).expect(200)).body;
    expect(routing.redispatched).to.be.at.least(1);

    const page = await signIn(browser, stack, await makeStaff(stack.h, 'supervisor'), '/dashboard');
    await page.locator('[data-tile="routing"]').waitFor();
    await page.waitForFunction((want) => document.querySelector('[data-routing="misrouteRate"] .routing-value')?.textContent === want, percent(routing.misrouteRate), { timeout: 20_000 });
    expect(await figureText(page, 'autoRoutingRate', 'value')).to.equal(percent(routing.autoRoutingRate));
    expect(await figureText(page, 'misrouteRate', 'label')).to.equal('自动派单后改派率');
    expect(await page.locator('[data-routing="misrouteRate"] .routing-sub').innerText()).to.equal(`退单后改派 ${routing.redispatched} 件`);
    await screenshot(page, 'dashboard-routing-zh');

    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('[data-routing="misrouteRate"] .routing-label', { hasText: 'Re-dispatched after auto-routing' }).waitFor();
    expect(await figureText(page, 'autoRoutingRate', 'label')).to.equal('Auto-routing rate');
    expect(await page.locator('[data-tile="routing"]').innerText()).not.to.match(/[\u4e00-\u9fff]/);
    await screenshot(page, 'dashboard-routing-en');
    await page.getByRole('button', { name: '中文' }).click();
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });
});
