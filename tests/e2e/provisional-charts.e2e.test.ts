/**
 * Provisional figures computed while the editor is on screen carry no weekly series (the editor
 * draws none). On Results until the full run, each chart says its weekly figures come with the
 * full run, not "No weeks simulated." over empty axes; the full run draws them.
 */
import { describe, expect, it } from 'vitest';
import { browserPerFile, expectClean, fieldAt, gotoView, newAppPage, shownRunId, waitForResults } from './helpers.js';

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
});
