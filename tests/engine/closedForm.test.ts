/**
 * Cases simple enough to work out by hand: the simulation must agree with the arithmetic
 * exactly where nothing is random, and within sampling error where something is.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';

/** Within `k` standard errors of a binomial mean of n trials at rate p, over R replications. */
function expectBinomialMean(observed: number, n: number, p: number, replications: number, k = 4): void {
  const se = Math.sqrt((n * p * (1 - p)) / replications);
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(k * se + 1e-9);
}

describe('agreement with closed-form answers', () => {
  it('starts exactly the places offered when more people wait than places, and no more', () => {
    // 100 eligible people, nobody leaves within the year; 5 groups of 8 in 52 weeks. A warm-up of
    // one course cycle: a closed stock, which the default (sized from the backlog) would treat.
    const s = scenario({
      start: { mode: 'running', warmupWeeks: 10 },
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 100,
          // From week 0, as declared (left open, a running start draws the schedule's phase).
          programmes: [{ programme: 'tsp', groupsPerYear: 5, groupSize: 8, firstStartWeek: 0 }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 10, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    expect(r.joined.mean).toBe(100);
    expect(r.starts).toEqual({ mean: 40, p5: 40, p50: 40, p95: 40 });
    expect(r.waitingAtEnd.mean).toBe(60);
    expect(r.unmetNeed.mean).toBe(0);
    expect(r.placesPerYear).toBe(40);
  });

  it('completes starts at the completion rate (binomial mean) once courses have ended', () => {
    const s = scenario({
      start: { mode: 'running', warmupWeeks: 5 }, // one course cycle: a closed stock
      programmes: [programme({ id: 'tsp', completionRate: 0.7, durationWeeks: 5 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 200,
          programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 200, firstStartWeek: 0 }],
        }),
      ],
    });
    const R = 200;
    const r = runScenario(s, { replications: R, horizonWeeks: 20 }).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(200);
    expect(r.inProgressAtEnd.mean).toBe(0);
    expectBinomialMean(r.completions.mean, 200, 0.7, R);
    expect(r.completions.mean + r.nonCompletions.mean).toBeCloseTo(200, 9);
  });

  it('finds a share of the eligible suitable at the suitability rate', () => {
    const s = scenario({
      programmes: [programme({ id: 'tsp', suitabilityRate: 0.35 })],
      establishments: [establishment({ id: 'a', operationalCapacity: 400 })],
    });
    const R = 200;
    const r = runScenario(s, { replications: R, horizonWeeks: 4 }).establishments[0]!.programmes[0]!;
    expectBinomialMean(r.joined.mean, 400, 0.35, R);
  });

  it('requires people x contacts a year x weeks / 52 sessions, delivered up to capacity by tier priority', () => {
    // 100 people, all in one tier seen 12 times a year, for 26 weeks: 600 sessions needed.
    // 1 FTE x 10 h x 0.5 availability x 60 / (45 + 15) min = 5 sessions a week: 130 delivered.
    const s = scenario({
      caseManagement: {
        tiers: [
          { id: 'high', when: { attribute: 'ogrs', atLeast: '50-74' }, sessionsPerYear: 12 },
          { id: 'rest', when: { always: true }, sessionsPerYear: 12 },
        ],
        sessionMinutes: 45,
        recordingMinutes: 15,
        priority: ['high', 'rest'],
      },
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 100,
          staffing: { pomFte: 1, hoursPerFteWeek: 10, availability: 0.5 },
        }),
      ],
    });
    const e = runScenario(s, { replications: 5, horizonWeeks: 26 }).establishments[0]!;
    const [high, rest] = e.caseManagement;
    expect(high!.people.mean + rest!.people.mean).toBe(100);
    expect(high!.sessionsRequired.mean + rest!.sessionsRequired.mean).toBeCloseTo(600, 9);
    expect(high!.sessionsDelivered.mean + rest!.sessionsDelivered.mean).toBeCloseTo(130, 9);
    // The higher tier is served first: it gets min(its need, capacity) every week.
    const highWeekly = (high!.people.mean * 12) / 52;
    expect(high!.sessionsDelivered.mean).toBeCloseTo(Math.min(highWeekly, 5) * 26, 6);
    // Shortfall in FTE: sessions short a week over what one FTE delivers a week (5).
    const shortPerWeek = (600 - 130) / 26;
    expect(high!.shortfallFte.mean + rest!.shortfallFte.mean).toBeCloseTo(shortPerWeek / 5, 6);
  });

  it('closes the window when time left falls below what a course needs', () => {
    // Everyone has 6-12 months (26-52 weeks) left and needs 20 weeks to start; no groups run.
    // Each window closes at release - 20 + 1 <= 32 weeks, so after 52 weeks nobody is waiting.
    const s = scenario({
      programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 20 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 50,
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
          flows: { receptionsPerWeek: 0 },
          programmes: [{ programme: 'tsp', groupsPerYear: 0 }],
        }),
      ],
    });
    const r = runScenario(s, { replications: 5, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    expect(r.joined.mean).toBe(50);
    expect(r.unmetNeed.mean).toBe(50);
    expect(r.unmetByTimeLeft.mean).toBe(50);
    expect(r.waitingAtEnd.mean).toBe(0);
  });

  it('does not count people who arrive with too little time left to ever start', () => {
    const s = scenario({
      programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 60 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 50,
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
        }),
      ],
    });
    const r = runScenario(s, { replications: 3, horizonWeeks: 10 }).establishments[0]!.programmes[0]!;
    expect(r.joined.mean).toBe(0);
  });

  it('transfers people out at the stated yearly rate (exponential times)', () => {
    // 500 people, transfers at 0.52 a year: a hazard of 0.01 a week. Someone present can leave
    // from the next week on, so over weeks 1-9 of a 10-week horizon, with each week's leavers
    // replaced, departures are binomial with 500 x 9 trials at 1 - e^-0.01.
    const s = scenario({
      establishments: [establishment({ id: 'a', operationalCapacity: 500, flows: { transfersOutPerYear: 0.52 } })],
    });
    const R = 100;
    const e = runScenario(s, { replications: R, horizonWeeks: 10 }).establishments[0]!;
    const p = 1 - Math.exp(-0.01);
    expectBinomialMean(e.departures.mean, 4500, p, R);
    expect(e.population.mean).toBe(500);
  });

  it('holds the population at its starting level when receptions replace departures', () => {
    const s = scenario({
      establishments: [establishment({ id: 'a', operationalCapacity: 300, population: { tables: [], priors: [] } })],
    });
    const e = runScenario(s, { replications: 5, horizonWeeks: 104 }).establishments[0]!;
    expect(e.population).toEqual({ mean: 300, p5: 300, p50: 300, p95: 300 });
    expect(e.receptions.mean).toBe(e.departures.mean);
    expect(e.departures.mean).toBeGreaterThan(100);
  });
});

describe('scheduled capacity changes', () => {
  it('moves the population by each change in capacity, measured from the capacity before it', () => {
    // 100 places, up to 150 from week 10, down to 120 from week 20: replacement receptions
    // fill to 100, then 150, then let departures bring it down towards 120.
    const s = scenario({
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 100,
          population: { tables: [], priors: [timeLeftPrior('under-6m')] },
        }),
      ],
      changes: [
        { fromWeek: 10, establishment: 'a', set: { kind: 'operationalCapacity', value: 150 } },
        { fromWeek: 20, establishment: 'a', set: { kind: 'operationalCapacity', value: 120 } },
      ],
    });
    const weeks = (n: number) =>
      runScenario(s, { replications: 3, horizonWeeks: n }).establishments[0]!.population.mean;
    // Mean population over weeks 0-9 is 100; over 0-19 is (10 x 100 + 10 x 150) / 20 = 125.
    expect(weeks(10)).toBe(100);
    expect(weeks(20)).toBe(125);
    // With everyone gone within 26 weeks, by week 60 it has settled at 120: the mean over
    // weeks 0-99 approaches 120 from the 100/150 start, never 150 + (120 - 100).
    const long = weeks(100);
    expect(long).toBeGreaterThan(115);
    expect(long).toBeLessThan(125);
  });
});
