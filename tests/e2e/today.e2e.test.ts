/** The current-day built-in in the app: listed in the picker, opened, run, its needs shown. */
import { describe, expect, it } from 'vitest';
import { browserPerFile, expectClean, gotoView, newAppPage, shownRunId, waitForResults } from './helpers.js';

const browser = browserPerFile();

describe('a region today', () => {
  it('opens from the built-in picker, runs, and shows its PNI pathways as needs', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await page.click('#builtin-open');
    const item = page.locator('#builtin-dialog li[data-builtin="region-today"]');
    expect(((await item.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('PNI');
    const before = await shownRunId(page);
    await page.click('#builtin-dialog button[aria-label="Open A region today (illustrative)"]');
    await waitForResults(page, before, 240_000);
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('A region today (illustrative)');
    await gotoView(page, 'results');
    const row = page.locator('table.need-table tr[data-need="general-offending"]').first();
    expect(Number(await row.locator('td[data-measure="joined"]').getAttribute('data-mean'))).toBeGreaterThan(0);
    if (process.env.PLACEWISE_SCREENSHOT) {
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: process.env.PLACEWISE_SCREENSHOT, fullPage: false });
    }
    await expectClean(w);
  }, 300_000);
});
