import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { type Role } from '../../../src/shared/principal';
import { hashPassword } from '../../../src/modules/auth';
import { startWebServer } from '../../../src/server';
import { startWorkers } from '../../../workers';
import { isolatedHarness, type Harness } from '../../support/harness';
import { newPage, type Browser } from './browser';

export const PASSWORD = 'e2e-Passw0rd';
let passwordHash: Promise<string> | null = null;
let serial = 0;

export interface Stack {
  h: Harness;
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real server on an ephemeral port (HTTP, the pages and Socket.io) with the workers running, on
 * the test database: what a hotline centre runs, in this process.
 */
export async function startStack(): Promise<Stack> {
  const h = await isolatedHarness({ env: { QUEUE_PREFIX: `e2e-${process.pid}` } });
  const web = await startWebServer(h.c, 0);
  const workers = await startWorkers(h.c);
  const { port } = web.server.address() as AddressInfo;
  return {
    h,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await workers.stop();
      await web.stop();
    },
  };
}

export interface Staff {
  id: number;
  username: string;
  role: Role;
}

/** A member of staff who signs in with a password, as people do. */
export async function makeStaff(h: Harness, role: Role, departmentCode = role === 'handler' ? '310104-ENV' : 'HOTLINE'): Promise<Staff> {
  const department = h.c.directory.getByCode(departmentCode);
  if (!department) throw new Error(`unknown department ${departmentCode}`);
  passwordHash ??= hashPassword(PASSWORD);
  const username = `e2e-${role}-${process.pid}-${++serial}`;
  const [{ id }] = await h.c
    .db('users')
    .insert({ username, password_hash: await passwordHash, display_name: username, role, department_id: department.id })
    .returning('id');
  return { id, username, role };
}

/** Signs in through the sign-in page in a new tab; resolves on the page the role lands on (or `next`). */
export async function signIn(browser: Browser, stack: Stack, staff: Staff, next?: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${stack.baseUrl}/${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('用户名').fill(staff.username);
  await page.getByLabel('密码').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/'), page.getByRole('button', { name: '登录' }).click()]);
  await page.locator('.topbar .who').waitFor();
  return page;
}

/** Waits until the page's live connection (Socket.io /live) is up. */
export async function live(page: Page): Promise<void> {
  await page.locator('.live-on').waitFor({ timeout: 30_000 });
}

/** Marks the document; `notReloaded` is true as long as the same document is still shown. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
}

export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark === true);
}
