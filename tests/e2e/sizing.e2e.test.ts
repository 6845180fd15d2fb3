import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserPerFile, download, expectClean, gotoView, newAppPage } from './helpers.js';

const browser = browserPerFile();

const view = (page: Page) => page.locator('pw-sizing-view');
const phase = (page: Page) => page.locator('pw-sizing-view .sizing-status').getAttribute('data-phase');

async function sizingRun(page: Page): Promise<number> {
  return Number((await view(page).getAttribute('data-sizing-run')) ?? '0');
}

/** Wait for a sizing newer than `after` to be on screen. */
async function waitForSizing(page: Page, after: number): Promise<void> {
  await page.waitForFunction(
    (prev) => Number(document.querySelector('pw-sizing-view')?.getAttribute('data-sizing-run') ?? '0') > prev,
    after,
    { timeout: 90_000 },
  );
}

describe('sizing a programme', () => {
  it('finds the fewest groups of RESOLVE at Stafford meeting a target, from the Results view', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await page.click('pw-results-view button:has-text("Size a programme at HMP Stafford")');
    await page.locator('main.view-sizing').waitFor();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('sizing-h');
    await expect(page.locator('#sizing-establishment').inputValue()).resolves.toBe('stafford');
    // Defaults, marked as such: the answer's replications, the scenario's up to a cap.
    await expect(page.locator('#sizing-target').inputValue()).resolves.toBe('5');
    await expect(page.locator('#sizing-max').inputValue()).resolves.toBe('52');
    await expect(page.locator('#sizing-replications').inputValue()).resolves.toBe('500');
    expect(await view(page).locator('.field .badge-default').count()).toBe(3);
    await expect(page.locator('#sizing-replications-hint').textContent()).resolves.toMatch(
      /answer runs them all.*at most 500 by default\.$/,
    );
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('pw-sizing-view input, pw-sizing-view select')]
        .filter((el) => ((el as HTMLInputElement).labels?.length ?? 0) === 0)
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);

    await page.selectOption('#sizing-programme', 'resolve');
    await page.fill('#sizing-replications', '40');
    expect(await view(page).locator('#sizing-replications ~ .badge-default').count()).toBe(0);
    await page.fill('#sizing-target', '10');
    // The keyboard is enough: Enter in a field submits the form.
    await page.press('#sizing-target', 'Enter');
    await waitForSizing(page, 0);
    expect(await phase(page)).toBe('done');
    const done = (await view(page).locator('.sizing-status').textContent())!.replace(/\s+/g, ' ');
    expect(done).toMatch(/Sized in [\d.]+ s: \d+ levels tried, \d+ replications in all\./);

    const sentence = (await view(page).locator('.sizing-answer').textContent())!.replace(/\s+/g, ' ').trim();
    expect(sentence).toMatch(
      /^\d+ groups? a year \(\d+ places\) keeps? the unmet need places can fix at [\d.]+ \([\d.]+–[\d.]+\) a year once the list at the start is cleared, at or under the target of 10\.$/,
    );
    const answer = Number(await view(page).locator('.sizing-answer').getAttribute('data-answer'));
    expect(sentence.startsWith(`${answer} group`)).toBe(true);

    const table = view(page).locator('table.sizing-table[data-programme="resolve"]');
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        groups: Number(tr.getAttribute('data-groups')),
        answer: tr.getAttribute('data-answer') === 'true',
        unmet: Number(tr.querySelector('td[data-measure="sustainedUnmetPerYear"]')?.getAttribute('data-mean')),
        crosses: tr.querySelector('td[data-measure="sustainedUnmetPerYear"]')?.getAttribute('data-crosses'),
        badge: tr.querySelector('td[data-measure="sustainedUnmetPerYear"] .badge-crosses') !== null,
        replications: Number(tr.querySelector('td[data-replications]')?.getAttribute('data-replications')),
        today: [...tr.querySelectorAll('th .badge')].some((b) => b.textContent?.trim() === 'today'),
      })),
    );
    // Today's provision (RESOLVE's 2 groups a year) is tried first and marked so.
    expect(rows.filter((r) => r.today).map((r) => r.groups)).toEqual([2]);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.map((r) => r.groups)).toEqual([...rows.map((r) => r.groups)].sort((a, b) => a - b));
    const answers = rows.filter((r) => r.answer);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.groups).toBe(answer);
    expect(answers[0]!.unmet).toBeLessThanOrEqual(10);
    // The answer runs every replication asked for; another level stops once it is decided, at 30 or more.
    expect(answers[0]!.replications).toBe(40);
    for (const r of rows) expect(r.replications === 30 || r.replications === 40).toBe(true);
    expect(done).toContain(`, ${rows.reduce((n, r) => n + r.replications, 0)} replications in all.`);
    // One group fewer, when it was tried, misses the target.
    const fewer = rows.find((r) => r.groups === answer - 1);
    if (fewer) expect(fewer.unmet).toBeGreaterThan(10);
    // An interval crossing the target is marked in words, not colour alone.
    for (const r of rows) expect(r.badge).toBe(r.crosses === 'true');

    // The two parts apart: places once to clear the list at the start, groups a year to sustain the flow.
    const clearing = view(page).locator('.sizing-split [data-part="clearing"]');
    const places = Number(await clearing.getAttribute('data-places'));
    expect(places).toBeGreaterThan(0);
    const clearingText = (await clearing.textContent())!.replace(/\s+/g, ' ');
    expect(clearingText).toMatch(new RegExp(`${places} places, \\d+ groups? of 10, needed once`));
    const sustaining = view(page).locator('.sizing-split [data-part="sustaining"]');
    expect(Number(await sustaining.getAttribute('data-groups'))).toBe(answer);
    expect((await sustaining.textContent())!.replace(/\s+/g, ' ')).toMatch(/Chance of meeting the target: \d+%/);
    await expect(table.locator('caption').textContent()).resolves.toMatch(
      /seed 20141001\.\s+The answer runs all\s+40;\s+another level stops/,
    );
    await expect(view(page).locator('.sizing-form').textContent()).resolves.toMatch(/same seed.*set aside/s);

    // The CSV has the table's rows.
    const csv = await download(page, () => table.locator('caption button:has-text("CSV")').click());
    expect(csv.name).toBe('stafford-resolve-sizing.csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^establishment,programme,groups_per_year,places_per_year,starts_per_year_mean/);
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toMatch(/,meets_target,answer,replications$/);
    expect(lines.filter((l) => l.endsWith(',true,true,40'))).toHaveLength(1);

    // The answer stays while another tab is shown.
    await gotoView(page, 'results');
    await gotoView(page, 'sizing');
    expect(await sizingRun(page)).toBeGreaterThan(0);
    await expect(view(page).locator('.sizing-answer').textContent()).resolves.toContain('at or under the target of 10');
    await expectClean(w);
  });

  it('cancels a long sizing and keeps the last answer; says when no level meets the target', async () => {
    const w = await newAppPage(browser(), { width: 390, height: 844 });
    const { page } = w;
    await gotoView(page, 'sizing');
    await page.selectOption('#sizing-programme', 'tsp');
    await page.fill('#sizing-replications', '10');
    await page.fill('#sizing-target', '0');
    await page.fill('#sizing-max', '2');
    await page.click('pw-sizing-view button:has-text("Find the fewest groups")');
    await waitForSizing(page, 0);
    const first = await sizingRun(page);
    await expect(view(page).locator('.sizing-answer').textContent()).resolves.toMatch(
      /No level up to 2 groups a year meets the target\./,
    );
    expect(await view(page).locator('.sizing-answer').getAttribute('data-answer')).toBe('none');
    expect(await view(page).locator('tr[data-answer="true"]').count()).toBe(0);
    // Nothing is wider than the phone's screen but the table, which scrolls in its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A bad number is named at its field and nothing runs.
    await page.fill('#sizing-max', '2.5');
    await expect(page.locator('#sizing-max').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#sizing-max-err').textContent()).resolves.toMatch(/whole number/);
    expect(await page.locator('pw-sizing-view button[type="submit"]').isDisabled()).toBe(true);

    await page.fill('#sizing-max', '52');
    await page.fill('#sizing-replications', '20000');
    await page.click('pw-sizing-view button:has-text("Find the fewest groups")');
    await page.waitForFunction(
      () => document.querySelector('pw-sizing-view .sizing-status')?.getAttribute('data-phase') === 'running',
    );
    await expect(view(page).locator('.sizing-status').textContent()).resolves.toMatch(/20,000 replications/);
    // How far the search has gone, as the worker says.
    const progress = view(page).locator('.sizing-progress');
    await progress.waitFor();
    expect((await progress.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /^\d+ levels? tried, [\d,]+ replications? so far; now \d+ groups a year\.$/,
    );
    expect(Number(await progress.getAttribute('data-replications'))).toBeGreaterThan(0);
    // On the phone the status wraps: nothing of it is cut at the screen's edge.
    const box = view(page).locator('.sizing-status .run-status');
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    // Cancel from the keyboard: focus comes back to the form's button, not the page.
    await page.focus('pw-sizing-view button:has-text("Cancel")');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('pw-sizing-view .sizing-status')?.getAttribute('data-phase') === 'cancelled',
    );
    await page.waitForFunction(() => document.activeElement?.textContent?.trim() === 'Find the fewest groups');
    await expect(view(page).locator('.sizing-status').textContent()).resolves.toMatch(/cancelled.*last completed/s);
    expect(await sizingRun(page)).toBe(first);
    // The pool is whole again: a small sizing runs, with one group at a time (a 10-week course:
    // five a year), too few for the flow. The page says the limit binds and what it would take.
    await page.fill('#sizing-replications', '10');
    await page.fill('#sizing-target', '5');
    await page.fill('#sizing-at-once', '0');
    await expect(page.locator('#sizing-at-once-err').textContent()).resolves.toMatch(/leave it empty for no limit/);
    await page.fill('#sizing-at-once', '1');
    await page.click('pw-sizing-view button:has-text("Find the fewest groups")');
    await waitForSizing(page, first);
    expect(await phase(page)).toBe('done');
    const limit = view(page).locator('.sizing-limit');
    await expect(limit.getAttribute('data-binds')).resolves.toBe('true');
    expect((await limit.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /The limit binds\. At most 1 group at once allows 5 groups a year: too few to sustain the flow\. Without the limit, \d+ groups a year would\./,
    );
    await expect(view(page).locator('.sizing-answer').textContent()).resolves.toMatch(
      /No level up to 5 groups a year meets the target\./,
    );
    await expectClean(w);
  });
});
