/**
 * A running start (src/engine/warmup.ts): courses under way at the start as each schedule has
 * them, no cold-start dip, treatment history that gives a follow-on programme need from week 0,
 * those waiting at the start reported apart from the years' joiners, and `empty` as before.
 */
import { describe, expect, it } from 'vitest';
import { compileScenario, runScenario, simulateBatch, type Scenario } from '../../src/index.js';
import { DETERMINATE, establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';
import { meanStayWeeks } from '../../src/engine/beds.js';
import { defaultWarmupWeeks, stayUnderWay } from '../../src/engine/warmup.js';

/**
 * 300 people who all stay past the horizon (5 years+ to serve): schedules alone decide. The first
 * group at week 0 is declared, so every replication has the same schedule (left open, each draws
 * its phase: see 'draws the phase ...').
 */
function longStay(
  start: Scenario['start'] | { mode: 'running' | 'empty'; warmupWeeks?: number },
  groupsPerYear = 4,
  firstStartWeek: number | null = 0,
  durationWeeks = 26,
): Scenario {
  return scenario({
    start,
    programmes: [programme({ id: 'core', durationWeeks, groupSize: 10 })],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 300,
        programmes: [{ programme: 'core', groupsPerYear, ...(firstStartWeek === null ? {} : { firstStartWeek }) }],
      }),
    ],
  });
}

/** People come and go (time left spread over every band, transfers out): a steady service. */
function turnover(start: { mode: 'running' | 'empty'; warmupWeeks?: number }, heldOnCourse = true): Scenario {
  const shape = { minWeeksLeftToStart: 12, completionRate: 0.9, heldOnCourse };
  return scenario({
    start,
    programmes: [
      programme({ id: 'short', durationWeeks: 10, groupSize: 10, ...shape }),
      programme({ id: 'long', durationWeeks: 26, groupSize: 8, ...shape, minWeeksLeftToStart: 30 }),
    ],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 600,
        population: {
          tables: [],
          priors: [
            { attribute: 'timeLeft', shares: { 'under-6m': 3, '6-12m': 2, '1-2y': 2, '2-5y': 2, '5y-plus': 1 } },
          ],
        },
        flows: { receptionsPerWeek: null, transfersOutPerYear: 0.1 },
        programmes: [
          { programme: 'short', groupsPerYear: 8 },
          { programme: 'long', groupsPerYear: 4 },
        ],
      }),
    ],
  });
}

/** Per replication, year 1 minus year 2 of a yearly count: mean and standard error. */
function yearOneMinusTwo(s: Scenario, p: number, name: 'completions' | 'joined', replications: number) {
  const compiled = compileScenario(s, { replications, horizonWeeks: 104 });
  const batch = simulateBatch(compiled, 0, replications);
  const L = compiled.layout;
  const d: number[] = [];
  for (let r = 0; r < replications; r++) {
    const row = batch.scalars.subarray(r * L.scalarCount);
    const base = L.programmeBase(0, p);
    d.push(row[base + L.yearly(name, 0)]! - row[base + L.yearly(name, 1)]!);
  }
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  return { mean, se: sd / Math.sqrt(d.length) };
}

describe('a running start', () => {
  it('is the default, and the results say which start was used', () => {
    const s = scenario();
    expect(s.start.mode).toBe('running');
    expect(s.start.defaults).toEqual(['mode', 'warmupWeeks']);
    // 300 men waiting at a cold start for 40 places a year: the default warm-up is the time that
    // list takes to clear, at most two years (sizeStart), not one course cycle (26 weeks).
    const r = runScenario(longStay({ mode: 'running' }), { replications: 2, horizonWeeks: 52 });
    expect(r.start).toMatchObject({ mode: 'running', warmupWeeks: 104, warmupFromScenario: false });
    expect(r.start.note).toContain('104 weeks');
    expect(r.start.note).toContain('core at a');
    const set = runScenario(longStay({ mode: 'running', warmupWeeks: 26 }), { replications: 2, horizonWeeks: 52 });
    expect(set.start).toMatchObject({ mode: 'running', warmupWeeks: 26, warmupFromScenario: true });
    const empty = runScenario(longStay({ mode: 'empty' }), { replications: 2, horizonWeeks: 52 });
    expect(empty.start).toMatchObject({ mode: 'empty', warmupWeeks: 0 });
  });

  it('opens with the courses its schedule has under way: groups 13 weeks apart, 26 weeks long', () => {
    // Groups of 10 every 13 weeks: at week 0 the groups started 26 weeks ago (ending now) and
    // 13 weeks ago are under way, 20 people; nobody leaves, so every course completes.
    const r = runScenario(longStay({ mode: 'running' }), { replications: 5, horizonWeeks: 104 });
    const p = r.establishments[0]!.programmes[0]!;
    expect(p.inProgressAtStart).toEqual({ mean: 20, p5: 20, p50: 20, p95: 20 });
    // Year 1: the two groups under way and the groups of weeks 0 and 13 end (weeks 0, 13, 26, 39).
    expect(p.perYear.map((y) => y.completions.mean)).toEqual([40, 40]);
    expect(p.perYear.map((y) => y.starts.mean)).toEqual([40, 40]);
    expect(p.inProgressAtStart.mean + p.starts.mean).toBe(
      p.completions.mean + p.nonCompletions.mean + p.inProgressAtEnd.mean,
    );
    // The weekly series: the first completions are those of the group ending in week 0.
    expect(p.series.cumulativeCompletions.mean[0]).toBe(10);
  });

  it('draws the phase of a schedule the scenario leaves open: g x course length / 52 groups under way', () => {
    // Brinsford's TSP (4.4 groups a year of 10 weeks, one every 11.8 weeks) opened with none under
    // way when the first group was put at week 0: the window then opens just as a group starts.
    // A running service's phase is unknown, so each replication draws it; groups are full (300
    // eligible men staying for years), so people under way / 10 counts the groups.
    const R = 120;
    for (const [g, D] of [
      [4.4, 10],
      [2.4, 10],
      [6, 10],
      [4, 26],
    ] as const) {
      const s = longStay({ mode: 'running' }, g, null, D);
      const p = runScenario(s, { replications: R, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
      const expected = (g * D) / 52;
      const groups = p.inProgressAtStart.mean / 10;
      // At most ceil(expected) groups, at least floor: the count's spread is at most a Bernoulli's.
      const f = expected - Math.floor(expected);
      const se = Math.sqrt((f * (1 - f)) / R);
      expect(Math.abs(groups - expected), `${g} a year, ${D} weeks: ${groups} under way`).toBeLessThanOrEqual(
        3 * se + 0.01,
      );
      if (f > 0) {
        expect(p.inProgressAtStart.p5 / 10).toBe(Math.floor(expected));
        expect(p.inProgressAtStart.p95 / 10).toBe(Math.ceil(expected));
      } else expect(p.inProgressAtStart.p5).toBe(p.inProgressAtStart.p95);
      // Year 1 starts g groups in expectation (a first group at week 0 gave ceil(g): 5 of 4.4).
      expect(Math.abs(p.perYear[0]!.starts.mean / 10 - g), `${g} a year: starts`).toBeLessThanOrEqual(3 * se + 0.01);
      // The same schedule with its first group declared at week 0 opens on the fewest under way.
      const declared = runScenario(longStay({ mode: 'running' }, g, 0, D), { replications: 2, horizonWeeks: 52 });
      expect(declared.establishments[0]!.programmes[0]!.inProgressAtStart.mean / 10).toBe(Math.floor(expected));
    }
  }, 60_000);

  it('keeps a scenario’s first start week: groups continue the schedule around it', () => {
    const s = longStay({ mode: 'running' });
    s.establishments[0]!.programmes[0]!.firstStartWeek = 5;
    const p = runScenario(s, { replications: 2, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    // Starts at weeks 5, 18, 31, 44 in the window; under way: those of weeks -8 and -21.
    expect(p.perYear[0]!.starts.mean).toBe(40);
    expect(p.series.cumulativeStarts.mean[4]).toBe(0);
    expect(p.series.cumulativeStarts.mean[5]).toBe(10);
    expect(p.inProgressAtStart.mean).toBe(20);
  });

  it('an empty start opens with nothing under way and the whole eligible stock waiting: a cold-start dip', () => {
    const p = runScenario(longStay({ mode: 'empty' }), { replications: 5, horizonWeeks: 104 }).establishments[0]!
      .programmes[0]!;
    expect(p.inProgressAtStart.mean).toBe(0);
    expect(p.waitingAtStart.mean).toBe(300);
    // Only the groups of weeks 0 and 13 finish in year 1.
    expect(p.perYear.map((y) => y.completions.mean)).toEqual([20, 40]);
  });

  it('has no cold-start dip on a steady service: year-1 completions match year 2 within Monte Carlo noise', () => {
    const R = 40;
    for (const p of [0, 1]) {
      const running = yearOneMinusTwo(turnover({ mode: 'running' }), p, 'completions', R);
      expect(Math.abs(running.mean), `programme ${p}: ${JSON.stringify(running)}`).toBeLessThanOrEqual(
        3 * running.se + 0.5,
      );
      // The same service opened empty does dip: the test can tell the two apart.
      const empty = yearOneMinusTwo(turnover({ mode: 'empty' }), p, 'completions', R);
      expect(empty.mean, `programme ${p} empty: ${JSON.stringify(empty)}`).toBeLessThan(-3 * empty.se);
    }
  }, 60_000);

  it('reports those waiting at the start apart: a year’s joiners are the window’s only', () => {
    const R = 40;
    const joined = yearOneMinusTwo(turnover({ mode: 'running' }), 0, 'joined', R);
    expect(Math.abs(joined.mean), JSON.stringify(joined)).toBeLessThanOrEqual(3 * joined.se + 1);
    const r = runScenario(turnover({ mode: 'running' }), { replications: 10, horizonWeeks: 104 });
    for (const p of r.establishments[0]!.programmes) {
      expect(p.waitingAtStart.mean).toBeGreaterThan(0);
      const years = p.perYear.reduce((n, y) => n + y.joined.mean, 0);
      expect(years + p.waitingAtStart.mean).toBeCloseTo(p.joined.mean, 9);
      expect(p.joined.mean).toBeCloseTo(p.starts.mean + p.unmetNeed.mean + p.waitingAtEnd.mean, 9);
    }
  });

  it('gives a follow-on programme need from week 0 through treatment history (Extended after Core)', () => {
    const make = (mode: 'running' | 'empty') =>
      scenario({
        start: { mode },
        programmes: [
          programme({ id: 'core', durationWeeks: 26, groupSize: 10 }),
          programme({ id: 'extended', durationWeeks: 20, groupSize: 8, prerequisites: ['core'] }),
        ],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 300,
            programmes: [
              { programme: 'core', groupsPerYear: 4 },
              { programme: 'extended', groupsPerYear: 1, firstStartWeek: 10 },
            ],
          }),
        ],
      });
    const running = runScenario(make('running'), { replications: 5, horizonWeeks: 52 });
    expect(defaultWarmupWeeks(make('running'))).toBe(46); // Core's 26 weeks, then Extended's 20
    expect(running.start.warmupWeeks).toBeGreaterThanOrEqual(46);
    const extended = running.establishments[0]!.programmes[1]!;
    expect(extended.waitingAtStart.mean).toBeGreaterThan(0);
    expect(extended.perYear[0]!.starts.mean).toBeGreaterThan(0);
    // Opened empty, nobody has completed Core by the Extended group of week 10.
    const empty = runScenario(make('empty'), { replications: 5, horizonWeeks: 52 }).establishments[0]!.programmes[1]!;
    expect(empty.waitingAtStart.mean).toBe(0);
    expect(empty.perYear[0]!.starts.mean).toBe(0);
  });

  it('opens on the same population as an empty start (the tables’), whatever the warm-up did', () => {
    // Men on courses under way are held (attrition.ts), which moves their transfers out and so
    // the receptions that replace them; not held, departures are the tables' draws alone.
    const running = runScenario(turnover({ mode: 'running' }, false), { replications: 5, horizonWeeks: 52 });
    const empty = runScenario(turnover({ mode: 'empty' }, false), { replications: 5, horizonWeeks: 52 });
    expect(running.establishments[0]!.fitByYear[0]).toEqual(empty.establishments[0]!.fitByYear[0]);
    expect(running.establishments[0]!.receptions).toEqual(empty.establishments[0]!.receptions);
    const held = runScenario(turnover({ mode: 'running' }), { replications: 5, horizonWeeks: 52 });
    expect(held.establishments[0]!.fitByYear[0]).toEqual(empty.establishments[0]!.fitByYear[0]);
  });

  it('with no warm-up is exactly an empty start, number for number', () => {
    const empty = runScenario(turnover({ mode: 'empty' }), { replications: 4, horizonWeeks: 60 });
    const none = runScenario(turnover({ mode: 'running', warmupWeeks: 0 }), { replications: 4, horizonWeeks: 60 });
    expect({ ...none, start: null }).toEqual({ ...empty, start: null });
    expect(none.start).toMatchObject({ mode: 'running', warmupWeeks: 0, warmupFromScenario: true });
  });

  it('gives the same numbers whatever the split of replications (the warm-up has its own streams)', () => {
    const s = turnover({ mode: 'running' });
    const compiled = compileScenario(s, { replications: 4, horizonWeeks: 30 });
    const whole = simulateBatch(compiled, 0, 4);
    const parts = [simulateBatch(compiled, 0, 1), simulateBatch(compiled, 1, 3)];
    expect(Array.from(parts[0]!.scalars).concat(Array.from(parts[1]!.scalars))).toEqual(Array.from(whole.scalars));
  });

  it('still opens with people waiting when a site takes its courses by referral', () => {
    const s = scenario({
      programmes: [programme({ id: 'core', durationWeeks: 12, groupSize: 6 })],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 80, referrals: [{ programme: 'core', to: 'b' }] }),
        establishment({
          id: 'b',
          operationalCapacity: 40,
          programmes: [{ programme: 'core', groupsPerYear: 6, acceptsReferrals: true }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 3, horizonWeeks: 52 });
    const [a, b] = r.establishments.map((e) => e.programmes[0]!);
    expect(a!.referredOut.mean).toBeGreaterThan(0);
    expect(b!.inProgressAtStart.mean).toBeGreaterThan(0);
    expect(b!.waitingAtStart.mean).toBeGreaterThan(0);
  });

  it('hands the window the re-referrals of warm-up drop-outs that fall due in it', () => {
    // One group of 30 a year, all dropping out: the warm-up's group starts in its week 0 (the
    // window's schedule puts it 52 weeks before week 44) and ends by week 4; each drop-out is
    // referred again 10 weeks later, in window weeks 6-10, where no group of the window starts.
    // One OGRS band, so every opening person finds a warm-up person of his segment to take over.
    const s = (mode: 'running' | 'empty') =>
      scenario({
        start: mode === 'running' ? { mode, warmupWeeks: 8 } : { mode },
        priors: [DETERMINATE, { attribute: 'ogrs', shares: { '50-74': 1 } }],
        programmes: [
          programme({
            id: 'tsp',
            durationWeeks: 4,
            completionRate: 0,
            assessment: { suitable: 1, reReferralShare: 1, reReferralAfterWeeks: 10 },
          }),
        ],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 30,
            programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 30, firstStartWeek: 44 }],
          }),
        ],
      });
    const running = runScenario(s('running'), { replications: 3, horizonWeeks: 20 }).establishments[0]!.programmes[0]!;
    // Everyone (no one leaves: 5 years+ to serve) dropped out in the warm-up and is referred again.
    expect(running.funnel.reReferred.mean).toBe(30);
    expect(running.inProgressAtStart.mean).toBe(0);
    // They wait again (no group starts before week 44), none is lost as a joined place never settled.
    expect(running.waitingAtEnd.mean).toBe(30);
    // A cold start has no drop-outs before the window to refer again.
    const empty = runScenario(s('empty'), { replications: 3, horizonWeeks: 20 }).establishments[0]!.programmes[0]!;
    expect(empty.funnel.reReferred.mean).toBe(0);
  });
  it('opens a hub’s courses under way with the men its referring prisons sent, not as week-0 starts', () => {
    // Only a's sex offenders are eligible; b runs the course and has none of its own (Dovegate's
    // DTC, whose beds at the end of the warm-up hold men from other prisons). Groups of 10 every
    // 13 weeks, 26 weeks long: two groups under way at the start, as in a prison that runs its own.
    const s = scenario({
      programmes: [
        programme({
          id: 'core',
          durationWeeks: 26,
          groupSize: 10,
          suitabilityRate: 0.5,
          eligibility: { attribute: 'offence', in: ['sexual'] },
        }),
      ],
      establishments: [
        establishment({
          // 300 sex offenders, 150 suitable: enough for the warm-up's groups and two years of 40.
          id: 'a',
          operationalCapacity: 600,
          population: {
            tables: [],
            priors: [timeLeftPrior('5y-plus'), { attribute: 'offence', shares: { sexual: 1, violent: 1 } }],
          },
          referrals: [{ programme: 'core', to: 'b' }],
        }),
        establishment({
          id: 'b',
          operationalCapacity: 200,
          population: {
            tables: [],
            priors: [timeLeftPrior('5y-plus'), { attribute: 'offence', shares: { violent: 1 } }],
          },
          programmes: [{ programme: 'core', groupsPerYear: 4, acceptsReferrals: true }],
        }),
      ],
    });
    // A warm-up of one course cycle: a's 75 suitable men would all be treated in the two years the
    // default gives to clear a cold list (sizeStart), leaving no one to take the courses under way.
    const r = runScenario(
      { ...s, start: { mode: 'running', warmupWeeks: 26 } },
      { replications: 4, horizonWeeks: 104 },
    );
    const [a, b] = r.establishments;
    const core = b!.programmes[0]!;
    expect(core.inProgressAtStart.mean).toBe(20);
    // Year 1 completes the two groups under way and two of its own, as every year after.
    expect(core.perYear.map((y) => y.completions.mean)).toEqual([40, 40]);
    expect(core.perYear.map((y) => y.starts.mean)).toEqual([40, 40]);
    // The men on them came from a: b has no one of its own eligible.
    expect(a!.programmes[0]!.referredOut.mean).toBeGreaterThan(0);
  });

  it('opens a bed unit whose stays outlast the warm-up on stays under way, not one cohort', () => {
    // DTC-like: 78-week stays, half complete; a warm-up of 52 weeks (the cycle's cap). Opened cold in the
    // warm-up, every bed would start in its week 0 and its completers end together in week 26 of
    // the window. A running unit completes beds / mean stay x completion rate a year.
    const s = scenario({
      start: { mode: 'running', warmupWeeks: 52 },
      programmes: [programme({ id: 'dtc', durationWeeks: 78, completionRate: 0.5 })],
      establishments: [
        establishment({ id: 'a', operationalCapacity: 600, programmes: [{ programme: 'dtc', beds: 40 }] }),
      ],
    });
    const steady = (40 / meanStayWeeks({ durationWeeks: 78, completionRate: 0.5 })) * 52 * 0.5;
    const R = 30;
    const r = runScenario(s, { replications: R, horizonWeeks: 104 });
    expect(r.start.warmupWeeks).toBe(52);
    const dtc = r.establishments[0]!.programmes[0]!;
    expect(dtc.inProgressAtStart.mean).toBe(40);
    for (const y of dtc.perYear) {
      expect(Math.abs(y.completions.mean - steady), `year ${y.year}: ${y.completions.mean} vs ${steady}`).toBeLessThan(
        0.15 * steady,
      );
    }
    const diff = yearOneMinusTwo(s, 0, 'completions', R);
    expect(Math.abs(diff.mean), JSON.stringify(diff)).toBeLessThanOrEqual(3 * diff.se + 0.5);
  }, 60_000);

  it('draws a bed’s stay under way from the running unit: weeks left and completers as in steady state', () => {
    // Closed forms for D weeks, completion c: the weeks left r has chance (c + (1 - c)(D - r + 1) / D)
    // / mean stay, so its mean is the sum of r times that; completers are c D / mean stay of those in a bed.
    const D = 78;
    const c = 0.47;
    const mean = meanStayWeeks({ durationWeeks: D, completionRate: c });
    let expectedLeft = 0;
    for (let r = 1; r <= D; r++) expectedLeft += (r * (c + ((1 - c) * (D - r + 1)) / D)) / mean;
    const n = 200;
    let left = 0;
    let completers = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const stay = stayUnderWay(D, c, (a + 0.5) / n, (b + 0.5) / n);
        expect(stay.weeksLeft).toBeGreaterThanOrEqual(1);
        expect(stay.weeksLeft).toBeLessThanOrEqual(D);
        left += stay.weeksLeft;
        if (stay.completes) completers++;
      }
    }
    expect(left / (n * n)).toBeCloseTo(expectedLeft, 0);
    expect(completers / (n * n)).toBeCloseTo((c * D) / mean, 2);
  });
});
