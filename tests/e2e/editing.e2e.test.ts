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
    // The rule as data sits behind "Show as data" under the form.
    const editor = page.locator('fieldset.criteria-editor[data-path="programmes[0].eligibility"]');
    await editor.locator('.crit-data > summary').click();
    const eligibility = fieldAt(page, 'programmes[0].eligibility');
    await eligibility.fill('{"attribute": "ogrs", "atLeast": "no-such-band"}');
    await editor.locator(':scope > .field-error').waitFor();
    await expect(editor.locator(':scope > .field-error').textContent()).resolves.toMatch(/no-such-band|band|categor/i);
    // The form shows the unknown band as it is, marked, rather than dropping it.
    await expect(editor.locator('.crit-row select').nth(2).inputValue()).resolves.toBe('no-such-band');
    await eligibility.fill('{"attribute": "ogrs", "atLeast": ');
    await expect(editor.locator('.crit-data .field-error').textContent()).resolves.toMatch(/Not valid JSON/);
    await expectClean(w);
  });

  it('edits a rule in words: ticks a band, changes all/any, adds and removes a condition, and round-trips the data', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    await page.locator('pw-edit-catalogue details[data-programme="tsp"] > summary').click();
    const editor = page.locator('fieldset.criteria-editor[data-path="programmes[0].eligibility"]');
    const data = async () => JSON.parse(await fieldAt(page, 'programmes[0].eligibility').inputValue()) as unknown;
    await editor.locator('.crit-data > summary').click();
    const original = await data();
    // Stafford's TSP: OGRS at least High, or (violent and OGRS Medium). Labels, never ids.
    const text = (await editor.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Medium (25-49)');
    const group = editor.locator('.crit-group-row').first();
    // Low ticked beside Medium: the list stays in the bands' order.
    await group.getByLabel('Low (0-24)').check();
    await expect.poll(async () => JSON.stringify(await data())).toContain('{"attribute":"ogrs","in":["0-24","25-49"]}');
    await group.getByLabel('Low (0-24)').uncheck();
    await expect.poll(data).toEqual(original);
    // all / any of the whole rule.
    const join = editor.locator(':scope > .crit-join select');
    await join.selectOption('all');
    await expect.poll(async () => Object.keys((await data()) as object)).toEqual(['all']);
    await join.selectOption('any');
    await expect.poll(data).toEqual(original);
    // Add a condition, then remove it: the rule is as it was.
    await editor.locator(':scope > .crit-add button:has-text("Add a condition")').click();
    await expect.poll(async () => ((await data()) as { any: unknown[] }).any.length).toBe(3);
    await editor.locator(':scope > .crit-rows > li').nth(2).locator('.crit-remove').first().click();
    await expect.poll(data).toEqual(original);
    await expectClean(w);
  });

  it('adds a scheduled change in words: a programme’s groups a year from a week, or its eligibility, and removes it', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    const card = page.locator('section[aria-labelledby="ed-changes-h"]');
    await card.locator('button:has-text("Add a scheduled change")').click();
    // It starts as TSP's groups a year at Stafford today (8), so adding it changes nothing yet.
    await expect(fieldAt(page, 'changes[0].set.value').inputValue()).resolves.toBe('8');
    await expect(fieldAt(page, 'changes[0].establishment').inputValue()).resolves.toBe('stafford');
    await expect(
      fieldAt(page, 'changes[0].set.programme').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text),
    ).resolves.toBe('Thinking Skills Programme (TSP)');
    await card.getByLabel('What changes').selectOption('eligibility');
    await card.locator('fieldset.criteria-editor[data-path="changes[0].set.eligibility"]').waitFor();
    await expect(card.locator('.field-error').count()).resolves.toBe(0);
    await card.locator('button[aria-label="Remove scheduled change 1"]').click();
    await expect(card.locator('p.muted').textContent()).resolves.toBe('No scheduled changes.');
    await expectClean(w);
  });
});
