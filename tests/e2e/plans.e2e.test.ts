/**
 * Issue 7's app gaps: the assessment funnel, places reserved for segments and bed-based units are
 * edited as form fields (not JSON) and shown in the Results view, and sizing sizes beds.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  download,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

interface Doc {
  programmes: { id: string }[];
  establishments: { id: string; programmes: { programme: string; segments?: { id: string }[] }[] }[];
}

const plans = (page: Page) => page.locator('pw-programme-plans');

/** Open HMP Wymott (TC in beds, TSP's Table 4b segments) and make runs quick. */
async function openWymott(page: Page): Promise<void> {
  const before = await shownRunId(page);
  await page.click('#builtin-open');
  await page.locator('pw-builtin-picker button[aria-label*="Wymott"]').first().click();
  const after = await waitForResults(page, before, 240_000);
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
});
