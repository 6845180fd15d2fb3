import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, runScenario, type Results, type Scenario } from '../../src/index.js';

function builtIn(file: string): Scenario {
  const r = loadScenarioText(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(`${file} does not load`);
  return r.scenario;
}

/**
 * A year's joiners are those who joined in the window: everyone joined, less those on the list
 * at the start. For a region, a place that followed its man to another prison's list (a transfer
 * in the region) is one man: the yearly figures must count it once, as the totals do.
 */
describe("a year's joiners", () => {
  const scenario = { ...builtIn('west-midlands-2014.json'), replications: 3 };
  const results: Results = runScenario(scenario, { horizonWeeks: 104 });

  it('add up, over the years, to those who joined in the window, for every figure of every scope', () => {
    const rows = [
      ...results.region.needs.map((n) => ({ name: `region need ${n.need}`, row: n })),
      ...results.region.programmes.map((p) => ({ name: `region ${p.programme}`, row: p })),
      ...results.establishments.flatMap((e) => [
        ...e.programmes.map((p) => ({ name: `${e.establishment} ${p.programme}`, row: p })),
        ...e.needs.map((n) => ({ name: `${e.establishment} need ${n.need}`, row: n })),
      ]),
    ];
    for (const { name, row } of rows) {
      expect(row.perYear, name).toHaveLength(2);
      const yearly = row.perYear.reduce((sum, y) => sum + y.joined.mean, 0);
      expect(yearly, name).toBeCloseTo(row.joined.mean - row.waitingAtStart.mean, 6);
    }
  });

  it("count a place that followed its man once in a region's need, and show the withdrawn places by year", () => {
    // Focus on Resettlement is in no declared need: its need is the programme's own figures.
    const programme = results.region.programmes.find((p) => p.programme === 'for')!;
    const need = results.region.needs.find((n) => n.need === 'for')!;
    expect(need.declared).toBe(false);
    const withdrawn = programme.perYear.reduce((sum, y) => sum + y.withdrawn.mean, 0);
    expect(withdrawn).toBeGreaterThan(0); // the case this test is about happens
    expect(withdrawn).toBeCloseTo(programme.withdrawn.mean, 6);
    for (let y = 0; y < 2; y++) {
      expect(need.perYear[y].joined.mean).toBeCloseTo(
        programme.perYear[y].joined.mean - programme.perYear[y].withdrawn.mean,
        6,
      );
      expect(need.perYear[y].withdrawn.mean).toBe(0);
    }
  });
});
