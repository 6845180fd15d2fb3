/** The backtest beside the agreed volumes: Wymott's actual TSP completions against the projection, and its price. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  dropFile,
  editAndRun,
  expectClean,
  gotoView,
  newAppPage,
  openScenarioFile,
  saveScenario,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

/** Wymott as built in, with fewer replications so the browser run is quick. */
function wymott(): string {
  const doc = JSON.parse(readFileSync(new URL('../../scenarios/wymott-2014.json', import.meta.url), 'utf8')) as {
    replications: number;
  };
  doc.replications = 24;
  return JSON.stringify(doc);
}

describe('backtest in the results', () => {
  it("shows Wymott's actual TSP completions against the projection, with error and interval", async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await shownRunId(page);
    await openScenarioFile(page, 'wymott-backtest.json', wymott());
    await waitForResults(page, before, 240_000);
    await gotoView(page, 'results');
    const table = page.locator('table.backtest-table[data-scope="wymott"]');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(6);
    const whole = table.locator('tr[data-segment="all"]');
    await expect(whole.locator('[data-cell="actual"]').textContent()).resolves.toBe('117');
    const projected = Number(await whole.locator('[data-cell="projected"]').getAttribute('data-mean'));
    expect(projected).toBeGreaterThan(0);
    const errorText = ((await whole.locator('[data-cell="error"]').textContent()) ?? '').trim().replace('−', '-');
    expect(Number(errorText)).toBeCloseTo(projected - 117, 0);
    const inside = await whole.getAttribute('data-inside');
    await expect(whole.locator('td').last().textContent()).resolves.toContain(inside === 'true' ? 'yes' : 'outside');
    for (const band of ['0-24', '25-49', '50-74', '75-89', '90-100']) {
      await expect(table.locator(`tr[data-segment="${band}"] [data-cell="actual"]`).count()).resolves.toBe(1);
    }
    // Segments read as the band's label, not the ids ("OGRS 0-24").
    await expect(table.locator('tr[data-segment="0-24"] [data-cell="segment"]').textContent()).resolves.toBe(
      'OGRS: Low (0-24)',
    );
    const caption = (await table.locator('caption').textContent()) ?? '';
    expect(caption.replace(/\s+/g, ' ')).toContain('actual is for 2013-04-01 to 2014-03-31');
    const price = (await page.locator('.cost-summary [data-cost="operating-price"]').textContent()) ?? '';
    expect(price.replace(/\s+/g, ' ')).toContain('£18,811,910 a year');
    const shots = process.env.PLACEWISE_SCREENSHOT_DIR;
    if (shots) {
      await page.locator('.cost-summary').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/backtest-1366.png`, fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/backtest-390.png`, fullPage: false });
    }
    await expectClean(w);
  }, 300_000);
});

describe('cost in Compare', () => {
  it('shows the difference in operating price between the current scenario and a file', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '10');
    const variant = JSON.parse((await saveScenario(page)).text) as {
      name: string;
      establishments: { operatingPrice: { annualOperatingPrice: number } }[];
    };
    variant.name = 'Stafford, dearer';
    variant.establishments[0]!.operatingPrice.annualOperatingPrice = 12_000_000;
    await gotoView(page, 'compare');
    await dropFile(page, 'pw-compare-view .drop-zone', 'dearer.json', JSON.stringify(variant));
    const table = page.locator('table.cost-compare');
    await table.waitFor();
    // Current (11,508,731) minus the file (12,000,000) over the 52-week window.
    const price = table.locator('tr[data-programme="operating-price"] [data-cell="difference"]');
    await expect(price.textContent()).resolves.toBe('-£491,269');
    await expect(table.locator('[data-cell="total-difference"]').textContent()).resolves.toBe('-£491,269');
    const shots = process.env.PLACEWISE_SCREENSHOT_DIR;
    if (shots) {
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/cost-compare-1366.png`, fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await table.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/cost-compare-390.png`, fullPage: false });
    }
    await expectClean(w);
  }, 300_000);
});
