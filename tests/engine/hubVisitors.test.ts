/**
 * A hub's table counts the men of other prisons on its courses, and a referring prison's leaves out
 * its men away: both should hold their tables over the horizon with the men going and coming back
 * (issue 6: the built-ins stay within 10% of their tables). Each prison's receptions are fitted to
 * its table alone, so the hub held its visitors twice over and home lacked its men away, until
 * both prisons' receptions were settled for a visitor's weeks away (moves.ts lendAway).
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type Results } from '../../src/index.js';
import { DETERMINATE, establishment, programme, scenario } from './scenarioBuilder.js';

/**
 * Home (300: 150 sex offenders of 4 years +, 150 violent) refers Core SOTP (its 4 years + sex
 * offenders) to the hub, 8 groups of 10 a year, and takes its men back 8 weeks after the course.
 * The hub's table (600) counts 40 sex offenders of 4 years + (most of them home's men on Core or
 * waiting to go back), 40 of 12 months to 4 years and 520 violent men. Time left is spread
 * differently at each, so a visitor rarely finds a hub man of his band of time left to change
 * places with (Swinfen Hall's own sex offenders are short sentences, its visitors long ones).
 */
function twoPrisons() {
  return scenario({
    priors: [DETERMINATE],
    referralReturn: { afterWeeks: 8 },
    programmes: [
      programme({
        id: 'core',
        durationWeeks: 12,
        eligibility: {
          all: [
            { attribute: 'offence', in: ['sexual'] },
            { attribute: 'sentence', in: ['det-4y-plus'] },
          ],
        },
      }),
    ],
    establishments: [
      establishment({
        id: 'home',
        operationalCapacity: 300,
        population: {
          priors: [{ attribute: 'timeLeft', shares: { '6-12m': 1, '1-2y': 2, '2-5y': 2 } }],
          tables: [
            {
              id: 'offence',
              cells: [
                { where: { offence: 'sexual' }, count: 150 },
                { where: { offence: 'violent' }, count: 150 },
              ],
            },
          ],
        },
        referrals: [{ programme: 'core', to: 'hub' }],
      }),
      establishment({
        id: 'hub',
        operationalCapacity: 600,
        population: {
          // Time left a steady state can hold: with 2-5 years as a quarter of it (sentences of 12
          // months to 4 years cannot have it), the hub alone, no referrals, lost its 4-years-plus
          // sex offenders (40 -> 20, 11, 7 by years 1-3, 4 replications); so it holds them
          // (39.6, 38.9, 40.4, 8 replications).
          priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 1, '6-12m': 1, '1-2y': 2 } }],
          tables: [
            {
              id: 'offence-sentence',
              cells: [
                { where: { offence: 'sexual', sentence: 'det-4y-plus' }, count: 40 },
                { where: { offence: 'sexual', sentence: 'det-12m-4y' }, count: 40 },
                { where: { offence: 'violent', sentence: 'det-12m-4y' }, count: 520 },
              ],
            },
          ],
        },
        programmes: [{ programme: 'core', groupsPerYear: 8, groupSize: 10, acceptsReferrals: true }],
      }),
    ],
  });
}

/** The largest departure of any cell from its table's target at the end of the last year, as a share of it. */
function worstAtEnd(r: Results, e: number): { cell: string; off: number } {
  const years = r.establishments[e]!.fitByYear;
  let worst = { cell: '', off: 0 };
  for (const t of years[years.length - 1]!.tables)
    for (const c of t.cells) {
      if (c.target === null || c.target <= 0) continue;
      const target = c.target;
      const off = Math.abs(c.mean - target) / target;
      if (off > worst.off) worst = { cell: `${c.label}: ${target} -> ${c.mean.toFixed(1)}`, off };
    }
  return worst;
}

describe('a hub whose table counts the men on its courses', () => {
  // 16 replications, at the end of years 1-3 (tables 40 / 150): on 6fd70e6 the hub's 4-years-plus
  // sex offenders were 44.8, 50.3, 59.8 and home's sex offenders 137.2, 130.1, 137.9; settled for
  // each visitor's weeks away (moves.ts lendAway), with the running start's visitors placed
  // (handOver.ts openVisitors), 39.1, 39.4, 37.1 and 149.3, 148.1, 158.2 (home alone, no
  // referrals, 156.6 by year 3). 16, not 8: 8 gave the hub 35.8 at year 3 (-10.5%) where 16 give
  // 37.1 and 24 give 37.8.
  it('keeps both tables within 10% after three years', () => {
    const r = runScenario(twoPrisons(), { replications: 16, horizonWeeks: 156 });
    const [home, hub] = [worstAtEnd(r, 0), worstAtEnd(r, 1)];
    expect(hub.off, hub.cell).toBeLessThan(0.1);
    expect(home.off, home.cell).toBeLessThan(0.1);
    // The men still go to the hub, and most come back.
    expect(r.establishments[0]!.transfersIn.mean).toBeGreaterThan(150);
  });
});
