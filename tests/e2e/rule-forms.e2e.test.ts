/**
 * Issue 9: the forms that were JSON boxes, edited in words in Chromium: a programme's
 * prerequisites and waiting-list priority, scheduled changes, and the "Bands and fill
 * distributions" card (declared attributes and fill distributions). Each edit is made in the
 * form, the run uses it, and the saved file is the opened one with that edit alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  browserPerFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openScenarioFile,
  programmeMean,
  saveScenario,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

type Doc = Record<string, unknown> & { programmes: Record<string, unknown>[]; changes?: unknown[] };
const stafford = () =>
  JSON.parse(readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8')) as Doc;

/** The saved file, parsed; compared by its JSON text so key order counts too. */
async function saved(page: Page): Promise<Doc> {
  return JSON.parse((await saveScenario(page)).text) as Doc;
}

/** Open `doc` as a file and wait for its first results. */
async function openDoc(page: Page, doc: unknown): Promise<void> {
  const before = await shownRunId(page);
  await openScenarioFile(page, 'scenario.json', JSON.stringify(doc, null, 2));
  await waitForResults(page, before);
}

describe('rules, priorities, changes and fill distributions edited in words', () => {
  it('ticks a prerequisite and reorders the priority of TSP: the run uses each, the file has each alone', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const base = { ...stafford(), replications: 40 };
    await openDoc(page, base);
    const startsBefore = await programmeMean(page, 'stafford', 'tsp', 'starts');
    const unmetBefore = await programmeMean(page, 'stafford', 'tsp', 'unmetNeed');

    await gotoView(page, 'edit');
    await page.locator('pw-edit-catalogue details[data-programme="tsp"] > summary').click();
    const tsp = page.locator('pw-edit-catalogue details[data-programme="tsp"]');
    // Prerequisites by the catalogue's names, never ids.
    let run = await shownRunId(page);
    await tsp
      .locator('fieldset[data-path="programmes[0].prerequisites"]')
      .getByLabel(/: RESOLVE/)
      .check();
    run = await waitForResults(page, run);
    // Men must complete RESOLVE first: far fewer TSP starts in the year.
    expect(await programmeMean(page, 'stafford', 'tsp', 'starts')).toBeLessThan(startsBefore * 0.8);
    const withPrerequisite = await saved(page);
    expect(JSON.stringify(withPrerequisite)).toBe(
      JSON.stringify({
        ...base,
        programmes: base.programmes.map((p, i) => (i === 0 ? { ...p, prerequisites: ['resolve'] } : p)),
      }),
    );
    // Untick it: the file is the opened one again.
    await gotoView(page, 'edit');
    await tsp
      .locator('fieldset[data-path="programmes[0].prerequisites"]')
      .getByLabel(/: RESOLVE/)
      .uncheck();
    run = await waitForResults(page, run);
    expect(JSON.stringify(await saved(page))).toBe(
      JSON.stringify({
        ...base,
        programmes: base.programmes.map((p, i) => (i === 0 ? { ...p, prerequisites: [] } : p)),
      }),
    );

    // Priority: nearest release date first, then OGRS (the two keys swapped by "Up").
    await gotoView(page, 'edit');
    const priority = tsp.locator('fieldset.priority-editor');
    const keys = await priority
      .locator('.crit-rows > li select')
      .evaluateAll((s) => (s as HTMLSelectElement[]).map((x) => x.selectedOptions[0]!.text));
    expect(keys).toEqual(['Highest OGRS band first', 'Nearest release date first']);
    await priority.locator('.crit-rows > li').nth(1).locator('button:has-text("Up")').click();
    await waitForResults(page, run);
    expect(await programmeMean(page, 'stafford', 'tsp', 'unmetNeed')).not.toBe(unmetBefore);
    const reordered = (await saved(page)).programmes[0]!.priority;
    expect(reordered).toEqual([{ by: 'releaseDate' }, { by: 'ogrs', order: 'desc' }]);
    await expectClean(w);
  });

  it('schedules TSP to stop from week 0 in words: the run has no TSP starts, and the file has the change alone', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const base = { ...stafford(), replications: 30 };
    await openDoc(page, base);
    expect(await programmeMean(page, 'stafford', 'tsp', 'starts')).toBeGreaterThan(10);
    await gotoView(page, 'edit');
    const card = page.locator('section[aria-labelledby="ed-changes-h"]');
    await card.locator('button:has-text("Add a scheduled change")').click();
    await fieldAt(page, 'changes[0].fromWeek').fill('0');
    await fieldAt(page, 'changes[0].set.value').fill('0');
    // The runs of the edits on the way may finish first: the last one has no TSP starts.
    await expect
      .poll(
        async () => {
          await waitForResults(page, (await shownRunId(page)) - 1);
          return programmeMean(page, 'stafford', 'tsp', 'starts');
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(0);
    await gotoView(page, 'edit');
    expect(JSON.stringify(await saved(page))).toBe(
      JSON.stringify({
        ...base,
        changes: [
          { fromWeek: 0, establishment: 'stafford', set: { kind: 'groupsPerYear', programme: 'tsp', value: 0 } },
        ],
      }),
    );
    await expectClean(w);
  });

  it('edits declared attributes and fill distributions in words, names an error by its labels, and round-trips the file', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    // A declared attribute no table gives, filled by a distribution for violent offenders.
    const base = {
      ...stafford(),
      replications: 20,
      attributes: [
        {
          id: 'gang',
          label: 'Gang affiliation',
          ordered: false,
          categories: [
            { id: 'yes', label: 'Affiliated' },
            { id: 'no', label: 'Not affiliated' },
          ],
          source: 'Illustrative',
        },
      ],
      priors: [
        {
          attribute: 'gang',
          given: { attribute: 'offence', in: ['violent'] },
          shares: { yes: 30, no: 70 },
          defaults: ['shares'],
        },
      ],
    };
    await openDoc(page, base);
    await gotoView(page, 'edit');
    const card = page.locator('pw-edit-advanced section[aria-labelledby="ed-adv-h"]');
    // A section off screen is not drawn until scrolled to (content-visibility), and innerText is
    // the text as drawn: the user reads it there.
    await card.scrollIntoViewIfNeeded();
    await card.evaluate((_el) => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    // Labels, never the codes, name what the form shows.
    expect(text).toContain('Fill distribution 1: Gang affiliation');
    expect(
      await card.getByLabel('Attribute it fills').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.text),
    ).toBe('Gang affiliation');
    const rule = card.locator('fieldset.criteria-editor[data-path="priors[0].given"]');
    await expect(rule.getByLabel(/: Violent$/).isChecked()).resolves.toBe(true);

    // A share typed wrong: named by its labels at the field, and nothing runs.
    const share = fieldAt(page, 'priors[0].shares.yes');
    await share.fill('3O');
    const error = card.locator('[data-path="priors[0].shares.yes"] .field-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('Fill distribution 1: share of Affiliated must be a number');
    // Corrected, a category renamed, and a condition ticked: the run uses them, the file has them alone.
    let run = await shownRunId(page);
    await share.fill('40');
    run = await waitForResults(page, run);
    await fieldAt(page, 'attributes[0].categories[0].label').fill('Gang affiliated');
    run = await waitForResults(page, run);
    await rule.getByLabel(/: Robbery$/).check();
    await waitForResults(page, run);
    const edited = await saved(page);
    expect(JSON.stringify(edited)).toBe(
      JSON.stringify({
        ...base,
        attributes: [
          {
            ...base.attributes[0],
            categories: [{ id: 'yes', label: 'Gang affiliated' }, base.attributes[0]!.categories[1]],
          },
        ],
        priors: [
          {
            ...base.priors[0],
            given: { attribute: 'offence', in: ['violent', 'robbery'] },
            shares: { yes: 40, no: 70 },
          },
        ],
      }),
    );
    // Opened again, the file saves as it was opened.
    await openDoc(page, edited);
    expect(JSON.stringify(await saved(page))).toBe(JSON.stringify(edited));
    await editAndRun(page, 'priors[0].shares.no', '60');
    expect(((await saved(page)).priors as { shares: unknown }[])[0]!.shares).toEqual({ yes: 40, no: 60 });
    await expectClean(w);
  });
});
