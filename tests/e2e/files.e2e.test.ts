import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  download,
  editAndRun,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openScenarioFile,
  saveScenario,
  shownRunId,
  storedScenario,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

describe('scenario files', () => {
  it('round-trips a scenario exactly through save, reload and open', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '30');
    const saved = await saveScenario(page);
    expect(saved.name).toBe('hmp-stafford-2014-15.json');
    const original = JSON.parse(saved.text) as { replications: number };
    expect(original.replications).toBe(30);

    // An edit survives a reload (work is never lost) ...
    await editAndRun(page, 'establishments[0].programmes[0].groupsPerYear', '5');
    await page.reload();
    await waitForResults(page);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe('5');

    // ... and opening the saved file brings back exactly what was saved.
    const before = await shownRunId(page);
    await openScenarioFile(page, saved.name, saved.text);
    await waitForResults(page, before);
    await gotoView(page, 'edit');
    await expect(fieldAt(page, 'establishments[0].programmes[0].groupsPerYear').inputValue()).resolves.toBe('8');
    const again = await saveScenario(page);
    expect(again.text).toBe(saved.text);
    await expectClean(w);
  });

  it('rejects a malformed file with a clear error and leaves the scenario as it was', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const stored = await storedScenario(page);
    const before = await saveScenario(page);
    await openScenarioFile(page, 'broken.json', '{ "schemaVersion": 1, "name": "Broken", ');
    const notice = page.locator('.notice-error');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/broken\.json.*not opened/s);
    await expect(notice.textContent()).resolves.toMatch(/JSON|end of|line/i);
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    expect(await storedScenario(page)).toBe(stored);
    expect((await saveScenario(page)).text).toBe(before.text);
    await expectClean(w);
  });

  it('rejects a file with a negative count, naming the field, and leaves the scenario as it was', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    const before = await saveScenario(page);
    const stored = await storedScenario(page);
    const bad = JSON.parse(before.text) as { name: string; establishments: { operationalCapacity: number }[] };
    bad.name = 'Negative';
    bad.establishments[0]!.operationalCapacity = -741;
    await openScenarioFile(page, 'negative.json', JSON.stringify(bad));
    const notice = page.locator('.notice-error');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('establishments[0].operationalCapacity');
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    expect(await storedScenario(page)).toBe(stored);
    expect((await saveScenario(page)).text).toBe(before.text);
    // A reload still brings back the good scenario.
    await page.reload();
    await waitForResults(page);
    await expect(page.locator('.scenario-name').textContent()).resolves.toBe('HMP Stafford 2014-15');
    await expectClean(w);
  });

  it('exports results as CSV and a chart as PNG', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await editAndRun(page, 'replications', '20');
    await gotoView(page, 'results');
    const csv = await download(page, () => page.click('pw-toolbar button:has-text("Results CSV")'));
    expect(csv.name).toMatch(/\.csv$/);
    const lines = csv.text.trim().split(/\r\n/);
    expect(lines[0]).toBe('scope,scope_id,item,item_id,measure,unit,mean,p5,p50,p95');
    expect(lines.some((l) => l.includes('programme:tsp') && l.includes('Unmet need'))).toBe(true);
    const table = await download(page, () => page.click('table.programme-table caption button'));
    expect(table.text.split(/\r\n/)[0]).toMatch(/^establishment,programme,name,delivered,places_per_year,starts mean/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('pw-chart button:has-text("PNG")')]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = await import('node:fs/promises').then((fs) => png.path().then((p) => fs.readFile(p)));
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    await expectClean(w);
  });
});
