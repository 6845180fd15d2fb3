/**
 * Allocation as the sources describe it (allocation.ts): higher OGRS first by ordinal band,
 * equals by the week they joined, then by a seeded draw, never by person index.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/index.js';
import { DETERMINATE, establishment, programme, scenario } from './scenarioBuilder.js';

type Priority = NonNullable<Parameters<typeof programme>[0]['priority']>;

const BAND_ONLY: Priority = [{ by: 'ogrs' }];

describe('priority by ordinal band', () => {
  /**
   * One OGRS band, places above demand: 200 wait at the start, 8 a week join, 10 places a week.
   * First come, first served, the last of the 200 starts by week 20 and anyone joining later
   * waits less (the list only shrinks). Everyone has more than that left: at the start 52+
   * weeks to release less 10 to finish (42), receptions 26+ weeks before they move on. So
   * nobody's window closes before they start, and band-level priority, with ties by the week
   * joined, must leave nobody unmet. (A score drawn inside the band left about 17 unmet here.)
   */
  const overCapacity = (priority?: Priority): Scenario =>
    scenario({
      start: { mode: 'empty' },
      programmes: [
        programme({ id: 'tsp', durationWeeks: 10, minWeeksLeftToStart: 10, ...(priority ? { priority } : {}) }),
      ],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          population: { tables: [], priors: [{ attribute: 'timeLeft', shares: { '1-2y': 1 } }] },
          flows: { receptionsPerWeek: 8 },
          programmes: [{ programme: 'tsp', groupsPerYear: 52, groupSize: 10 }],
        }),
      ],
    });

  for (const [label, priority] of [
    ['the band alone', BAND_ONLY],
    ['the default (band, then nearest release)', undefined],
  ] as const) {
    it(`leaves nobody unmet in a one-band case with more time left than the longest wait: ${label}`, () => {
      const r = runScenario(overCapacity(priority), { replications: 20, horizonWeeks: 52 }).establishments[0]!
        .programmes[0]!;
      expect(r.joined.mean).toBeGreaterThan(500);
      expect(r.starts.mean).toBe(520);
      expect(r.unmetNeed).toEqual({ mean: 0, p5: 0, p50: 0, p95: 0 });
      expect(r.meanWaitWeeks.p95).toBeLessThanOrEqual(21);
    });
  }

  it('puts every man of a higher band before any of a lower one', () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: BAND_ONLY })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '25-49': 0.5, '50-74': 0.5 } }],
      establishments: [establishment({ id: 'a', programmes: [{ programme: 'tsp', groupsPerYear: 2, groupSize: 20 }] })],
    });
    const r = runScenario(s, { replications: 10, horizonWeeks: 20 }).establishments[0]!.programmes[0]!;
    const band = (id: string) => r.byOgrs.find((b) => b.segment === id)!;
    expect(r.starts.mean).toBe(20);
    // About 50 in each band: the 20 places all go to 50-74.
    expect(band('50-74').starts.mean).toBe(20);
    expect(band('25-49').starts.mean).toBe(0);
  });

  it('takes equals in the order they joined: a later arrival of the same band waits behind', () => {
    // 100 wait from week 0, 2 a week join after; groups of 10 at weeks 0 and 26. First come,
    // first served, both groups come from those waiting at the start: mean wait (0 + 26) / 2.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: BAND_ONLY })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        establishment({
          id: 'a',
          flows: { receptionsPerWeek: 2 },
          programmes: [{ programme: 'tsp', groupsPerYear: 2, groupSize: 10 }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 10, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(20);
    expect(r.meanWaitWeeks).toEqual({ mean: 13, p5: 13, p50: 13, p95: 13 });
  });

  it('breaks full ties by a seeded draw, not by the order synthetic cells were drawn in', () => {
    // 100 equals (one band, all joined at week 0), half sexual and half violent offenders, 10
    // places. In index order the places would all go to one offence, the first cell drawn.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: BAND_ONLY })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        establishment({
          id: 'a',
          population: {
            // A table, so offence is part of the synthetic cells (drawn cell by cell, in order).
            tables: [
              {
                id: 'offence',
                cells: [
                  { where: { offence: 'sexual' }, count: 50 },
                  { where: { offence: 'violent' }, count: 50 },
                ],
              },
            ],
            priors: [{ attribute: 'timeLeft', shares: { '5y-plus': 1 } }],
          },
          programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 10 }],
        }),
      ],
    });
    const R = 100;
    const r = runScenario(s, { replications: R, horizonWeeks: 4 }).establishments[0]!.programmes[0]!;
    const sexual = r.byOffence.find((o) => o.segment === 'sexual')!.starts;
    // Hypergeometric: 10 of 100 with 50 sexual, variance about 10 x 0.25 x 90/99.
    const se = Math.sqrt((10 * 0.25 * 90) / 99 / R);
    expect(Math.abs(sexual.mean - 5)).toBeLessThanOrEqual(4 * se);
    expect(sexual.p5).toBeLessThan(sexual.p95);
  });
});
