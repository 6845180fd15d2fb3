/**
 * Allocation as the sources describe it (allocation.ts): higher OGRS first by ordinal band,
 * equals by the week they joined, then by a seeded draw, never by person index.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/index.js';
import { Replication } from '../../src/engine/replication.js';
import { WaitingList } from '../../src/engine/waitingList.js';
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

/** 100 people in one OGRS band, `sexual` sex offenders and the rest violent (a table, so exact). */
function offenceMix(sexual: number, extra: Partial<Parameters<typeof establishment>[0]> = {}) {
  return establishment({
    id: 'a',
    population: {
      tables: [
        {
          id: 'offence',
          cells: [
            { where: { offence: 'sexual' }, count: sexual },
            { where: { offence: 'violent' }, count: 100 - sexual },
          ],
        },
      ],
      priors: [{ attribute: 'timeLeft', shares: { '5y-plus': 1 } }],
    },
    ...extra,
  });
}

const VIOLENT_FIRST: Priority = [{ by: 'criteria', when: { attribute: 'offence', in: ['violent'] } }];
const SEXUAL = { attribute: 'offence', in: ['sexual'] } as const;

function run(s: Scenario, horizonWeeks = 20, replications = 5) {
  return runScenario(s, { replications, horizonWeeks });
}

const offenceStarts = (r: ReturnType<typeof run>['establishments'][number]['programmes'][number], id: string) =>
  r.byOffence.find((o) => o.segment === id)!.starts.mean;

describe('nearest release first, where a programme is configured so', () => {
  it('takes men with less time left before men with more, whatever their offence', () => {
    // Violent men have 1-2 years left, sex offenders 5+; one group of 10 from 100 waiting.
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: [{ by: 'releaseDate' }] })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        establishment({
          id: 'a',
          population: {
            tables: [
              {
                id: 'offence-by-time-left',
                cells: [
                  { where: { offence: 'sexual', timeLeft: '5y-plus' }, count: 90 },
                  { where: { offence: 'violent', timeLeft: '1-2y' }, count: 10 },
                ],
              },
            ],
          },
          programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 10 }],
        }),
      ],
    });
    const r = run(s, 4).establishments[0]!.programmes[0]!;
    expect(offenceStarts(r, 'violent')).toBe(10);
    expect(offenceStarts(r, 'sexual')).toBe(0);
  });
});

describe('eligibility and order per establishment', () => {
  it("applies a site's own eligibility to the people there, and the catalogue's elsewhere", () => {
    const s = scenario({
      start: { mode: 'empty' },
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        offenceMix(40, {
          programmes: [
            {
              programme: 'tsp',
              groupsPerYear: 1,
              groupSize: 10,
              eligibility: { attribute: 'offence', in: ['violent'] },
            },
          ],
        }),
        { ...offenceMix(40, { programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 10 }] }), id: 'b' },
      ],
    });
    const [a, b] = run(s).establishments.map((e) => e.programmes[0]!);
    expect(a!.joined.mean).toBe(60);
    expect(a!.byOffence.find((o) => o.segment === 'sexual')!.joined.mean).toBe(0);
    expect(b!.joined.mean).toBe(100);
  });

  it('folds an eligibility change from week 0 into the rule a running start warms up under', () => {
    // Everyone joins under the catalogue's rule in the warm-up; a week-0 change to violent men
    // only must already hold then, or sex offenders open the window on the list.
    const s = scenario({
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [offenceMix(40, { programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 10 }] })],
      changes: [
        {
          fromWeek: 0,
          establishment: 'a',
          set: { kind: 'eligibility', programme: 'tsp', eligibility: { attribute: 'offence', in: ['violent'] } },
        },
      ],
    });
    const r = run(s).establishments[0]!.programmes[0]!;
    const sexual = r.byOffence.find((o) => o.segment === 'sexual')!;
    expect(r.joined.mean).toBeGreaterThan(0);
    expect(sexual.joined.mean).toBe(0);
    expect(sexual.inProgressAtStart.mean).toBe(0);
  });

  it("orders a site's list by its own priority in place of the catalogue's", () => {
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: VIOLENT_FIRST })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        offenceMix(50, {
          programmes: [
            { programme: 'tsp', groupsPerYear: 1, groupSize: 10, priority: [{ by: 'criteria', when: SEXUAL }] },
          ],
        }),
      ],
    });
    const r = run(s).establishments[0]!.programmes[0]!;
    expect(offenceStarts(r, 'sexual')).toBe(10);
  });
});

describe('places reserved for segments', () => {
  const reserving = (sexual: number, segment: Record<string, unknown>, groupsPerYear = 1) =>
    scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: VIOLENT_FIRST })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [
        offenceMix(sexual, {
          programmes: [
            {
              programme: 'tsp',
              groupsPerYear,
              groupSize: 10,
              segments: [{ id: 'sexual', when: SEXUAL, ...segment }],
            },
          ],
        }),
      ],
    });

  it('keeps a number of each group for the segment, above men the order puts first', () => {
    const r = run(reserving(50, { reservedPlaces: 3 })).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(10);
    expect(offenceStarts(r, 'sexual')).toBe(3);
    expect(offenceStarts(r, 'violent')).toBe(7);
    const plan = r.segmentPlan[0]!;
    expect(plan.reservedPlaces.mean).toBe(3);
    expect(plan.reservedTaken.mean).toBe(3);
    expect(plan.starts.mean).toBe(3);
  });

  it('releases reserved places the segment cannot fill to others at the same start', () => {
    // 2 sex offenders for 5 kept places: they take 2, the other 3 go to violent men.
    const r = run(reserving(2, { reservedPlaces: 5 })).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(10);
    expect(offenceStarts(r, 'sexual')).toBe(2);
    expect(r.segmentPlan[0]!.reservedPlaces.mean).toBe(5);
    expect(r.segmentPlan[0]!.reservedTaken.mean).toBe(2);
  });

  it('keeps a share of places over groups, rounding group by group (a quarter of 4 groups of 10 is 10)', () => {
    // Groups at weeks 0, 13, 26, 39 in a 52-week horizon.
    const r = run(reserving(50, { reservedShare: 0.25 }, 4), 52).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(40);
    expect(offenceStarts(r, 'sexual')).toBe(10);
    expect(r.segmentPlan[0]!.reservedPlaces.mean).toBe(10);
  });

  it('shows projected completions a year against those planned for the segment', () => {
    // One group of 10 at week 0, courses of 10 weeks, all complete: 4 sex offenders (reserved)
    // complete in a 52-week window, against 6 planned.
    const r = run(reserving(50, { reservedPlaces: 4, plannedCompletions: 6 }), 52).establishments[0]!.programmes[0]!;
    const plan = r.segmentPlan[0]!;
    expect(plan.plannedCompletions).toBe(6);
    expect(plan.completions.mean).toBe(4);
    expect(plan.completionsPerYear.mean).toBe(4);
    expect(plan.completionsVariance).toBe(-2);
    expect(plan.completionsMaterial).toBe(true);
    expect(r.byOffence.find((o) => o.segment === 'sexual')!.completions.mean).toBe(4);
  });
});

describe('planned segments over a region', () => {
  it("adds up each segment's plan and projection over the sites that plan for it", () => {
    const site = (id: string, planned: number, reservedPlaces: number) => ({
      ...offenceMix(50, {
        programmes: [
          {
            programme: 'tsp',
            groupsPerYear: 1,
            groupSize: 10,
            segments: [{ id: 'sexual', when: SEXUAL, plannedCompletions: planned, reservedPlaces }],
          },
        ],
      }),
      id,
    });
    const s = scenario({
      start: { mode: 'empty' },
      programmes: [programme({ id: 'tsp', priority: VIOLENT_FIRST })],
      priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
      establishments: [site('a', 6, 4), site('b', 4, 2)],
    });
    const results = run(s, 52);
    const region = results.region.programmes[0]!.segmentPlan[0]!;
    expect(region.plannedCompletions).toBe(10);
    expect(region.completions.mean).toBe(6);
    expect(region.reservedPlaces.mean).toBe(6);
    expect(region.completionsVariance).toBe(-4);
    expect(results.establishments[1]!.programmes[0]!.segmentPlan[0]!.completions.mean).toBe(2);
  });
});

describe('agreed against projected on the reporting window', () => {
  it("compares the window's starts and completions a year, counting courses under way when a running service opens", () => {
    // Courses of 20 weeks, a 10-week window: none started in the window ends in it, so every
    // completion is of a course the running service had under way at the start. A warm-up of one
    // course cycle: the default, sized to clear the cold list, would treat this closed stock of 200.
    const s = scenario({
      start: { mode: 'running', warmupWeeks: 20 },
      programmes: [programme({ id: 'tsp', durationWeeks: 20, minWeeksLeftToStart: 20 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          programmes: [
            { programme: 'tsp', groupsPerYear: 13, groupSize: 10, agreedStarts: 100, agreedCompletions: 90 },
          ],
        }),
      ],
    });
    const r = run(s, 10).establishments[0]!.programmes[0]!;
    const a = r.agreed!;
    expect(a.windowWeeks).toBe(10);
    expect(r.inProgressAtStart.mean).toBeGreaterThan(0);
    expect(r.completions.mean).toBeGreaterThan(0);
    expect(a.projectedStartsPerYear.mean).toBeCloseTo((r.starts.mean * 52) / 10, 9);
    expect(a.projectedCompletionsPerYear.mean).toBeCloseTo((r.completions.mean * 52) / 10, 9);
    expect(a.startsVariance).toBeCloseTo(a.projectedStartsPerYear.mean - 100, 9);
    expect(a.completionsVariance).toBeCloseTo(a.projectedCompletionsPerYear.mean - 90, 9);
  });
});

describe('ranks packed into numbers order a list as the keys do', () => {
  /**
   * A list with places reserved is ranked whole at each group start, and a heap at each join and
   * start. The engine compares ranks packed into one number: kept per entry from joining where
   * the keys are fixed then (OGRS, release date, waiting time: WaitingList.rank, with segment
   * membership beside it), else packed at each start (rankKeys). With both turned off every
   * comparison asks before() key by key, and every segment test asks the criterion. Both must
   * pick the same men: four bands, OGRS either way, a time-left criterion (read at the start's
   * week), nearest release, waiting time, many equals (ties by the week joined and the seeded
   * draw), a reserved share, and a second programme kept as a heap.
   */
  type Keys = 'criteria-desc' | 'criteria-asc' | 'fixed-desc' | 'fixed-asc';
  const priorities: Record<Keys, Priority> = {
    'criteria-desc': [
      { by: 'ogrs', order: 'desc' },
      { by: 'criteria', when: { weeksToRelease: { max: 60 } } },
      { by: 'releaseDate' },
      { by: 'waitingTime' },
    ],
    // Fewer keys: more equals, left to the week joined and the draw.
    'criteria-asc': [
      { by: 'ogrs', order: 'asc' },
      { by: 'criteria', when: { weeksToRelease: { max: 60 } } },
    ],
    'fixed-desc': [{ by: 'ogrs', order: 'desc' }, { by: 'releaseDate' }],
    'fixed-asc': [{ by: 'ogrs', order: 'asc' }],
  };
  const mixed = (keys: Keys): Scenario =>
    scenario({
      start: { mode: 'empty' },
      programmes: [
        programme({ id: 'tsp', minWeeksLeftToStart: 10, priority: priorities[keys] }),
        programme({ id: 'resolve', minWeeksLeftToStart: 10, priority: priorities[keys] }),
      ],
      priors: [
        DETERMINATE,
        { attribute: 'ogrs', shares: { '0-24': 0.25, '25-49': 0.25, '50-74': 0.25, '75-89': 0.25 } },
      ],
      establishments: [
        offenceMix(30, {
          population: {
            tables: [
              {
                id: 'offence',
                cells: [
                  { where: { offence: 'sexual' }, count: 30 },
                  { where: { offence: 'violent' }, count: 70 },
                ],
              },
            ],
            priors: [{ attribute: 'timeLeft', shares: { '6-12m': 0.3, '1-2y': 0.4, '5y-plus': 0.3 } }],
          },
          flows: { receptionsPerWeek: 3 },
          programmes: [
            {
              programme: 'tsp',
              groupsPerYear: 12,
              groupSize: 6,
              segments: [{ id: 'sexual', when: SEXUAL, reservedShare: 0.3 }],
            },
            { programme: 'resolve', groupsPerYear: 6, groupSize: 8 },
          ],
        }),
      ],
    });

  /** Results with packed ranks and kept membership turned off: every comparison key by key. */
  function keyByKey<T>(run: () => T): T {
    const engine = Replication.prototype as unknown as { rankKeys: (...args: unknown[]) => boolean };
    const lists = WaitingList.prototype as unknown as { keep: (rank: boolean, memberOf: unknown) => void };
    const keep = lists.keep;
    engine.rankKeys = () => false;
    lists.keep = function (this: unknown) {
      keep.call(this, false, null);
    };
    try {
      return run();
    } finally {
      delete (engine as { rankKeys?: unknown }).rankKeys;
      lists.keep = keep;
    }
  }

  for (const keys of Object.keys(priorities) as Keys[]) {
    it(`picks the same men as key by key: ${keys}`, () => {
      const packed = JSON.stringify(run(mixed(keys), 104, 6));
      expect(packed).toBe(JSON.stringify(keyByKey(() => run(mixed(keys), 104, 6))));
    });
  }
});
