/**
 * A population table is edited in words (issue 9, item 6): a column per attribute headed by its
 * label, each cell picked from that attribute's category labels, rows named in words in errors;
 * the saved file keeps its ids. Screenshots at laptop and phone size go to
 * PLACEWISE_SHOTS (default: the system's temporary folder) to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
const shots = process.env.PLACEWISE_SHOTS ?? join(tmpdir(), 'placewise-shots');
mkdirSync(shots, { recursive: true });

// Stafford's third table: offence within OGRS band, 14 rows.
const TABLE = 'establishments[0].population.tables[2]';
const cell = (row: number, key: string) => `${TABLE}.cells[${row}].${key}`;
const shown = (page: Page, path: string) =>
  fieldAt(page, path).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]!.textContent!.trim());

interface Saved {
  establishments: { population: { tables: { cells: { where: Record<string, unknown>; count: number }[] }[] } }[];
}

async function openTable(page: Page) {
  await gotoView(page, 'edit');
  const table = page.locator(`details.population-table[data-path="${TABLE}"]`);
  // A closed table draws only its summary: its rows appear once it is open.
  await openSection(table, 'table.population-cells');
  return table;
}

describe('a population table in words', () => {
  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows and picks categories by label, and saves their ids (${viewport.width}x${viewport.height})`, async () => {
      const w = await newAppPage(browser(), viewport);
      const { page } = w;
      const table = await openTable(page);
      const heads = await table
        .locator('table.population-cells thead th')
        .evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
      expect(heads).toEqual(['Row', 'OGRS', 'Main offence', 'People', 'Remove']);
      await expect(shown(page, cell(0, 'where.ogrs'))).resolves.toBe('Low (0-24)');
      await expect(shown(page, cell(0, 'where.offence'))).resolves.toBe('Sexual');
      // Nothing typed as attribute=category, and no id shown for a category.
      const text = await table.evaluate((el) => (el as HTMLElement).innerText);
      expect(text).not.toMatch(/ogrs=|offence=|attribute=category/);
      const options = await fieldAt(page, cell(0, 'where.offence')).evaluate((s: HTMLSelectElement) =>
        [...s.options].map((o) => o.textContent!.trim()),
      );
      expect(options).toEqual(['Any', 'Sexual', 'Violent', 'Robbery', 'Acquisitive', 'Drugs', 'Motoring', 'Other']);

      // A new row takes a combination no row has (it overlaps none), then is picked by labels.
      const rows = await table.locator('table.population-cells tbody tr').count();
      await table.locator('button:has-text("Add a row")').click();
      await fieldAt(page, cell(rows, 'count')).waitFor();
      await expect(page.locator('pw-problems .problems-errors').count()).resolves.toBe(0);
      let before = await shownRunId(page);
      await fieldAt(page, cell(rows, 'where.ogrs')).selectOption({ label: 'Prolific (90-100)' });
      await fieldAt(page, cell(rows, 'where.offence')).selectOption({ label: 'Motoring' });
      await fieldAt(page, cell(rows, 'count')).fill('3');
      // A column for another attribute, picked by its label, then a category in it.
      await table.locator('.add-column select').selectOption({ label: 'Sentence type' });
      await table.locator('.add-column button').click();
      await fieldAt(page, cell(rows, 'where.sentence')).selectOption({ label: 'Determinate 4 years +' });
      await waitForResults(page, before);
      await expect(page.locator('pw-problems .problems-errors').count()).resolves.toBe(0);
      await page.screenshot({ path: join(shots, `population-table-${viewport.width}.png`), fullPage: false });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      const saved = JSON.parse((await saveScenario(page)).text) as Saved;
      const cells = saved.establishments[0]!.population.tables[2]!.cells;
      expect(cells).toHaveLength(rows + 1);
      expect(cells[rows]).toEqual({
        where: { ogrs: '90-100', offence: 'motoring', sentence: 'det-4y-plus' },
        count: 3,
      });
      expect(cells[0]).toEqual({ where: { ogrs: '0-24', offence: 'sexual' }, count: 177 });

      // "Any" takes the attribute out of the row; overlapping row 1 is an error naming both rows in words.
      before = await shownRunId(page);
      await fieldAt(page, cell(rows, 'where.sentence')).selectOption({ label: 'Any' });
      await fieldAt(page, cell(rows, 'where.ogrs')).selectOption({ label: 'Low (0-24)' });
      await fieldAt(page, cell(rows, 'where.offence')).selectOption({ label: 'Sexual' });
      const error = table.locator(`tr[data-row="${rows + 1}"] th .field-error`);
      await error.waitFor();
      const said = ((await error.textContent()) ?? '').replace(/\s+/g, ' ').trim();
      expect(said).toContain(
        `row ${rows + 1} (OGRS: Low (0-24); Main offence: Sexual): overlaps row 1 (OGRS: Low (0-24); Main offence: Sexual)`,
      );
      expect(said).not.toMatch(/cells\[|establishments|"0-24"|sexual"/);
      await page.screenshot({ path: join(shots, `population-table-error-${viewport.width}.png`), fullPage: false });
      const summary = page.locator('pw-problems .problems-errors');
      await expect(summary.textContent()).resolves.toContain('overlaps row 1 (OGRS: Low (0-24); Main offence: Sexual)');
      await expectClean(w);
    }, 300_000);
  }
});
