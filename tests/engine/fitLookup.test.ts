/**
 * tallyFit's table lookup (fitLookup.ts) must give the very cell the search (tableCells.ts
 * cellOf) gives, for every person: checked on the built-ins' source tables over random codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileScenario, loadScenarioText } from '../../src/index.js';
import { FitLookup } from '../../src/engine/fitLookup.js';
import { cellOf } from '../../src/population/tableCells.js';

describe('source-table cells by lookup', () => {
  for (const file of ['stafford-2014', 'wymott-2014']) {
    it(`gives the search's cell for random people at ${file}`, () => {
      const loaded = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}.json`, import.meta.url), 'utf8'));
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const compiled = compileScenario(loaded.scenario, { replications: 1 });
      const sizes = compiled.attributes.map((a) => a.categories.length);
      const codes = new Uint8Array(sizes.length * 500);
      let seed = 12345;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      for (let k = 0; k < codes.length; k++) codes[k] = Math.floor(next() * sizes[k % sizes.length]);
      let checked = 0;
      let inCells = 0;
      for (const e of compiled.establishments) {
        for (const table of e.tables) {
          const lookup = new FitLookup(table, compiled.attributes);
          for (let row = 0; row < codes.length; row += sizes.length) {
            const cell = cellOf(table, codes, row);
            expect(lookup.cellOf(codes, row)).toBe(cell);
            checked++;
            if (cell < table.cellCount) inCells++;
          }
        }
      }
      // Not only remainders: many random people fall in the tables' cells.
      expect(checked).toBeGreaterThan(1000);
      expect(inCells).toBeGreaterThan(checked / 10);
    });
  }
});
