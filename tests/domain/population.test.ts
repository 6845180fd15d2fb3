/**
 * Population tables (DOMAIN.md section 2: "build a synthetic population consistent with them").
 * Found while writing tests/domain/rules.test.ts, whose engine scenarios use population tables.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type PopulationTable } from '../../src/index.js';
import { establishment, programme, scenario, timeLeftPrior } from '../engine/scenarioBuilder.js';

/** 60 men: 30 in OGRS 25-49 and 30 in OGRS 75-89, by a count table with or without its total. */
function run(withTotal: boolean) {
  const table: PopulationTable = {
    id: 'ogrs',
    unit: 'count',
    ...(withTotal ? { total: 60 } : {}),
    cells: [
      { where: { ogrs: '25-49' }, count: 30 },
      { where: { ogrs: '75-89' }, count: 30 },
    ],
  };
  const results = runScenario(
    scenario({
      programmes: [programme({ id: 'all' })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 60,
          population: { tables: [table], priors: [timeLeftPrior('5y-plus')] },
        }),
      ],
    }),
    { replications: 3, horizonWeeks: 2 },
  );
  const e = results.establishments[0]!;
  const joined = (band: string) => e.programmes[0]!.byOgrs.find((s) => s.segment === band)!.joined.mean;
  return { e, joined };
}

describe('population tables', () => {
  it('a count table with a total gives exactly its cells when they fill the population', () => {
    const { e, joined } = run(true);
    expect(e.population.mean).toBe(60);
    expect(joined('25-49')).toBe(30);
    expect(joined('75-89')).toBe(30);
    expect(e.fit[0]!.maxCellError).toBeLessThan(1e-6);
  });

  // A count table without a total gives counts out of the population total: its cells are met
  // exactly and the rest of the population is whoever matches none of them.
  it('a count table without a total gives its cells as counts in the population', () => {
    const { e, joined } = run(false);
    expect(e.population.mean).toBe(60);
    expect(joined('25-49')).toBeCloseTo(30, 0);
    expect(joined('75-89')).toBeCloseTo(30, 0);
  });

  it('the fit report of a count table without a total matches the people simulated', () => {
    const { e, joined } = run(false);
    // The report says the table is met; then the simulated population must show it.
    expect(e.fit[0]!.maxCellError).toBeLessThan(1);
    expect(Math.abs(joined('25-49') - 30)).toBeLessThan(1 + e.fit[0]!.maxCellError);
  });
});
