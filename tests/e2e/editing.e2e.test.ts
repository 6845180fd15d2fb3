import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  programmeMean,
  shownRunId,
  status,
  storedScenario,
} from './helpers.js';

const browser = browserPerFile();

const TSP_GROUPS = 'establishments[0].programmes[0].groupsPerYear';

describe('editing a scenario', () => {
  it('re-runs after an edit: fewer TSP groups a year, more TSP unmet need', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '60');
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'establishments[0].programmes[0].programme').inputValue()).resolves.toBe('tsp');
    await expect(fieldAt(page, TSP_GROUPS).inputValue()).resolves.toBe('8');
    const unmetAt8 = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    const startsAt8 = await programmeMean(page, 'stafford', 'tsp', 'starts');

    await editAndRun(page, TSP_GROUPS, '4');
    const unmetAt4 = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    expect(await programmeMean(page, 'stafford', 'tsp', 'starts')).toBeLessThan(startsAt8);
    expect(unmetAt4).toBeGreaterThan(unmetAt8);

    await editAndRun(page, TSP_GROUPS, '12');
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBeLessThan(unmetAt8);
    // The edit is kept in the browser.
    expect(JSON.parse((await storedScenario(page))!).doc.establishments[0].programmes[0].groupsPerYear).toBe(12);
    await expectClean(w);
  });

  it('marks an invalid value at its field, does not run it, and keeps the last valid results', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const run = await editAndRun(page, 'replications', '40');
    const unmet = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');
    const saved = await storedScenario(page);

    await gotoView(page, 'edit');
    await fieldAt(page, TSP_GROUPS).fill('-3');
    const field = page.locator(`[data-path="${TSP_GROUPS}"]`);
    await field.locator('.field-error').waitFor();
    await expect(fieldAt(page, TSP_GROUPS).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field.locator('.field-error').textContent()).resolves.toMatch(/\S/);
    // Named by its labels in context, GOV.UK style, at the field (between label and input) and in the summary.
    const message = 'HMP Stafford, TSP: groups a year must be 0 or more';
    await expect(page.locator('pw-problems .problems-errors').textContent()).resolves.toContain(message);
    await expect(field.locator('.field-error').textContent()).resolves.toContain(message);
    const order = await field.evaluate((el) =>
      [...el.children].map((c) => c.tagName.toLowerCase() + (c.className ? `.${c.className}` : '')),
    );
    expect(order.findIndex((t) => t.startsWith('label'))).toBeLessThan(
      order.findIndex((t) => t.includes('field-error')),
    );
    expect(order.findIndex((t) => t.includes('field-error'))).toBeLessThan(
      order.findIndex((t) => t.startsWith('input')),
    );
    await page.waitForFunction(
      () => document.querySelector('pw-run-status .run-status')?.getAttribute('data-phase') === 'invalid',
    );
    // Nothing runs, the old results stay, and the broken scenario is not saved over the good one.
    await page.waitForTimeout(800);
    expect(await shownRunId(page)).toBe(run);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).toBe(unmet);
    expect(await storedScenario(page)).toBe(saved);

    // The error's link takes the user to the field.
    await gotoView(page, 'results');
    await page.click(`pw-problems li[data-problem-path="${TSP_GROUPS}"] button`);
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).resolves.toBe(
      TSP_GROUPS,
    );

    // Fixing it runs again.
    await editAndRun(page, TSP_GROUPS, '6');
    await expect(status(page).getAttribute('data-phase')).resolves.toBe('done');
    await expectClean(w);
  });

  it('edits catalogue and case-management fields, and marks a bad criterion', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '30');
    await editAndRun(page, 'programmes[0].completionRate', '0.5');
    await editAndRun(page, 'caseManagement.tiers[0].sessionsPerYear', '24');
    await gotoView(page, 'results');
    const required = await page
      .locator('table.tier-table tr[data-tier="highest"] td[data-measure="sessionsRequired"]')
      .getAttribute('data-mean');
    expect(Number(required)).toBeGreaterThan(0);

    await gotoView(page, 'edit');
    // The catalogue's row for TSP (segment plans and funnels name their programme too).
    await page.locator('pw-edit-catalogue details[data-programme="tsp"] > summary').click();
    const eligibility = fieldAt(page, 'programmes[0].eligibility');
    await eligibility.fill('{"attribute": "ogrs", "atLeast": "no-such-band"}');
    await page.locator('[data-path="programmes[0].eligibility"] .field-error').waitFor();
    await expect(page.locator('[data-path="programmes[0].eligibility"] .field-error').textContent()).resolves.toMatch(
      /no-such-band|band|categor/i,
    );
    await eligibility.fill('{"attribute": "ogrs", "atLeast": ');
    await expect(page.locator('[data-path="programmes[0].eligibility"] .field-error').textContent()).resolves.toMatch(
      /Not valid JSON/,
    );
    await expectClean(w);
  });
});
