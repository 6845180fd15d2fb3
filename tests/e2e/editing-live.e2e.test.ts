/**
 * Issue 9 items 1-3 and 7 in Chromium: built-in scenarios, editing without surprises (no wheel
 * edits, percentages, places a year, sections that stay open, a status strip in view, live
 * readouts), progressive results and a large saved run that asks first, and warnings in words.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WARM_UP } from '../../web/runs/pace.js';
import { poolSizeFor } from '../../workers/chunks.js';
import {
  browserPerFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openSection,
  programmeMean,
  shownRunId,
  status,
  storedScenario,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

const TSP_GROUPS = 'establishments[0].programmes[0].groupsPerYear';

/**
 * Set a field by an input event from inside the page, and time (in the page's clock) when
 * provisional and final results appear after it.
 */
async function timedEdit(page: Page, path: string, value: string): Promise<{ provisional: number[]; final: number }> {
  return page.evaluate(
    async ({ path, value }) => {
      const app = document.querySelector('pw-app')!;
      const input = document.querySelector<HTMLInputElement>(`[name="${path}"]`)!;
      const provisional: number[] = [];
      let final = -1;
      const t0 = performance.now();
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          if (r.attributeName === 'data-provisional' && app.hasAttribute('data-provisional'))
            provisional.push(performance.now() - t0);
          if (r.attributeName === 'data-results-run') final = performance.now() - t0;
        }
      });
      observer.observe(app, { attributes: true, attributeFilter: ['data-results-run', 'data-provisional'] });
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => {
        const check = () => {
          const phase = document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase');
          if (final >= 0 && phase === 'done') resolve();
          else setTimeout(check, 10);
        };
        check();
      });
      observer.disconnect();
      return { provisional, final };
    },
    { path, value },
  );
}

describe('built-in scenarios', () => {
  it('lists every scenarios/*.json file with a line on it, Stafford first and open by default', async () => {
    const files = readdirSync(new URL('../../scenarios/', import.meta.url)).filter(
      (f) => f.endsWith('.json') && f !== 'placewise.schema.json',
    );
    const w = await newAppPage(browser());
    const { page } = w;
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    await page.click('#builtin-open');
    const items = page.locator('#builtin-dialog li[data-builtin]');
    expect(await items.count()).toBe(files.length);
    expect(await items.first().getAttribute('data-builtin')).toBe('stafford-2014');
    for (const name of ['HMP Wymott 2014-15', 'HMP Leicester 2014-15', 'West Midlands region 2014-15'])
      await expect(page.locator('#builtin-dialog').textContent()).resolves.toContain(name);
    for (const text of await page.locator('#builtin-dialog .builtin-summary').allTextContents())
      expect(text.length).toBeGreaterThan(30);

    const before = await shownRunId(page);
    await page.click('#builtin-dialog button[aria-label="Open HMP Leicester 2014-15"]');
    await waitForResults(page, before);
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Leicester 2014-15');
    await expect(page.locator('table.programme-table[data-scope="leicester"]').count()).resolves.toBe(1);
    // The notice offers the way back to the scenario it replaced.
    await page.click('.notice button:has-text("Go back to “HMP Stafford 2014-15”")');
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    await expectClean(w);
  });
});

describe('editing', () => {
  it('never changes a number on the mouse wheel or arrow keys', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const run = await shownRunId(page);
    await gotoView(page, 'edit');
    const input = fieldAt(page, TSP_GROUPS);
    await expect(input.getAttribute('type')).resolves.toBe('text');
    await expect(input.getAttribute('inputmode')).resolves.toBe('decimal');
    await expect(fieldAt(page, 'establishments[0].operationalCapacity').getAttribute('inputmode')).resolves.toBe(
      'numeric',
    );
    await input.scrollIntoViewIfNeeded();
    await input.focus();
    await input.hover();
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, i % 2 ? 120 : -120);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(700);
    await expect(input.inputValue()).resolves.toBe('8');
    expect(await shownRunId(page)).toBe(run);
    await expect(status(page).getAttribute('data-phase')).resolves.toBe('done');
    await expectClean(w);
  });

  it('shows rates as percentages but stores shares, and computes places a year beside groups a year', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '40');
    await gotoView(page, 'edit');
    const completion = fieldAt(page, 'programmes[0].completionRate');
    const stored = JSON.parse((await storedScenario(page))!).doc;
    await expect(completion.inputValue()).resolves.toBe(
      String(Math.round(stored.programmes[0].completionRate * 1000) / 10),
    );
    await expect(page.locator('[data-path="programmes[0].completionRate"] label').textContent()).resolves.toContain(
      '%',
    );
    await editAndRun(page, 'programmes[0].completionRate', '57.5');
    expect(JSON.parse((await storedScenario(page))!).doc.programmes[0].completionRate).toBe(0.575);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'programmes[0].completionRate').inputValue()).resolves.toBe('57.5');

    const places = page.locator('tr[data-programme="tsp"] td.places-a-year');
    await expect(places.getAttribute('data-places')).resolves.toBe('80'); // 8 groups of 10
    await fieldAt(page, TSP_GROUPS).fill('6');
    await expect(places.getAttribute('data-places')).resolves.toBe('60');
    await expect(places.textContent()).resolves.toMatch(/^\s*60\s*$/);
    await expectClean(w);
  });

  it('keeps an opened population table open while it is typed into, through an error and its fix', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    const table = page.locator('details.population-table[data-path="establishments[0].population.tables[1]"]');
    await expect(table.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await openSection(table, '[name="establishments[0].population.tables[1].cells[0].count"]');
    const count = fieldAt(page, 'establishments[0].population.tables[1].cells[0].count');
    const original = await count.inputValue();
    for (const value of ['1', '12', '-', '-1', '120', original]) {
      await count.fill(value);
      await page.waitForTimeout(150);
      await expect(table.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    }
    await count.pressSequentially('0');
    await expect(table.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
    await expectClean(w);
  });
});

describe('seeing an edit from the editor', () => {
  it('keeps the status strip in view and shows provisional, then final, figures beside the programme', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    await page.locator('#ed-progs-h').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 300));
    const readout = page.locator('tr[data-programme="tsp"] .readout');
    await expect(readout.getAttribute('data-state')).resolves.toBe('final');
    const startsAt8 = Number(await readout.getAttribute('data-starts'));
    // While the page was idle after the opening run, each worker ran its throwaway warm-up runs
    // (pace.ts), so this first edit is as quick as later ones.
    const workers = poolSizeFor(await page.evaluate(() => navigator.hardwareConcurrency));
    await page.waitForFunction(
      (n) => document.querySelector('pw-app')?.getAttribute('data-warm-ups') === String(n),
      workers * WARM_UP.rounds,
      { timeout: 60_000 },
    );

    const timing = await timedEdit(page, TSP_GROUPS, '4');
    // Provisional figures came first, then the full run's.
    expect(timing.provisional.length).toBeGreaterThanOrEqual(1);
    expect(timing.provisional[0]!).toBeLessThan(timing.final);
    console.log(
      `HMP Stafford edit: provisional after ${Math.round(timing.provisional[0]!)} ms, full run after ${Math.round(timing.final)} ms`,
    );
    // The strip is in view although the page is scrolled far down.
    const box = await page.locator('pw-run-status').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeLessThan(10);
    await expect(readout.getAttribute('data-state')).resolves.toBe('final');
    const startsAt4 = Number(await readout.getAttribute('data-starts'));
    expect(startsAt4).toBeLessThan(startsAt8);
    // The readout is the results table's figure (a one-year horizon: the total is the year).
    expect(startsAt4).toBeCloseTo(await programmeMean(page, 'stafford', 'tsp', 'starts'), 6);
    await expectClean(w);
  });

  it('marks provisional figures as such while a run refines, with time left and a cancel', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('3000');
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 60_000,
    });
    await expect(page.locator('tr[data-programme="tsp"] .readout').getAttribute('data-state')).resolves.toBe(
      'provisional',
    );
    await expect(status(page).textContent()).resolves.toMatch(/provisional/i);
    await page.locator('pw-run-status [data-time-left]').waitFor({ timeout: 60_000 });
    await gotoView(page, 'results');
    await expect(page.locator('.provisional-note').textContent()).resolves.toMatch(/first \d+ replications/);
    await expect(page.locator('pw-app').getAttribute('data-provisional')).resolves.toMatch(/^\d+$/);
    const k = Number(await page.locator('pw-app').getAttribute('data-provisional'));
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThan(3000);
    // How precisely those few replications' means are known: their own samples, not the last full run's.
    await expect
      .poll(async () => (await page.locator('pw-programme-table caption').first().textContent()) ?? '')
      .toMatch(/Monte Carlo error \(95% confidence\): every mean of 5 or more here is within ±[\d.]+%/);
    // Cancelling drops the provisional figures: the last full run's are shown again, unmarked.
    const run = await shownRunId(page);
    await page.click('pw-run-status button:has-text("Cancel")');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'cancelled',
    );
    await expect(page.locator('.provisional-note').count()).resolves.toBe(0);
    await expect(page.locator('pw-app').getAttribute('data-provisional')).resolves.toBeNull();
    expect(await shownRunId(page)).toBe(run);
    await expect(page.locator('.stale-note').count()).resolves.toBe(1);
    await expectClean(w);
  });

  it('asks before starting a large saved run on load', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    // With a precision to stop at, the replications and the time are the most it takes.
    await fieldAt(page, 'precisionTarget').fill('1');
    await fieldAt(page, 'replications').fill('20000');
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'running',
    );
    await page.click('pw-run-status button:has-text("Cancel")');
    await page.reload();
    await page.locator('pw-run-status .run-status[data-phase="confirm"]').waitFor();
    await expect(status(page).textContent()).resolves.toMatch(
      /a large run: at most 20,000 replications, at most about [\d.]+ (s|min) on \d workers?, fewer if its means are within ±1\.0% sooner \(checked every 10\)/,
    );
    await page.waitForTimeout(1000);
    expect(await shownRunId(page)).toBe(0);
    await page.click('pw-run-status button:has-text("Run it now")');
    await page.locator('pw-run-status .run-status[data-phase="running"]').waitFor();
    await page.click('pw-run-status button:has-text("Cancel")');
    await expectClean(w);
  });
});

describe('warnings in words', () => {
  it('groups the West Midlands warnings by prison as collapsed information, with no field paths', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await page.click('#builtin-open');
    const t0 = Date.now();
    await page.click('#builtin-dialog button[aria-label="Open West Midlands region 2014-15"]');
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-provisional'), null, {
      timeout: 120_000,
    });
    console.log(`West Midlands opened: provisional figures after ${Date.now() - t0} ms`);
    await page.click('pw-run-status button:has-text("Cancel")');
    const info = page.locator('pw-problems details.problems-info');
    await expect(info.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    await expect(page.locator('pw-problems details.problems-warnings').count()).resolves.toBe(0);
    await expect(info.locator('summary').textContent()).resolves.toMatch(/cover part of the population/);
    const groups = await info.locator('.problem-group h2').allTextContents();
    expect(groups).toContain('HMP Birmingham');
    expect(groups.length).toBe(12);
    const text = (await info.textContent()) ?? '';
    expect(text).not.toMatch(/establishments\[|tables\[/);
    const stafford = info.locator('.problem-group[data-group="e8"]');
    await expect(stafford.locator('h2').textContent()).resolves.toBe('HMP Stafford');
    await expect(stafford.locator('li').textContent()).resolves.toMatch(
      /^\s*10 population tables cover part of the population \(712 of 741 people\)/,
    );
    await expectClean(w);
  });
});
