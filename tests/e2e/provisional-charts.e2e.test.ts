/**
 * Provisional figures carry only the weekly series the view on screen draws: none from the editor,
 * the shown establishment's from Results. A chart without its series says its weekly figures come
 * with the full run, not "No weeks simulated." over empty axes; the full run draws them. So with
 * the breakdowns by band, offence and year: Results' are the shown establishment's, and another's
 * say they come with the full run, which shows them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openBuiltin,
  shownRunId,
  status,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe('provisional figures without weekly series', () => {
  it('say on each chart that the weekly figures come with the full run, then draw them', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await shownRunId(page);
    await gotoView(page, 'edit');
    // Long enough that the full run is still going when Results is opened.
    await fieldAt(page, 'replications').fill('1500');
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 120_000,
    });
    await gotoView(page, 'results');
    const charts = page.locator('pw-results-view pw-chart');
    expect(await charts.count()).toBeGreaterThan(0);
    const notes = await charts.evaluateAll((els) =>
      els.map((e) => e.querySelector('.chart-pending-note')?.textContent?.replace(/\s+/g, ' ').trim() ?? null),
    );
    expect(notes).toEqual(
      notes.map(
        () => 'Weekly figures come with the full run. The figures so far are totals from its first replications.',
      ),
    );
    expect(await page.locator('pw-results-view').innerText()).not.toContain('No weeks simulated');
    expect(await page.locator('pw-results-view .chart-plot').count()).toBe(0);
    // The full run draws every chart.
    await waitForResults(page, before, 240_000);
    await expect(page.locator('pw-results-view .chart-pending-note').count()).resolves.toBe(0);
    await expect(page.locator('pw-results-view .chart-plot canvas').count()).resolves.toBe(await charts.count());
    await expectClean(w);
  }, 300_000);

  it('on Results chart and break down the establishment shown, and say of another that its weekly figures and breakdowns come with the full run; on Region chart the region', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await openBuiltin(page, 'region-today');
    // A run long enough to be still going when its provisional figures are looked at: started
    // from the editor, cancelled once its first figures are in, and run again from Results.
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('400');
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 120_000,
    });
    await status(page).getByRole('button', { name: 'Cancel' }).click();
    await page.locator('pw-run-status .run-status[data-phase="cancelled"]').waitFor();
    await gotoView(page, 'results');
    await page.selectOption('#res-establishment', 'so-site');
    await status(page).getByRole('button', { name: 'Run again' }).click();
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 120_000,
    });
    const charts = page.locator('pw-results-view pw-chart');
    expect(await charts.count()).toBeGreaterThan(1);
    expect(await pendingNotes(page)).toEqual(0);
    await expect(page.locator('pw-results-view .chart-plot canvas').count()).resolves.toBe(await charts.count());
    expect(await breakdowns(page)).toEqual({ tables: 3, pending: 0 });
    // Another establishment's series and breakdowns were not worked out: its charts and its
    // breakdowns say so until the full run.
    await page.selectOption('#res-establishment', 'trainer');
    await expect(page.locator('pw-results-view h2#res-h').textContent()).resolves.toBe(
      'Category C trainer (illustrative)',
    );
    expect(await page.locator('pw-app').getAttribute('data-provisional')).not.toBeNull();
    expect(await pendingNotes(page)).toBe(await charts.count());
    expect(await breakdowns(page)).toEqual({ tables: 0, pending: 1 });
    expect((await page.locator('pw-results-view .breakdowns-pending').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Figures by OGRS band, by offence and by year come with the full run. The figures so far are totals from its first replications.',
    );
    const full = await waitForResults(page, before, 240_000);
    expect(await pendingNotes(page)).toBe(0);
    expect(await breakdowns(page)).toEqual({ tables: 3, pending: 0 });
    await expect(page.locator('pw-results-view .chart-plot canvas').count()).resolves.toBe(await charts.count());
    // Region draws the region's series (offender management): its provisional figures carry them.
    await gotoView(page, 'region');
    await status(page).getByRole('button', { name: 'Run again' }).click();
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 120_000,
    });
    const regionCharts = page.locator('pw-region-view pw-chart');
    expect(await regionCharts.count()).toBeGreaterThan(1);
    expect(await pendingNotes(page, 'pw-region-view')).toBe(0);
    await expect(page.locator('pw-region-view .chart-plot canvas').count()).resolves.toBe(await regionCharts.count());
    await waitForResults(page, full, 240_000);
    await expectClean(w);
  }, 500_000);
});

/** Results' breakdown tables (by OGRS band, offence and year) and notes that they come with the full run. */
async function breakdowns(page: Page): Promise<{ tables: number; pending: number }> {
  return {
    tables: await page.locator('pw-results-view table.breakdown-table').count(),
    pending: await page.locator('pw-results-view .breakdowns-pending').count(),
  };
}

function pendingNotes(page: Page, view = 'pw-results-view'): Promise<number> {
  return page.locator(`${view} .chart-pending-note`).count();
}
