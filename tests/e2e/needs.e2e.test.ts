/** The results view's need table: each person once per need, and which reasons more places can fix. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  expectClean,
  gotoView,
  newAppPage,
  openScenarioFile,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe('needs in the results view', () => {
  it('shows each need once with unmet need by reason and says which reasons more places can fix', async () => {
    const w = await newAppPage(browser());
    const doc = JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as {
      replications: number;
    };
    doc.replications = 20;
    const before = await shownRunId(w.page);
    await openScenarioFile(w.page, 'stafford-2014.json', JSON.stringify(doc));
    await waitForResults(w.page, before);
    await gotoView(w.page, 'results');
    const table = w.page.locator('table.need-table');
    const text = async (l: typeof table) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(await text(table.locator('caption'))).toContain('more places can fix released untreated and too little');
    const row = table.locator('tr[data-need="offending-behaviour"]');
    // Its stages by the programmes' short names, never their ids.
    expect(await text(row.locator('th'))).toContain('(SCP, RESOLVE or TSP)');
    const mean = async (measure: string) =>
      Number(await row.locator(`td[data-measure="${measure}"]`).getAttribute('data-mean'));
    const joined = await mean('joined');
    expect(joined).toBeGreaterThan(0);
    expect(await mean('unmetFixableByPlaces')).toBeLessThanOrEqual(await mean('unmetNeed'));
    if (process.env.PLACEWISE_SCREENSHOT) {
      await table.scrollIntoViewIfNeeded();
      await w.page.screenshot({ path: process.env.PLACEWISE_SCREENSHOT, fullPage: false });
    }
    // The region view carries the same table, summed over establishments.
    await gotoView(w.page, 'region');
    const regional = w.page.locator('pw-region-view table.need-table tr[data-need="offending-behaviour"]');
    expect(Number(await regional.locator('td[data-measure="joined"]').getAttribute('data-mean'))).toBe(joined);
    if (process.env.PLACEWISE_SCREENSHOT) {
      await regional.scrollIntoViewIfNeeded();
      await w.page.screenshot({ path: process.env.PLACEWISE_SCREENSHOT.replace(/\.png$/, '-region.png') });
    }
    await expectClean(w);
  }, 120_000);
});
