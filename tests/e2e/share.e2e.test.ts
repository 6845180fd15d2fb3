import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  newPage,
  openSection,
  saveScenario,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

async function shareLink(page: import('playwright-core').Page): Promise<string> {
  await page.click('pw-toolbar button:has-text("Share link")');
  const input = page.locator('#share-link');
  await input.waitFor();
  const link = await input.inputValue();
  await page.click('#share-dialog button:has-text("Close")');
  return link;
}

describe('share links', () => {
  it('round-trip a scenario: the link opens it, and a reload keeps it', async () => {
    const a = await newAppPage(browser());
    await editAndRun(a.page, 'replications', '25');
    await editAndRun(a.page, 'establishments[0].programmes[0].groupsPerYear', '6');
    const link = await shareLink(a.page);
    // A built-in with edits travels as its changes ("2." then base64url).
    expect(link).toMatch(/#s=(2\.)?[A-Za-z0-9_-]+$/);

    const b = await newPage(browser());
    await b.page.goto(link);
    await waitForResults(b.page);
    await expect(b.page.locator('.notice').textContent()).resolves.toMatch(/share link/);
    // The hash is cleared once read, so the scenario never sits in history or reaches a server.
    expect(new URL(b.page.url()).hash).toBe('');
    await gotoView(b.page, 'edit');
    await expect(fieldAt(b.page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe('6');
    await b.page.reload();
    await waitForResults(b.page);
    await gotoView(b.page, 'edit');
    await expect(fieldAt(b.page, 'replications').inputValue()).resolves.toBe('25');
    await expectClean(a);
    await expectClean(b);
  });

  it('restore every field of the scenario, not just some', async () => {
    const a = await newAppPage(browser());
    const { page } = a;
    // Touch every section: settings, establishment, delivered programme, population cell,
    // flows, staffing, catalogue, tiers, a criterion and the advanced JSON.
    await editAndRun(page, 'replications', '20');
    await editAndRun(page, 'seed', 'shared-seed');
    await editAndRun(page, 'description', 'Shared with a psychology team');
    await editAndRun(page, 'establishments[0].operationalCapacity', '700');
    await editAndRun(page, 'establishments[0].programmes[2].agreedCompletions', '30');
    await editAndRun(page, 'establishments[0].flows.transfersOutPerYear', '0.25');
    await editAndRun(page, 'establishments[0].staffing.pomFte', '9');
    await editAndRun(page, 'programmes[1].groupSize', '9');
    await editAndRun(page, 'caseManagement.tiers[1].sessionsPerYear', '10');
    await editAndRun(page, 'caseManagement.sessionMinutes', '45');
    await openSection(
      page.locator('details[data-path="establishments[0].population.tables[0]"]'),
      '[name="establishments[0].population.tables[0].cells[0].count"]',
    );
    await editAndRun(page, 'establishments[0].population.tables[0].cells[0].count', '590');
    // Scheduled changes are a form; the list as data sits behind "Show as data" under it.
    await gotoView(page, 'edit');
    await page.locator('details.crit-data:has([name="changes"]) > summary').click();
    await editAndRun(
      page,
      'changes',
      '[{"fromWeek": 26, "establishment": "stafford", "set": {"kind": "groupsPerYear", "programme": "tsp", "value": 10}}]',
    );
    const original = await saveScenario(page);
    const link = await shareLink(page);

    const b = await newPage(browser());
    await b.page.goto(link);
    await waitForResults(b.page);
    const restored = await saveScenario(b.page);
    expect(JSON.parse(restored.text)).toEqual(JSON.parse(original.text));
    expect(restored.text).toBe(original.text);
    // Same scenario and seed: the same numbers.
    const read = (p: import('playwright-core').Page) =>
      p
        .locator('table.programme-table[data-scope="stafford"] td[data-mean]')
        .evaluateAll((tds) => tds.map((td) => td.getAttribute('data-mean')));
    await gotoView(page, 'results');
    await gotoView(b.page, 'results');
    expect(await read(b.page)).toEqual(await read(page));
    await expectClean(a);
    await expectClean(b);
  });

  it('a damaged link says so and leaves the saved scenario alone', async () => {
    const w = await newAppPage(browser());
    await editAndRun(w.page, 'replications', '15');
    // A second tab of the same browser profile opens a damaged link.
    const page = await w.context.newPage();
    await page.goto(new URL('#s=AAAA-not-a-scenario', w.page.url()).toString());
    await waitForResults(page);
    await expect(page.locator('.notice-error').textContent()).resolves.toMatch(/share link is damaged/i);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'replications').inputValue()).resolves.toBe('15');
    await expectClean(w);
  });
});
