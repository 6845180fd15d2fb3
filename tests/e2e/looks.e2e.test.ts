/**
 * What a new user sees (issue 9, looked at view by view): no internal ids or JSON paths in the
 * words shown, fields named once, tables that say they scroll, and an editor row that fits.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
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

const selectedText = (page: import('playwright-core').Page, path: string) =>
  fieldAt(page, path).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!.trim());

describe('words a user reads', () => {
  it('labels choices in words, names a field once, and words the report’s warnings as the panel does', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    await expect(selectedText(page, 'establishments[0].establishmentType')).resolves.toBe('Category C trainer');
    await expect(selectedText(page, 'establishments[0].programmes[0].programme')).resolves.toBe(
      'TSP: Thinking Skills Programme',
    );
    await expect(selectedText(page, 'programmes[6].kind')).resolves.toBe('Domestic violence');

    // Places a year and the latest run's readout sit beside groups a year, and the number fits a narrow column.
    const heads = await page
      .locator('#ed-progs-h ~ .table-scroll table.edit-table thead th')
      .evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
    expect(heads.slice(0, 4)).toEqual(['Programme', 'Groups a year', 'Places a year', 'Latest run, a year']);
    const width = await fieldAt(page, 'establishments[0].programmes[0].groupsPerYear').evaluate(
      (i: HTMLElement) => i.offsetWidth,
    );
    expect(width).toBeLessThan(100);

    // The engine's message already starts with the field's words: they are said once.
    await editAndRun(page, 'establishments[0].programmes[0].groupsPerYear', '4');
    const warning = page.locator('pw-problems li[data-problem-path="establishments[0].programmes[0].agreedStarts"]');
    await expect(warning.textContent()).resolves.toMatch(/TSP: agreed starts \(80\) are 40 more than the 40 places/);
    expect(await warning.textContent()).not.toMatch(/agreed starts\s+agreed starts/);

    await gotoView(page, 'report');
    const report = page.locator('pw-report-view .report-warnings');
    const text = ((await report.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).not.toContain('establishments[');
    expect(text).toContain('HMP Stafford, TSP: agreed starts (80) are 40 more than the 40 places');
    expect(text).toContain('Notes on the source tables');
    expect(text).toContain('HMP Stafford: 10 population tables cover part of the population (712 of 741 people)');
    await expectClean(w);
  }, 300_000);
});

describe('fields that fit their words', () => {
  it("shows a prison's type, a programme's name in a list and a delivery's source without cutting them", async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    // Text wider than its box, for an input (its scroll width) or a select (its chosen option's words).
    const cut = (selector: string) =>
      page.locator(selector).evaluateAll((els) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        return els
          .filter((el) => {
            const style = getComputedStyle(el);
            if (el instanceof HTMLSelectElement) {
              ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
              const words = ctx.measureText(el.selectedOptions[0]?.text ?? '').width;
              // Padding and the arrow take about 30 px.
              return words + 30 > el.clientWidth;
            }
            return el.scrollWidth > el.clientWidth + 1;
          })
          .map((el) => (el as HTMLInputElement).value);
      });
    const type = '[data-path="establishments[0].type"] input';
    await expect(page.locator(type).inputValue()).resolves.toMatch(/^Category C trainer \/ sex-offender/);
    await expect(cut(type)).resolves.toEqual([]);
    const programmes = '#ed-progs-h ~ .table-scroll table.edit-table td:first-child select';
    expect(await page.locator(programmes).count()).toBe(3);
    await expect(cut(programmes)).resolves.toEqual([]);
    // A delivery's source wraps on two lines (a text box that scrolls, with its scroll bar), not one cut line.
    const source = page.locator('[data-path="establishments[0].programmes[0].source"] textarea');
    await expect(source.inputValue()).resolves.toMatch(/^HMP Stafford Local Establishment Annex/);
    await expect(source.getAttribute('rows')).resolves.toBe('2');
    expect(await source.evaluate((el) => el.clientWidth)).toBeGreaterThan(150);
    // At 1366 the table fits its card: Source sits under each row, not in a column reached by scrolling.
    const box = page.locator('#ed-progs-h ~ .table-scroll');
    const [scrollW, clientW] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollW).toBeLessThanOrEqual(clientW);
    if (process.env.PLACEWISE_SHOTS) {
      await page.locator(type).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.PLACEWISE_SHOTS}/fields-fit-1366.png` });
    }
    await expectClean(w);
  }, 300_000);
});

describe('the results table', () => {
  it('leaves out programmes neither delivered nor needed at a prison, and names them', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const doc = JSON.parse(readFileSync(new URL('../../scenarios/leicester-2014.json', import.meta.url), 'utf8')) as {
      replications: number;
      treatmentHistory: unknown[];
    };
    doc.replications = 20;
    // With no treatment history nobody at Leicester has completed Core SOTP, so nobody needs the
    // Extended SOTP that follows it: a programme neither delivered nor needed there.
    doc.treatmentHistory = [];
    const before = await shownRunId(page);
    await openScenarioFile(page, 'leicester-2014.json', JSON.stringify(doc));
    await waitForResults(page, before);
    await gotoView(page, 'results');
    const table = page.locator('pw-results-view table.programme-table[data-scope="leicester"]');
    // Leicester delivers nothing; no one there needs Extended SOTP, so its row would be all zeros.
    await expect(table.locator('tr[data-programme="e-sotp"]').count()).resolves.toBe(0);
    await expect(table.locator('tr[data-programme="tsp"]').count()).resolves.toBe(1);
    await expect(table.locator('caption').textContent()).resolves.toMatch(
      /Not shown: E-SOTP \(not delivered here, and no one here needs it\)/,
    );
    // The report leaves out what is not delivered: at Leicester, everything. A sentence says so, not
    // a table of headings alone.
    await gotoView(page, 'report');
    const report = page.locator('pw-report-view');
    await expect(report.locator('table.programme-table[data-scope="leicester"]').count()).resolves.toBe(0);
    await expect(report.locator('.empty-table[data-scope="leicester"]').textContent()).resolves.toMatch(
      /^Programmes at HMP Leicester: \d+ programmes not delivered here are left out \(their unmet need adds up to [\d,]+ people on average\); tick/,
    );
    await expectClean(w);
  }, 300_000);
});

describe('on a phone', () => {
  it('says a wide table scrolls sideways, and the import preview’s column letters sit over their cells', async () => {
    const w = await newAppPage(browser(), { width: 390, height: 844 });
    const { page } = w;
    await gotoView(page, 'results');
    const box = page.locator('pw-results-view table.programme-table').first().locator('xpath=..');
    await expect(box.getAttribute('data-scroll-region')).resolves.toBe('');
    const cue = await box.evaluate((el) => getComputedStyle(el, '::before').content);
    expect(cue).toContain('Scroll sideways for more columns');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Compare names programmes by their short names, so its figures are nearer in sight.
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    await page.locator('table.compare-table').waitFor();
    await page.check('input[name="cmp-filter"][value="all"]');
    const tsp = page.locator('table.compare-table tr[data-key="stafford/programme:tsp/starts"]');
    await expect(tsp.locator('.name-short').evaluate((e: HTMLElement) => e.innerText)).resolves.toBe('TSP');
    await expect(tsp.locator('.name-long').evaluate((e: HTMLElement) => e.offsetWidth)).resolves.toBeLessThanOrEqual(1);

    await gotoView(page, 'edit');
    const panel = page.locator('pw-population-import details.import-panel').first();
    await panel.locator('summary').click();
    await panel.locator('textarea').fill('OGRS\tSexual\tViolent\n0-24\t12\t9\n');
    const align = await panel
      .locator('table.import-preview thead th')
      .nth(1)
      .evaluate((th) => getComputedStyle(th).textAlign);
    expect(align).toBe('left');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectClean(w);
  }, 300_000);
});

describe('a window made narrow', () => {
  it('from 1366 to 390 wide without a reload, scrolls no view sideways and redraws its charts to fit', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    for (const view of ['results', 'region', 'report'] as const) {
      await page.setViewportSize({ width: 1366, height: 900 });
      await gotoView(page, view);
      await page.locator('main pw-chart .uplot').first().waitFor();
      const wide = await page
        .locator('main pw-chart .uplot')
        .first()
        .evaluate((el) => el.getBoundingClientRect().width);
      expect(wide, view).toBeGreaterThan(600);
      await page.setViewportSize({ width: 390, height: 844 });
      // The charts were drawn at 1366 (about 1,300 px): they held the page that wide.
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 390, null, { timeout: 10_000 });
      const narrow = await page
        .locator('main pw-chart .uplot')
        .first()
        .evaluate((el) => el.getBoundingClientRect().width);
      expect(narrow, view).toBeLessThanOrEqual(390);
      // And back: the chart grows to the wider box again.
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.waitForFunction(
        () => (document.querySelector('main pw-chart .uplot')?.getBoundingClientRect().width ?? 0) > 600,
        null,
        { timeout: 10_000 },
      );
    }
    await expectClean(w);
  }, 300_000);
});
