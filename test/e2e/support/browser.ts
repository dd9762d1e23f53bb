import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium package (installed by .ci/run); playwright-core downloads no browser. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const screenshotDir = path.join(__dirname, '..', '..', '..', '..', 'test', 'e2e', 'screenshots');

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, in the hotline's language and time zone. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'hotline-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args,
    viewport: DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  await mkdir(screenshotDir, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const problems = new WeakMap<Page, string[]>();

/**
 * A new tab that records what a person would call broken: script errors, console errors, pages or
 * scripts that fail to load, and any 5xx. An API's 4xx is an answer the page shows, not a problem;
 * `allow` lists URL parts whose failures a test provokes on purpose.
 */
export async function newPage(browser: Browser, viewport = DESKTOP, allow: string[] = []): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const found: string[] = [];
  problems.set(page, found);
  const allowed = (url: string) => allow.some((part) => url.includes(part));
  page.on('pageerror', (err) => found.push(`script error: ${err.message}`));
  page.on('console', (msg) => {
    // "Failed to load resource" repeats a response seen below, where it is judged with its URL.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) found.push(`console error: ${msg.text()}`);
  });
  page.on('response', (res) => {
    const url = res.url();
    if (allowed(url)) return;
    if (res.status() >= 500 || (res.status() >= 400 && !new URL(url).pathname.startsWith('/api/'))) found.push(`${res.status()} ${url}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? '';
    // A request cut short by leaving the page is not a failure of the page.
    if (!allowed(req.url()) && failure !== 'net::ERR_ABORTED') found.push(`request failed: ${req.url()} ${failure}`);
  });
  return page;
}

export function problemsOf(page: Page): string[] {
  return problems.get(page) ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}
