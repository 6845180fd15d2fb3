/**
 * The reception mix is edited with the population's table editor, not as JSON: added as a copy of
 * the population's tables (which loads as it is), its cells edited like any table's, removed again.
 */
import { describe, expect, it } from 'vitest';
import {
  browserPerFile,
  expectClean,
  fieldAt,
  gotoView,
  newAppPage,
  openSection,
  saveScenario,
  shownRunId,
  waitForResults,
} from './helpers.js';

const browser = browserPerFile();

interface Saved {
  establishments: {
    population: { tables: { cells: { count: number }[] }[] };
    flows?: { receptionMix?: { tables: { label?: string; cells: { count: number }[] }[] } };
  }[];
}

describe('the reception mix', () => {
  it('is added from the population’s tables, edited as tables, and removed', async () => {
    const w = await newAppPage(browser());
    const { page } = w;
    await gotoView(page, 'edit');
    const mix = page.locator('details.reception-mix');
    // Open, it draws its contents: the button to add a mix, and no JSON to type.
    await openSection(mix, 'button:has-text("Add a reception mix")');
    await expect(mix.locator('summary').first().innerText()).resolves.toMatch(
      /Who arrives \(reception mix\)\s+\(like the population\)/,
    );
    expect(await mix.locator('textarea').count()).toBe(0);
    const before = await shownRunId(page);
    await mix.locator('button:has-text("Add a reception mix")').click();
    const path = 'establishments[0].flows.receptionMix.tables[0].cells[0].count';
    // Its tables come closed, as the population's do: a closed table draws only its summary.
    await openSection(mix.locator('details.population-table').first(), `[name="${path}"]`);
    const tables = await mix.locator('details.population-table').count();
    await expect(mix.locator('summary').first().innerText()).resolves.toContain(`(${tables} tables)`);
    // The same table editor: a labelled count per cell, named in words.
    const name = await fieldAt(page, path).evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent ?? '');
    expect(name.replace(/\s+/g, ' ').trim()).toMatch(
      /^HMP Stafford, flows, reception mix, table “Receptions, from the population's .+”, row 1: People$/,
    );
    await fieldAt(page, path).fill('500');
    await waitForResults(page, before);
    await expect(page.locator('pw-problems .problems-errors').count()).resolves.toBe(0);
    const saved = JSON.parse((await saveScenario(page)).text) as Saved;
    const est = saved.establishments[0]!;
    expect(est.flows?.receptionMix?.tables.length).toBe(est.population.tables.length);
    expect(est.flows?.receptionMix?.tables[0]!.cells[0]!.count).toBe(500);
    expect(est.population.tables[0]!.cells[0]!.count).not.toBe(500); // the population is untouched
    await mix.locator('button:has-text("Remove the reception mix")').click();
    await expect(mix.locator('summary').first().innerText()).resolves.toContain('(like the population)');
    const removed = JSON.parse((await saveScenario(page)).text) as Saved;
    expect(removed.establishments[0]!.flows?.receptionMix).toBeUndefined();
    await expectClean(w);
  }, 300_000);
});
