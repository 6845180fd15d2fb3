import { describe, expect, it } from 'vitest';
import { browserPerFile, expectClean, fieldAt, gotoView, newAppPage, shownRunId, waitForResults } from './helpers.js';

const browser = browserPerFile();

/** The mean shown for a measure of the offender-management section. */
async function mean(page: import('playwright-core').Page, table: string, row: string, measure: string) {
  const text = await page
    .locator(`pw-caseload-view table[data-table="${table}"] tr[data-${row}] td[data-measure="${measure}"]`)
    .first()
    .getAttribute('data-mean');
  return Number(text);
}

describe('offender management (OMiC)', () => {
  it('shows POM FTE required against available with charts and tables, and switches to the OMiC tiers', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'results');
    const section = page.locator('pw-caseload-view section');
    await expect.poll(() => section.locator('pw-chart').count()).toBe(3);
    expect(await section.locator('dl.headline').innerText()).toMatch(/POM FTE required[\s\S]*POM FTE available/);
    const rows = await section.locator('table[data-table="responsibility"] tbody tr').count();
    expect(rows).toBe(3);
    // Stafford's POMs in post and every task's minutes are defaults: the section says so beside the shortfall.
    const defaults = await section.locator('[data-measure="restsOnDefaults"]').innerText();
    expect(defaults).toMatch(/rest on defaults/);
    expect(defaults).toMatch(/POM FTE in post/);
    expect(defaults).toMatch(/OASys assessment and review/);
    const tiers = await section
      .locator('table[data-table="caseload-tiers"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-tier')));
    expect(tiers).toEqual(['highest', 'medium', 'low']);
    expect(await mean(page, 'caseload-tiers', 'tier="medium"', 'fteRequired')).toBeGreaterThan(0);

    const before = await shownRunId(page);
    await gotoView(page, 'edit');
    await fieldAt(page, 'caseManagement.tierSet').selectOption('omic-rosh');
    await waitForResults(page, before);
    await gotoView(page, 'results');
    const omic = await section
      .locator('table[data-table="caseload-tiers"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-tier')));
    expect(omic).toEqual(['omic-high', 'omic-medium', 'omic-low']);
    await expectClean(w);
  });
});
