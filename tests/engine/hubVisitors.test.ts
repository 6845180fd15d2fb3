/**
 * A hub's table counts the men of other prisons on its courses, and a referring prison's leaves out
 * its men away: both should hold their tables over the horizon with the men going and coming back
 * (issue 6: the built-ins stay within 10% of their tables). An open defect (marked `it.fails` below: it passes while the hub drifts): each
 * prison's receptions are fitted to its table alone, so the hub holds its visitors twice over.
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
          priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 1, '6-12m': 1, '1-2y': 1, '2-5y': 1 } }],
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
  // Skipped: an open defect (issue 6 item 3), not fixed yet. On 91133ef, 8 replications, the hub's
  // sex offenders of 4 years + are 46.5, 52.4, 54.9 at the end of years 1-3 against its table's 40,
  // home's sex offenders 139, 133, 142 against 150. Two fixes tried (docs/notes/hub-visitors-fit.patch,
  // hub-visitor-parts.patch) bring the hub to 44.0 and 45.6 by year 3, but overshoot in year 1 and
  // move the West Midlands' Stafford (ISPs 72 -> 84-87 in year 1): docs/notes/hub-drift-west-midlands.md.
  // it.fails: passes while the defect stands; when a fix lands it fails, asking for `it` again.
  it.fails('keeps both tables within 10% after three years', () => {
    // Its receptions keep the whole table and the visitors come on top of them.
    const r = runScenario(twoPrisons(), { replications: 8, horizonWeeks: 156 });
    const [home, hub] = [worstAtEnd(r, 0), worstAtEnd(r, 1)];
    expect(hub.off, hub.cell).toBeLessThan(0.1);
    expect(home.off, home.cell).toBeLessThan(0.1);
    // The men still go to the hub, and most come back.
    expect(r.establishments[0]!.transfersIn.mean).toBeGreaterThan(150);
  });
});
