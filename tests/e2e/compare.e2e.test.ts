import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  dropFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  saveScenario,
  shownRunId,
  startLongRun,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

const difference = (page: Page, key: string) =>
  page
    .locator(`table.compare-table tr[data-key="${key}"] td[data-difference]`)
    .getAttribute('data-difference')
    .then(Number);

describe('comparing scenarios', () => {
  it('shows every headline figure as a difference from a pinned baseline, which survives a reload', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '40');
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    await editAndRun(page, 'establishments[0].programmes[0].groupsPerYear', '4');
    await gotoView(page, 'compare');
    await page.locator('table.compare-table').waitFor();
    expect(await difference(page, 'stafford/programme:tsp/starts')).toBeLessThan(0);
    expect(await difference(page, 'stafford/programme:tsp/unmetNeed')).toBeGreaterThan(0);
    // C-SOTP (another need, its groups always full) did not change: only "every figure" lists it.
    // (RESOLVE may: it is TSP's alternative in the same need, and takes up some of the men.)
    await expect(
      page.locator('table.compare-table tr[data-key="stafford/programme:c-sotp/starts"]').count(),
    ).resolves.toBe(0);
    await page.check('input[name="cmp-filter"][value="all"]');
    expect(await difference(page, 'stafford/programme:c-sotp/starts')).toBe(0);
    await page.reload();
    await waitForResults(page);
    await gotoView(page, 'compare');
    await expect(page.locator('pw-compare-view .reference-choice').textContent()).resolves.toContain('Pinned baseline');
    expect(await difference(page, 'stafford/programme:tsp/starts')).toBeLessThan(0);
    // The baseline's replications, which the comparison pairs, were kept in the browser with it:
    // not simulated again after the reload.
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-baseline-run'));
    expect(await page.locator('pw-app').getAttribute('data-baseline-run')).toBe('browser');
    await expectClean(w);
  });

  it('pairs a baseline and an edit that stopped at a precision target after different replications, over the first of both', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '2000');
    await editAndRun(page, 'precisionTarget', '10');
    const first = Number(await page.locator('pw-app').getAttribute('data-run-replications'));
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    // A tighter target: the edit runs on to a later checkpoint.
    await editAndRun(page, 'precisionTarget', '5');
    const second = Number(await page.locator('pw-app').getAttribute('data-run-replications'));
    expect(first % 10).toBe(0);
    expect(second % 10).toBe(0);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(2000);
    await gotoView(page, 'compare');
    const hint = page.locator('pw-compare-view [data-paired-over-first]');
    await expect(hint.getAttribute('data-paired-over-first')).resolves.toBe(String(first));
    const said = ((await hint.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(said).toMatch(
      new RegExp(
        `ran different numbers of replications \\(Baseline \\(pinned [\\d:]+\\) ${first}, Edited ${second}\\), so both are compared over the first ${first} of each`,
      ),
    );
    // Paired: the same file on both sides differs by nothing, replication by replication (so only
    // "every figure" lists it).
    await page.check('input[name="cmp-filter"][value="all"]');
    expect(await difference(page, 'stafford/programme:tsp/starts')).toBe(0);
    await expectClean(w);
  });

  it('pins a run stopped early as the baseline, and after a reload pairs it with its own replications, kept', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await startLongRun(page);
    await page.locator('pw-run-status [data-stop-early]').click({ timeout: 60_000 });
    await waitForResults(page, before);
    const m = Number(await page.locator('pw-app').getAttribute('data-run-replications'));
    expect(m).toBeLessThan(20_000);
    await gotoView(page, 'compare');
    await page.click('pw-compare-view button:has-text("Pin current as baseline")');
    await page.reload();
    await waitForResults(page);
    await gotoView(page, 'compare');
    // Its m replications, not the file's 20,000: shown again from the browser, nothing simulated,
    // and the run on screen (the same stopped run, kept) pairs with it figure for figure.
    await page.waitForFunction(() => document.querySelector('pw-app')?.hasAttribute('data-baseline-run'));
    expect(await page.locator('pw-app').getAttribute('data-baseline-run')).toBe('browser');
    await page.check('input[name="cmp-filter"][value="all"]');
    expect(await difference(page, 'stafford/programme:tsp/starts')).toBe(0);
    await expect(page.locator('pw-compare-view').textContent()).resolves.not.toMatch(/cannot be paired/);
    await expectClean(w);
  });

  it('opens a second scenario file (dropped) and compares the two', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '30');
    const variant = JSON.parse((await saveScenario(page)).text) as {
      name: string;
      establishments: { programmes: { groupsPerYear: number }[] }[];
    };
    variant.name = 'Stafford, more TSP';
    variant.establishments[0]!.programmes[0]!.groupsPerYear = 12;
    await gotoView(page, 'compare');
    await dropFile(page, 'pw-compare-view .drop-zone', 'more-tsp.json', JSON.stringify(variant));
    await page.locator('table.compare-table').waitFor();
    await expect(page.locator('table.compare-table caption').textContent()).resolves.toContain('Stafford, more TSP');
    // Current (8 groups) minus the file (12 groups): fewer starts.
    expect(await difference(page, 'stafford/programme:tsp/starts')).toBeLessThan(0);
    // The current scenario is untouched.
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    await expectClean(w);
  });

  it('opens a scenario file dropped on the page as the current scenario', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const leicester = readFileSync(new URL('../../scenarios/leicester-2014.json', import.meta.url), 'utf8');
    const before = await shownRunId(page);
    await dropFile(page, 'main', 'leicester-2014.json', leicester);
    await waitForResults(page, before);
    await expect(page.locator('.scenario-name').textContent()).resolves.toMatch(/Leicester/);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'establishments[0].id').inputValue()).resolves.toBe('leicester');
    // Opening a file never loses work: the notice offers the scenario it replaced.
    const back = await shownRunId(page);
    await page.click('.notice button:has-text("Go back to “HMP Stafford 2014-15”")');
    await waitForResults(page, back);
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    await expectClean(w);
  });
});
