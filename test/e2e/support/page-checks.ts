import type { Page } from 'playwright-core';

/** Inputs, selects and textareas that no label, aria-label or aria-labelledby names (Element Plus's own included). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((c) => {
        const control = c as HTMLInputElement;
        if (control.closest('[hidden]')) return false;
        return !(control.labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby'));
      })
      .map((c) => c.outerHTML.slice(0, 120)),
  );
}

/** How far the page is wider than the screen (0 or less: no horizontal scrolling). */
export const overflow = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Opens an Element Plus select by its label and picks the option with this text (or the first). */
export async function choose(page: Page, selectLabel: string, option?: string): Promise<void> {
  const input = page.getByRole('combobox', { name: selectLabel, exact: true });
  // The wrapper takes the click: the input sits under the placeholder.
  await page.locator('.el-select__wrapper', { has: input }).click();
  // This select's own list (another one may still be fading out).
  const options = page.locator(`[id="${await input.getAttribute('aria-controls')}"] .el-select-dropdown__item`);
  await (option === undefined ? options.first() : options.filter({ hasText: option }).first()).click();
}
