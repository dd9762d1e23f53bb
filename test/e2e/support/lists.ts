import type { Locator } from 'playwright-core';

/**
 * Pages a list on the server's cursor ("加载更多") until `target` shows: on a busy queue the row a
 * test looks for may be pages down, as it would be for a person.
 */
export async function loadUntilShown(target: Locator, more: Locator, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await target.isVisible())) {
    if (Date.now() > deadline) throw new Error(`not shown after paging for ${timeout} ms: ${target}`);
    if (await more.isVisible()) await more.click();
    await target.page().waitForTimeout(200);
  }
}

/** Pages a list to its last row: "加载更多" until it is gone. */
export async function loadAll(more: Locator, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (await more.isVisible()) {
    if (Date.now() > deadline) throw new Error(`still more to load after ${timeout} ms`);
    if (await more.isEnabled()) await more.click();
    await more.page().waitForTimeout(200);
  }
}
