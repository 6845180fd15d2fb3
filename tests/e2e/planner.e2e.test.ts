/**
 * Issue 9 items 4, 5, 6 and 8 as a planner meets them: the regional compare (headline, filter,
 * inputs that differ, CSV), sizing's split, chance, borderline flag and "Apply", a Table 4b import
 * that fits as the built-in table does, and the region chart and printed report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  download,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openScenarioFile,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

const scenarioText = (name: string, replications: number) => {
  const doc = JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8')) as {
    replications: number;
  };
  doc.replications = replications;
  return JSON.stringify(doc);
};

async function openScenario(page: Page, name: string, replications: number): Promise<void> {
  const before = await shownRunId(page);
  await openScenarioFile(page, `${name}.json`, scenarioText(name, replications));
  await waitForResults(page, before);
}

const diffOf = (page: Page, table: string, key: string) =>
  page.locator(`table.${table} tr[data-key="${key}"] td[data-difference]`).evaluate((td) => ({
    mean: Number(td.getAttribute('data-difference')),
    p5: Number(td.getAttribute('data-p5')),
    p95: Number(td.getAttribute('data-p95')),
  }));

describe('compare for a region', () => {
  it('leads with the headline and paired intervals, filters to meaningful changes, names the inputs and the CSV', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '40');
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    await editAndRun(page, 'establishments[0].programmes[0].groupsPerYear', '6');
    await gotoView(page, 'compare');
    const view = page.locator('pw-compare-view');
    await view.locator('table.compare-headline').waitFor();
    // The headline comes before the detail, and its sides are named.
    const order = await view.evaluate((el) =>
      [...el.querySelectorAll('table')].map((t) => t.className.replace('data-table ', '')),
    );
    expect(order.indexOf('compare-headline')).toBe(0);
    const heads = await view.locator('table.compare-headline thead th').allTextContents();
    expect(heads[1]).toMatch(/^Baseline \(pinned \d\d:\d\d\)$/);
    expect(heads[2]).toBe('Edited');
    // Two groups of 10 fewer: 20 fewer TSP starts in every replication, so the paired interval is a
    // point. RESOLVE, TSP's alternative in the same need, takes up a few of the men: all starts
    // fall by at most 20.
    expect(await diffOf(page, 'compare-table', 'stafford/programme:tsp/starts')).toEqual({
      mean: -20,
      p5: -20,
      p95: -20,
    });
    const starts = await diffOf(page, 'compare-headline', '@region/all/starts');
    expect(starts.mean).toBeGreaterThanOrEqual(-20);
    expect(starts.mean).toBeLessThan(-15);
    const unmet = await diffOf(page, 'compare-headline', '@region/all/unmetNeed');
    expect(unmet.mean).toBeGreaterThan(0);
    // The paired interval is narrower than the gap between the two sides' own intervals would suggest.
    expect(unmet.p95 - unmet.p5).toBeLessThan(30);
    await expect(view.locator('.change-list').textContent()).resolves.toContain(
      'HMP Stafford › Thinking Skills Programme (TSP) › groups a year: 8 → 6',
    );
    await expect(view.locator('.change-list li').count()).resolves.toBe(1);

    const count = async () => {
      const p = view.locator('.compare-count');
      return { shown: Number(await p.getAttribute('data-shown')), total: Number(await p.getAttribute('data-total')) };
    };
    const meaningful = await count();
    expect(meaningful.shown).toBeGreaterThan(0);
    expect(meaningful.shown).toBeLessThan(meaningful.total / 3);
    const rows = await view.locator('table.compare-table tbody tr[data-key]').evaluateAll((trs) =>
      trs.map((tr) => {
        const td = tr.querySelector('td[data-difference]')!;
        return {
          key: tr.getAttribute('data-key')!,
          p5: Number(td.getAttribute('data-p5')),
          p95: Number(td.getAttribute('data-p95')),
        };
      }),
    );
    expect(rows.every((r) => r.p5 > 0 || r.p95 < 0)).toBe(true);
    // Only TSP and the alternatives sharing its need (men wait on every list of the need) move.
    expect(rows.some((r) => r.key.includes('programme:tsp'))).toBe(true);
    expect(rows.every((r) => /programme:(tsp|resolve|scp)\//.test(r.key))).toBe(true);
    await page.check('input[name="cmp-filter"][value="all"]');
    expect((await count()).shown).toBe(meaningful.total);
    await page.check('input[name="cmp-filter"][value="threshold"]');
    await page.fill('#cmp-threshold', '15');
    const big = await view
      .locator('table.compare-table tbody tr[data-key] td[data-difference]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-difference'))));
    expect(big.length).toBeGreaterThan(0);
    expect(big.every((d) => Math.abs(d) >= 15)).toBe(true);
    await page.fill('#cmp-threshold', 'lots');
    await expect(view.locator('#cmp-threshold-err').textContent()).resolves.toMatch(/Enter a number of people/);

    const csv = await download(page, () => view.locator('table.compare-table caption button').click());
    expect(csv.name).toMatch(/^hmp-stafford-2014-15-edited-vs-baseline-pinned-\d\d-\d\d\.csv$/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^establishment,programme,measure,Baseline \(pinned \d\d:\d\d\) mean,/);
    expect(lines.length).toBe(meaningful.total + 5 + 1);
    // Rounded: no value with more than one decimal place.
    expect(
      lines
        .slice(1)
        .join(',')
        .match(/\d\.\d\d/),
    ).toBeNull();
    await expectClean(w);
  });
});

describe('sizing', () => {
  it('splits the answer, gives its chance and borderline flag, and applies it to the scenario', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'sizing');
    const view = page.locator('pw-sizing-view');
    await page.selectOption('#sizing-programme', 'tsp');
    await page.fill('#sizing-target', '60');
    await page.fill('#sizing-replications', '24');
    await page.click('button:has-text("Find the fewest groups")');
    await page.waitForSelector('pw-sizing-view[data-sizing-run]', { timeout: 240_000 });
    const answer = Number(await view.locator('.sizing-answer').getAttribute('data-answer'));
    expect(answer).toBeGreaterThan(0);
    const share = Number(await view.locator('.sizing-chance').getAttribute('data-share'));
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    // Every level tried says its chance, and the chance never falls as groups rise.
    const shares = await view
      .locator('table.sizing-table td[data-share]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-share'))));
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    await expect(view.locator('[data-part="clearing"]').textContent()).resolves.toMatch(
      /waiting\s+when\s+the\s+window\s+opens/,
    );
    await expect(view.locator('[data-part="sustaining"]').textContent()).resolves.toMatch(/people\s+joining a year/);
    expect(await view.locator('[data-borderline]').count()).toBe(1);

    const before = await shownRunId(page);
    await view.locator('button:has-text("to the scenario")').click();
    await expect(view.locator('.applied').textContent()).resolves.toContain(`groups a year set to ${answer}`);
    await waitForResults(page, before);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe(
      String(answer),
    );
    await expectClean(w);
  });
});

describe('importing a population table', () => {
  const leicesterCsv = readFileSync('/work/shared/reference/leicester-2014-ogrs-by-offence.csv', 'utf8');

  it('reads a Table 4b CSV mapped by labels, and it fits as the built-in table does', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await openScenario(page, 'leicester-2014', 40);
    await gotoView(page, 'results');
    const fit = (id: string) =>
      page.locator(`table.fit-table tr[data-table="${id}"]`).evaluate((tr) => ({
        max: Number(tr.getAttribute('data-max-error')),
        total: Number(tr.getAttribute('data-total-error')),
      }));
    const builtIn = await fit('l-ogrs-offence');

    await gotoView(page, 'edit');
    const panel = page.locator('pw-population-import details.import-panel');
    await panel.locator('summary').click();
    await panel.locator('input[type=file]').setInputFiles({
      name: 'leicester-ogrs-by-offence.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(leicesterCsv),
    });
    // Mapped by labels, never ids.
    const rows = panel.locator('select[id$="-rows"]');
    await expect(rows.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!.trim())).resolves.toBe(
      'OGRS (general reoffending, %)',
    );
    await expect(
      panel
        .locator('select[id$="-col-0"]')
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!.trim()),
    ).resolves.toBe('Sexual');
    await expect(
      panel
        .locator('select[id$="-col-7"]')
        .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!.trim()),
    ).resolves.toBe('Leave out');
    await expect(panel.locator('.import-summary').getAttribute('data-cells')).resolves.toBe('35');
    await expect(panel.locator('input[id$="-total"]').inputValue()).resolves.toBe('226');
    await panel
      .locator('select[id$="-target"]')
      .selectOption({ label: 'In place of “OGRS band by offence (sentenced, segmented population)”' });
    const before = await shownRunId(page);
    await panel.locator('button:has-text("Replace the table")').click();
    await waitForResults(page, before);
    await gotoView(page, 'results');
    const imported = await fit('leicester-ogrs-by-offence');
    expect(imported).toEqual(builtIn);
    await expectClean(w);
  });

  it('names the row and column of a bad cell, and exports a table as CSV', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    const panel = page.locator('pw-population-import details.import-panel').first();
    await panel.locator('summary').click();
    await panel.locator('textarea').fill('OGRS\tSexual\tViolent\n0-24\t12\t9\n50-74\t4O\t40\n');
    await expect(panel.locator('.import-errors li').first().textContent()).resolves.toContain(
      'row 3 (50-74), column B (Sexual): “4O” is not a number of people',
    );
    await expect(panel.locator('button:has-text("Add the table")').isDisabled()).resolves.toBe(true);
    await panel.locator('select[id$="-export"]').selectOption({ index: 2 });
    const csv = await download(page, () => panel.locator('button:has-text("Download CSV")').click());
    expect(csv.name).toBe('stafford-s-ogrs-offence.csv');
    expect(csv.text.split('\r\n')[0]).toBe(
      '"OGRS (general reoffending, %)",Sexual,Violent,Robbery,Acquisitive,Drugs,Other',
    );
    await expectClean(w);
  });
});

describe('region and report', () => {
  it('charts the region by establishment and prints the region summary first, landscape, with running heads', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await openScenario(page, 'west-midlands-2014', 10);
    // Over its one-year horizon the West Midlands stays within 10% of its tables (issue 6): no
    // drift warning. How a drift warning is worded (the cell in the scenario's labels, the flows
    // between prisons named) is pinned in tests/results/fitOverTime.test.ts.
    const panel = page.locator('pw-problems details.problems-warnings');
    const warnings = (await panel.count()) > 0 ? ((await panel.textContent()) ?? '').replace(/\s+/g, ' ') : '';
    expect(warnings).not.toMatch(/drifts from table|goes from \d+ people at the start/);
    // More than three start collapsed behind their count, so the views stay near the top; up to
    // three, open (OPEN_UP_TO in web/components/problems.ts).
    if (warnings !== '') {
      const count = Number(
        /^(\d+) warnings?/.exec(((await panel.locator('> summary').textContent()) ?? '').trim())?.[1],
      );
      expect(count).toBeGreaterThan(0);
      await expect(panel.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(count <= 3);
    }
    await gotoView(page, 'region');
    const chart = page.locator('pw-region-view .region-chart pw-bar-chart');
    await expect(chart.locator('li.bar-row').count()).resolves.toBe(12);
    await expect(chart.locator('figcaption').textContent()).resolves.toMatch(/^Unmet need by establishment/);
    await page.selectOption('#region-chart-kind', 'starts');
    // Every site shows its places: an outline, or "of 0 places" where it offers none.
    const outlines = await chart.locator('li.bar-row .bar-outline').count();
    const none = await chart.locator('li.bar-row .bar-value:has-text("of 0 places")').count();
    expect(outlines).toBeGreaterThan(0);
    expect(outlines + none).toBe(12);
    await expect(chart.locator('li[data-key="stafford"] .bar-value').textContent()).resolves.toMatch(/of \d+ places/);

    await gotoView(page, 'report');
    const sections = await page
      .locator('pw-report-view .report-section')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(sections[0]).toBe('region');
    // Programmes not delivered are left out unless asked for.
    const rowsAt = () =>
      page.locator('pw-report-view [data-section="stafford"] table.programme-table tbody tr').count();
    const delivered = await rowsAt();
    await page.check('#report-not-delivered');
    expect(await rowsAt()).toBeGreaterThan(delivered);
    await page.uncheck('#report-not-delivered');
    const pageRule = await page.evaluate(() =>
      document.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n'),
    );
    expect(pageRule.toLowerCase()).toContain('size: a4 landscape');
    expect(pageRule).toContain('West Midlands region 2014-15 · seed 20141001');
    expect(pageRule).toContain('counter(page)');
    await page.emulateMedia({ media: 'print' });
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    await page.emulateMedia({ media: 'screen' });
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(boxes.length).toBeGreaterThan(1);
    expect(boxes.every(([wd, ht]) => wd! > ht!)).toBe(true);
    await expectClean(w);
  }, 300_000);
});
