/**
 * Issue 7's app gaps: the assessment funnel, places reserved for segments and bed-based units are
 * edited as form fields (not JSON) and shown in the Results view, and sizing sizes beds.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  download,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openBuiltin,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();
const shots = process.env.PLACEWISE_SHOTS ?? join(tmpdir(), 'placewise-shots');

interface Doc {
  programmes: { id: string }[];
  establishments: { id: string; programmes: { programme: string; segments?: { id: string }[] }[] }[];
}

const plans = (page: Page) => page.locator('pw-programme-plans');

/** Open HMP Wymott (TC in beds, TSP's Table 4b segments) and make runs quick. */
async function openWymott(page: Page): Promise<void> {
  const after = await openBuiltin(page, 'wymott-2014');
  await gotoView(page, 'edit');
  await fieldAt(page, 'replications').fill('20');
  await waitForResults(page, after, 240_000);
}

/** Fill a field in the editor and wait for the run the edit starts. */
async function edit(page: Page, path: string, value: string): Promise<void> {
  const before = await shownRunId(page);
  await gotoView(page, 'edit');
  await fieldAt(page, path).fill(value);
  await waitForResults(page, before, 240_000);
  await gotoView(page, 'results');
}

const mean = async (page: Page, selector: string) =>
  Number(await plans(page).locator(selector).first().getAttribute('data-mean'));

describe('funnel, segments and beds in the editor and the results', () => {
  it('edits a funnel share, a reservation and beds as form fields and sees the results change', async () => {
    const doc = JSON.parse(await readFile('scenarios/wymott-2014.json', 'utf8')) as Doc;
    const tsp = doc.programmes.findIndex((p) => p.id === 'tsp');
    const site = doc.establishments.findIndex((e) => e.id === 'wymott');
    const deliveries = doc.establishments[site]!.programmes;
    const tspHere = deliveries.findIndex((d) => d.programme === 'tsp');
    const tcHere = deliveries.findIndex((d) => d.programme === 'tc');
    const w = await newAppPage(browser());
    const { page } = w;
    await openWymott(page);

    // The editor: percentages as text inputs with a numeric keyboard, labelled, default marked.
    const suitablePath = `programmes[${tsp}].assessment.suitable`;
    const suitable = fieldAt(page, suitablePath);
    await expect(suitable.inputValue()).resolves.toBe('80');
    await expect(suitable.getAttribute('inputmode')).resolves.toBe('decimal');
    await expect(suitable.getAttribute('type')).resolves.toBe('text');
    const suitableField = page.locator(`.funnel-edit [data-path="${suitablePath}"]`);
    await expect(suitableField.locator('label').textContent()).resolves.toMatch(
      /Thinking Skills Programme \(TSP\).*: Suitable/,
    );
    expect(await suitableField.locator('.badge-default').count()).toBe(1);
    await expect(
      page.locator('.funnel-edit tr[data-programme="tsp"] td[data-other]').getAttribute('data-other'),
    ).resolves.toBe('0.05');

    // Results before the edits.
    await gotoView(page, 'results');
    const funnelTsp = 'table.funnel-table[data-programme="tsp"]';
    const shareBefore = Number(
      await plans(page).locator(`${funnelTsp} tr[data-stage="suitable"] td[data-share]`).getAttribute('data-share'),
    );
    expect(shareBefore).toBeGreaterThan(0.7);
    const segmentRow = 'table.segment-plan-table[data-programme="tsp"] tr[data-segment="ogrs-0-24"]';
    expect(await mean(page, `${segmentRow} td[data-measure="reservedPlaces"]`)).toBe(0);
    const tcRow = plans(page).locator('table.beds-table tr[data-programme="tc"]');
    await expect(tcRow.getAttribute('data-beds')).resolves.toBe('70');
    const placesBefore = Number(await tcRow.locator('td[data-measure="placesPerYear"]').getAttribute('data-places'));
    const startsBefore = await mean(page, 'table.beds-table tr[data-programme="tc"] td[data-measure="startsPerYear"]');

    // 1. A funnel share: TSP's suitable share from 80% to 40%.
    await edit(page, suitablePath, '40');
    const shareAfter = Number(
      await plans(page).locator(`${funnelTsp} tr[data-stage="suitable"] td[data-share]`).getAttribute('data-share'),
    );
    expect(shareAfter).toBeGreaterThan(0.3);
    expect(shareAfter).toBeLessThan(0.5);

    // 2. A reservation: half of each TSP group kept for OGRS 0-24 (the details opened first).
    await gotoView(page, 'edit');
    await page.locator(`details.segment-plan[data-programme="tsp"] > summary`).click();
    const reservedPath = `establishments[${site}].programmes[${tspHere}].segments[0].reservedShare`;
    await expect(fieldAt(page, reservedPath).getAttribute('inputmode')).resolves.toBe('decimal');
    await edit(page, reservedPath, '50');
    expect(await mean(page, `${segmentRow} td[data-measure="reservedPlaces"]`)).toBeGreaterThan(0);
    await gotoView(page, 'edit');
    await expect(
      page.locator('table.segments-edit tr[data-segment="ogrs-0-24"] td.reserved-words').textContent(),
    ).resolves.toMatch(/50% \(about 5\.5 of 11\)|50% \(about \d+(\.\d)? of \d+\)/);

    // 3. Beds: the TC from 70 beds to 20; a full unit's starts a year fall in proportion.
    await edit(page, `establishments[${site}].programmes[${tcHere}].beds`, '20');
    await expect(tcRow.getAttribute('data-beds')).resolves.toBe('20');
    const placesAfter = Number(await tcRow.locator('td[data-measure="placesPerYear"]').getAttribute('data-places'));
    expect(placesAfter).toBeCloseTo((placesBefore * 20) / 70, 6);
    expect(await mean(page, 'table.beds-table tr[data-programme="tc"] td[data-measure="startsPerYear"]')).toBeLessThan(
      startsBefore,
    );

    // Each table has a caption and a CSV from the one writer.
    for (const table of ['table.funnel-table', 'table.segment-plan-table', 'table.beds-table'])
      expect(await plans(page).locator(`${table} caption`).first().textContent()).toMatch(/\w/);
    const csv = await download(page, () => tcRow.locator('xpath=ancestor::table//caption//button').click());
    expect(csv.name).toBe('wymott-beds.csv');
    expect(csv.text.split('\r\n')[0]).toMatch(/^scope,programme,name,beds_at_start,beds_at_end,/);
    expect(csv.text).toMatch(/\r\nwymott,tc,/);

    // The phone: no sideways scroll of the page on the results or the editor.
    // (Loaded at that size: the stored scenario, edits and all, opens again.)
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await waitForResults(page, 0, 240_000);
    await expect(
      page.locator('pw-programme-plans table.beds-table tr[data-programme="tc"]').getAttribute('data-beds'),
    ).resolves.toBe('20');
    for (const view of ['results', 'edit'] as const) {
      await gotoView(page, view);
      // The page no wider than the screen; anything wider named (tables scroll in their own box).
      const scroll = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        wider: [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'))
          .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
          .slice(0, 6)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
      }));
      expect({ view, ...scroll }).toEqual({ view, width: 390, wider: [] });
    }
    await expectClean(w);
  }, 600_000);

  it('sizes the TC in beds from the Sizing view', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await openWymott(page);
    await gotoView(page, 'sizing');
    await page.selectOption('#sizing-programme', 'tc');
    await expect(page.locator('#sizing-programme-hint').textContent()).resolves.toMatch(/Bed-based: now 70 beds/);
    await expect(page.locator('label[for="sizing-max"]').textContent()).resolves.toBe('Maximum beds');
    expect(await page.locator('#sizing-at-once').count()).toBe(0);
    await page.fill('#sizing-replications', '5');
    await page.fill('#sizing-max', '200');
    await page.press('#sizing-target', 'Enter');
    await page.waitForSelector('pw-sizing-view[data-sizing-run]', { timeout: 240_000 });
    const answer = page.locator('pw-sizing-view .sizing-answer');
    await expect(answer.getAttribute('data-unit')).resolves.toBe('beds');
    const beds = Number(await answer.getAttribute('data-answer'));
    expect(beds).toBeGreaterThan(0);
    expect((await answer.textContent())!.replace(/\s+/g, ' ')).toMatch(
      new RegExp(`^ ?${beds} beds \\(\\d+ places a year\\)`),
    );
    await expect(page.locator('pw-sizing-view table.sizing-table thead th').first().textContent()).resolves.toBe(
      'Beds',
    );
    await expect(page.locator('pw-sizing-view .sizing-chance').textContent()).resolves.toMatch(
      /Chance of meeting the target/,
    );
    // Apply sets the TC's beds in the scenario.
    const before = await shownRunId(page);
    await page.click(`pw-sizing-view button:has-text("Apply ${beds} beds to the scenario")`);
    await waitForResults(page, before, 240_000);
    await gotoView(page, 'results');
    await expect(
      plans(page).locator('table.beds-table tr[data-programme="tc"]').getAttribute('data-beds'),
    ).resolves.toBe(String(beds));
    await expectClean(w);
  }, 600_000);

  it("warns, by Stafford's segment plan, that too few violent men join TSP or RESOLVE for the starts planned", async () => {
    await mkdir(shots, { recursive: true });
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await openBuiltin(page, 'stafford-2014');
    await gotoView(page, 'edit');
    await fieldAt(page, 'replications').fill('20');
    await waitForResults(page, before, 240_000);
    await gotoView(page, 'results');

    // The two columns: TSP's planned starts with the pooled total beside them, and the men joining.
    const violent = plans(page).locator('table.segment-plan-table[data-programme="tsp"] tr[data-segment="violent"]');
    const planned = violent.locator('td[data-measure="plannedStartsPerYear"]');
    expect(Number(await planned.getAttribute('data-pooled'))).toBeCloseTo(80, 0);
    expect(Number(await planned.getAttribute('data-planned'))).toBeLessThan(80);
    await expect(planned.textContent()).resolves.toMatch(/\(80 with RESOLVE\)/);
    const joining = await mean(
      page,
      'table.segment-plan-table[data-programme="tsp"] tr[data-segment="violent"] td[data-measure="eligibleJoiningPerYear"]',
    );
    expect(joining).toBeGreaterThan(10);
    expect(joining).toBeLessThan(0.6 * 80);
    const heads = await plans(page)
      .locator('table.segment-plan-table[data-programme="tsp"] thead th')
      .allTextContents();
    expect(heads.slice(-2)).toEqual(['Planned starts a year (pooled with others)', 'Eligible men joining a year']);

    // The warning, above TSP's table, in a planner's words; none for sex offenders (they supply TSP's 18).
    const warning = plans(page).locator('.supply-warning[data-programme="tsp"][data-segment="violent"]');
    await expect(warning.isVisible()).resolves.toBe(true);
    const words = (await warning.textContent())!.replace(/\s+/g, ' ');
    expect(words).toMatch(/Warning: Violent offenders: about \d+ men a year/);
    expect(words).toMatch(/join who could start (TSP or RESOLVE|RESOLVE or TSP), against 80 starts a year planned/);
    expect(words).toMatch(/more places cannot close this/);
    expect(Number(/about (\d+) men/.exec(words)![1])).toBeCloseTo(joining, -1);
    expect(await plans(page).locator('.supply-warning[data-segment="sexual"]').count()).toBe(0);
    // Once: RESOLVE's table, pooled with TSP, does not repeat it (its planned starts say "with TSP").
    expect(await plans(page).locator('.supply-warning').count()).toBe(1);
    await expect(
      plans(page)
        .locator(
          'table.segment-plan-table[data-programme="resolve"] tr[data-segment="violent"] td[data-measure="plannedStartsPerYear"]',
        )
        .textContent(),
    ).resolves.toMatch(/\(80 with TSP\)/);
    await expect(
      warning.evaluate((el) => el.nextElementSibling?.querySelector('table')?.getAttribute('data-programme')),
    ).resolves.toBe('tsp');

    // The CSV of the table carries the supply and the warning.
    const csv = await download(page, () =>
      plans(page).locator('table.segment-plan-table[data-programme="tsp"] caption button').click(),
    );
    expect(csv.name).toBe('stafford-tsp-segment-plan.csv');
    const [head, ...rows] = csv.text.trim().split('\r\n');
    expect(head).toMatch(
      /,planned_starts_per_year,pooled_with,pooled_planned_starts_per_year,eligible_joining_per_year_mean,.*,supply_warning$/,
    );
    expect(rows.find((r) => r.startsWith('stafford,tsp,violent,'))).toMatch(/short by/);

    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ]) {
      if (viewport.width !== 1366) {
        // Loaded at that size (the stored scenario opens again), as a phone would.
        await page.setViewportSize(viewport);
        await page.reload();
        await waitForResults(page, 0, 240_000);
        await gotoView(page, 'results');
      }
      await warning.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `segment-supply-${viewport.width}.png`), fullPage: false });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // The warning's words wrap within the screen.
      const box = (await warning.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
    await expectClean(w);
  }, 600_000);
});
