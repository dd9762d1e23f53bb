import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/shared/principal';
import { DESKTOP, launchBrowser, newPage, PHONE, problemsOf, screenshot, type Browser } from './support/browser';
import { makeStaff, PASSWORD, signIn, startStack, type Stack } from './support/stack';
import request from 'supertest';
import { makeUser, ticketBody } from '../support/factories';
import { waitFor } from '../support/wait';
import { unlabelledControls } from './support/page-checks';

interface PageCase {
  path: string;
  name: string;
  role?: Role;
  viewport?: { width: number; height: number };
  /** What shows that the page has finished drawing itself. */
  ready: string;
  /** URL parts whose 4xx the page provokes on purpose. */
  allow?: string[];
}

const cases: PageCase[] = [
  { path: '/', name: 'sign-in', ready: '#login-form' },
  { path: '/citizen', name: 'citizen', viewport: PHONE, ready: '#c-description' },
  { path: '/survey/sv_0000000000000000000000000000000000000000000', name: 'survey-unknown-link', viewport: PHONE, ready: '#survey-intro [role=alert]', allow: ['/api/v1/public/surveys/'] },
  { path: '/no/such/page', name: 'not-found', ready: '.not-found' },
  { path: '/operator', name: 'operator', role: 'operator', ready: '#intake-form' },
  { path: '/dispatch', name: 'dispatch', role: 'dispatcher', ready: '#pending-count:not(:empty)' },
  { path: '/workbench', name: 'workbench-handler', role: 'handler', ready: '#queue [data-ticket-no]' },
  { path: '/workbench', name: 'workbench-supervisor', role: 'supervisor', ready: '#queue [data-ticket-no]' },
  { path: '/dashboard', name: 'dashboard', role: 'supervisor', ready: '#league tbody tr' },
  { path: '/dashboard', name: 'dashboard-admin', role: 'admin', ready: '#league tbody tr' },
  { path: '/admin/routing-rules', name: 'admin-routing-rules', role: 'admin', ready: '[data-test="rules-table"] tbody tr' },
  { path: '/admin/sla-policies', name: 'admin-sla-policies', role: 'admin', ready: '[data-test="policies-table"] tbody tr' },
  { path: '/admin/calendar', name: 'admin-calendar', role: 'admin', ready: '[data-test="calendar-year"] [data-date]' },
  { path: '/admin/partners', name: 'admin-partners', role: 'admin', ready: '.el-pagination__total' },
  { path: '/admin/deliveries', name: 'admin-deliveries', role: 'admin', ready: '.el-pagination__total' },
];

/** Text that is a dictionary key rather than words: a translation is missing. */
function untranslatedKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const keyLike = /^[a-z][a-zA-Z]*\.[a-zA-Z0-9_./-]+$/;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found: string[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      if (keyLike.test(text)) found.push(text);
    }
    for (const node of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const v = node.getAttribute(attr);
        if (v && keyLike.test(v)) found.push(`${attr}=${v}`);
      }
    }
    return found;
  });
}

describe('every page, as the people who use it see it', function () {
  this.timeout(120_000);
  let stack: Stack;
  let browser: Browser;

  before(async function () {
    this.timeout(60_000);
    stack = await startStack();
    browser = await launchBrowser();
    // Something in every list, so that each page is shown at work rather than empty.
    const operator = await makeUser(stack.h, 'operator');
    for (const description of ['小区旁工地夜间施工，凌晨还在打桩，噪音很大', '请问有关部门这个情况怎么处理']) {
      const res = await request(stack.h.app).post('/api/v1/tickets').set(operator.auth).send(ticketBody({ description }));
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
    }
    // The handler's queue fills once routing has placed the noise complaint.
    await waitFor('routing to place a ticket', async () => (await stack.h.c.db('tickets').where({ status: 'dispatched' }).first()) ?? false, 20_000);
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  for (const c of cases) {
    it(`${c.path} ${c.role ? `signed in as ${c.role}` : "(public)"}: loads with no script error, labels every control, and reads in Chinese and in English`, async () => {
      let page: Page;
      if (c.role) {
        page = await signIn(browser, stack, await makeStaff(stack.h, c.role), c.path);
        await page.setViewportSize(c.viewport ?? DESKTOP);
      } else {
        page = await newPage(browser, c.viewport ?? DESKTOP, c.allow);
        await page.goto(`${stack.baseUrl}${c.path}`);
      }
      expect(new URL(page.url()).pathname).to.equal(c.path);
      await page.locator('#app > *').first().waitFor();
      await page.locator(c.ready).first().waitFor({ state: 'attached', timeout: 20_000 });
      await page.waitForTimeout(300); // charts and live status settle
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal('zh-CN');
      expect(await unlabelledControls(page)).to.deep.equal([]);
      expect(await untranslatedKeys(page)).to.deep.equal([]);
      // Nothing wider than the screen (1366×768 for staff, 390×844 for citizens).
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).to.be.at.most(0);
      await screenshot(page, `page-${c.name}`);

      await page.getByRole('button', { name: 'English' }).click();
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');
      expect(await page.title()).to.match(/12345/).and.not.match(/[\u4e00-\u9fff]{2}/);
      expect(await untranslatedKeys(page)).to.deep.equal([]);
      await screenshot(page, `page-${c.name}-en`);
      await page.getByRole('button', { name: '中文' }).click();
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal('zh-CN');

      expect(problemsOf(page)).to.deep.equal([]);
      await page.close();
    });
  }

  it('when a handler opens the dispatch page, then it says the page is not for their role and links to their own', async () => {
    const page = await signIn(browser, stack, await makeStaff(stack.h, 'handler'), '/dispatch');
    await page.getByRole('alert').getByText('此页面不适用于您的角色').waitFor();
    expect(await page.getByRole('link', { name: '前往我的工作页面' }).getAttribute('href')).to.equal('/workbench');
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });

  it('when the sign-in link names another site as where to go next, then signing in stays on this site', async () => {
    const staff = await makeStaff(stack.h, 'dispatcher');
    for (const next of ['/%5Cevil.test/x', '//evil.test/x', 'https://evil.test/x']) {
      const page = await newPage(browser);
      await page.goto(`${stack.baseUrl}/?next=${next}`);
      await page.getByLabel('用户名').fill(staff.username);
      await page.getByLabel('密码').fill(PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/'), page.getByRole('button', { name: '登录' }).click()]);
      const url = new URL(page.url());
      expect(url.origin, next).to.equal(stack.baseUrl);
      expect(url.pathname, next).to.equal('/dispatch');
      await page.close();
    }
  });

  it('when someone opens a staff page without signing in, then the sign-in page sends them back there afterwards', async () => {
    const staff = await makeStaff(stack.h, 'supervisor');
    const page = await newPage(browser);
    await page.goto(`${stack.baseUrl}/dashboard`);
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('next') === '/dashboard');
    await page.getByLabel('用户名').fill(staff.username);
    await page.getByLabel('密码').fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
    expect(problemsOf(page)).to.deep.equal([]);
    await page.close();
  });
});
