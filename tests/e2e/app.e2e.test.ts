import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  expectClean,
  gotoView,
  newAppPage,
  openScenarioFile,
  programmeMean,
  shownRunId,
  status,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe('the app', () => {
  it('opens on the default scenario with its results shown', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await expect(page.locator('.scenario-name').textContent()).resolves.toContain('HMP Stafford 2014-15');
    await expect(status(page).textContent()).resolves.toMatch(/Results: 500 replications, seed 20141001/);
    // Stafford's three delivered programmes, with their agreed volumes (Table 5).
    for (const [programme, agreed] of [
      ['tsp', '80'],
      ['resolve', '20'],
      ['c-sotp', '36'],
    ] as const) {
      const row = page.locator(`table.programme-table[data-scope="stafford"] tr[data-programme="${programme}"]`);
      await expect(row.locator('td[data-measure="agreedStarts"]').textContent()).resolves.toContain(agreed);
    }
    expect(await programmeMean(page, 'stafford', 'tsp', 'starts')).toBeGreaterThan(0);
    // Charts: titled, with a canvas drawn, and a table as their text alternative.
    await expect(page.locator('pw-chart .chart-title').first().textContent()).resolves.toMatch(/waiting list/);
    expect(await page.locator('pw-chart canvas').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('pw-chart details.chart-data table').count()).toBeGreaterThanOrEqual(3);
    // Defaults that do not come from a source are marked.
    await gotoView(page, 'edit');
    expect(await page.locator('[data-path="establishments[0].staffing.pomFte"] .badge-default').count()).toBe(1);
    expect(
      await page.locator('[data-path="establishments[0].programmes[0].agreedStarts"] .badge-default').count(),
    ).toBe(0);
    await expectClean(w);
  });

  it('shows the region, compare and report views', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'region');
    await expect(page.locator('table.region-matrix tr[data-scope="region"] th').textContent()).resolves.toContain(
      'Region total',
    );
    expect(await page.locator('table.region-matrix tr[data-scope="stafford"]').count()).toBe(1);
    // How precisely the means are known, on Region and in the report a planner signs.
    const precision = /Monte Carlo error \(95% confidence\): every mean of 5 or more here is within ±[\d.]+%/;
    await expect(page.locator('pw-region-view p.hint').first().textContent()).resolves.toMatch(precision);
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    await page.locator('table.compare-table').waitFor();
    // Same scenario, same seed: every difference is zero (so list every figure, not only the meaningful changes).
    await page.check('input[name="cmp-filter"][value="all"]');
    const diffs = await page
      .locator('table.compare-table td[data-difference]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-difference'))));
    expect(diffs.length).toBeGreaterThan(20);
    expect(diffs.every((d) => d === 0)).toBe(true);
    await gotoView(page, 'report');
    await expect(page.locator('pw-report-view h2').first().textContent()).resolves.toContain('HMP Stafford 2014-15');
    await expect(page.locator('pw-report-view .report-header p').first().textContent()).resolves.toMatch(precision);
    expect(await page.locator('pw-report-view pw-chart canvas').count()).toBeGreaterThanOrEqual(7);
    await expectClean(w);
  });

  it('keeps the page keyboard-usable: every form control has a label', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    for (const view of ['results', 'region', 'compare', 'edit'] as const) {
      await gotoView(page, view);
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => {
            const e = el as HTMLInputElement;
            if (e.type === 'hidden') return false;
            const labelled =
              (e.labels?.length ?? 0) > 0 || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
            return !labelled;
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unlabelled, `unlabelled controls in ${view}`).toEqual([]);
    }
    // Tabs move with the arrow keys.
    await page.focus('#tab-edit');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#tab-report').getAttribute('aria-selected')).resolves.toBe('true');
    await expectClean(w);
  });

  it("opens a large region's detailed programme and case-management tables on one programme and one tier, every one a choice away", async () => {
    // HMP Stafford 21 times over: more establishments than the table shows all programmes for.
    const stafford = JSON.parse(
      readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'),
    ) as { name: string; replications: number; establishments: { id: string; name: string }[] };
    const one = stafford.establishments[0]!;
    stafford.name = 'Twenty-one Staffords';
    stafford.replications = 4;
    stafford.establishments = Array.from({ length: 21 }, (_, i) => ({
      ...one,
      id: `stafford-${i + 1}`,
      name: `HMP Stafford ${i + 1}`,
    }));
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await shownRunId(page);
    await openScenarioFile(page, 'staffords.json', JSON.stringify(stafford));
    await waitForResults(page, before);
    await gotoView(page, 'region');
    const rows = page.locator('table.region-programmes tbody tr');
    const hint = ((await page.locator('pw-region-view [data-one="programme"]').textContent()) ?? '').replace(
      /\s+/g,
      ' ',
    );
    expect(hint.trim()).toMatch(
      /With 21 establishments this table shows one programme at a time; choose “All programmes” for every one \([\d,]+ rows\)\./,
    );
    // Its first delivered programme (TSP): each establishment and the region's total.
    await expect(rows.count()).resolves.toBe(22);
    await expect(page.locator('#region-programme').inputValue()).resolves.toBe('tsp');
    expect(await page.locator('table.region-programmes tbody tr[data-programme="tsp"]').count()).toBe(22);
    await page.selectOption('#region-programme', '');
    const programmes = await page.locator('#region-programme option').count();
    await expect.poll(() => rows.count()).toBe((programmes - 1) * 22);
    await expect(page.locator('pw-region-view [data-one="programme"]').count()).resolves.toBe(0);
    // Case management likewise, one tier at a time.
    const tierRows = page.locator('table.region-tiers tbody tr');
    const tierHint = ((await page.locator('pw-region-view [data-one="tier"]').textContent()) ?? '').replace(
      /\s+/g,
      ' ',
    );
    expect(tierHint.trim()).toMatch(
      /With 21 establishments this table shows one tier at a time; choose “All tiers” for every one \([\d,]+ rows\)\./,
    );
    const firstTier = await page.locator('#region-tier option').nth(1).getAttribute('value');
    await expect(page.locator('#region-tier').inputValue()).resolves.toBe(firstTier);
    await expect(tierRows.count()).resolves.toBe(22);
    expect(await page.locator(`table.region-tiers tbody tr[data-tier="${firstTier}"]`).count()).toBe(22);
    await page.selectOption('#region-tier', '');
    const tiers = (await page.locator('#region-tier option').count()) - 1;
    expect(tiers).toBeGreaterThan(1);
    await expect.poll(() => tierRows.count()).toBe(tiers * 22);
    await expect(page.locator('pw-region-view [data-one="tier"]').count()).resolves.toBe(0);
    await expectClean(w);
  });
});
