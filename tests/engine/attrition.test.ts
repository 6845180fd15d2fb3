/**
 * Attrition counted once (attrition.ts): the completion rate is the share of starters who
 * complete, whatever the transfers; men on a course are held; a man moved for treatment takes the
 * receiving establishment's hazards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { People } from '../../src/engine/people.js';
import type { RandomStream } from '../../src/random/streams.js';
import {
  departWeekAfterMove,
  expectedWeeksAfterMove,
  heldDepartWeek,
  rescheduleDeparture,
  transferBefore,
} from '../../src/engine/attrition.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

/** A scenario with heavy transfers out (2 a year) and one group of 100 starting at week 0. */
function transferring(heldOnCourse: boolean) {
  return scenario({
    start: { mode: 'empty' },
    programmes: [programme({ id: 'tsp', completionRate: 0.8, durationWeeks: 20, heldOnCourse })],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 200,
        flows: { transfersOutPerYear: 2 },
        programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 100 }],
      }),
    ],
  });
}

describe('attrition counted once', () => {
  it('completes starters at the completion rate when transfers out are on (men on a course are held)', () => {
    const R = 200;
    const r = runScenario(transferring(true), { replications: R, horizonWeeks: 30 }).establishments[0]!.programmes[0]!;
    expect(r.starts.mean).toBe(100);
    expect(r.inProgressAtEnd.mean).toBe(0);
    // Binomial: 100 starters at 0.8, over R replications; within 4 standard errors.
    const se = Math.sqrt((100 * 0.8 * 0.2) / R);
    expect(Math.abs(r.completions.mean - 80)).toBeLessThanOrEqual(4 * se);
  });

  it('loses men to transfers as well when the scenario does not hold them', () => {
    const r = runScenario(transferring(false), { replications: 50, horizonWeeks: 30 }).establishments[0]!
      .programmes[0]!;
    // 0.8 of starters x the chance of no transfer in a 20-week course (e^(-2 x 20 / 52), 0.46) = 0.37.
    expect(r.starts.mean).toBe(100);
    expect(r.completions.mean).toBeLessThan(50);
    expect(r.completions.mean + r.nonCompletions.mean).toBe(100);
  });

  it('gives a man moved for treatment the receiving prison’s transfer hazard, not his home prison’s', () => {
    // Home transfers out 10 a year; the treatment site none. Everyone has 5 years + to serve.
    // They stay at the site after the course (no return home, hubReturns.ts), so only its hazard acts.
    const s = scenario({
      start: { mode: 'empty' },
      referralReturn: { afterWeeks: null },
      programmes: [programme({ id: 'sotp', durationWeeks: 10 })],
      establishments: [
        establishment({
          id: 'home',
          operationalCapacity: 100,
          flows: { transfersOutPerYear: 10 },
          referrals: [{ programme: 'sotp', to: 'hub' }],
        }),
        establishment({
          id: 'hub',
          operationalCapacity: 10,
          flows: { transfersOutPerYear: 0 },
          programmes: [{ programme: 'sotp', groupsPerYear: 1, groupSize: 50, acceptsReferrals: true }],
        }),
      ],
    });
    const results = runScenario(s, { replications: 10, horizonWeeks: 40 });
    const hub = results.establishments.find((e) => e.establishment === 'hub')!;
    const course = hub.programmes.find((p) => p.programme === 'sotp')!;
    expect(course.starts.mean).toBe(50);
    expect(course.completions.mean).toBe(50);
    // Thirty weeks after their course at a site that transfers nobody out: all still there. The
    // site's only departures are its own men who changed places with men moved in (custody.ts
    // swapPartner), each a transfer to home; none leaves by the site's hazard or release.
    expect(hub.departures.mean).toBe(hub.transfersOut.mean);
    expect(hub.population.mean).toBeGreaterThan(hub.departures.mean);
  });
});

describe('attrition rules', () => {
  it('holds a transfer due during a course to its end, but never a release', () => {
    expect(heldDepartWeek(5, 100, 20)).toBe(20);
    expect(heldDepartWeek(5, 12, 20)).toBe(12);
    expect(heldDepartWeek(30, 100, 20)).toBe(30);
    expect(heldDepartWeek(12, 12, 20)).toBe(12);
  });

  it('draws a moved man’s transfer at the receiving rate, never after his release', () => {
    expect(departWeekAfterMove(10, 200, 0, 0.5)).toBe(200);
    // -ln(0.5) / 0.01 = 69.3 weeks from the week after.
    expect(departWeekAfterMove(10, 200, 0.01, 0.5)).toBe(10 + 1 + 69);
    expect(departWeekAfterMove(10, 50, 0.01, 0.5)).toBe(50);
  });

  it('gives the mean of a moved man’s weeks there in closed form', () => {
    // The mean over u of departWeekAfterMove's weeks, by the midpoint rule on 200,000 draws.
    const mean = (left: number, rate: number) => {
      const n = 200_000;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += departWeekAfterMove(0, left, rate, (k + 0.5) / n);
      return sum / n;
    };
    for (const [left, rate] of [
      [1, 0.04],
      [30, 1 / 52],
      [260, 2 / 52],
      [260, 0.15 / 52],
      [500, 0.5],
    ] as const) {
      expect(expectedWeeksAfterMove(left, rate)).toBeCloseTo(mean(left, rate), 1);
    }
    expect(expectedWeeksAfterMove(40, 0)).toBe(40);
    expect(expectedWeeksAfterMove(0, 0.04)).toBe(0);
    expect(expectedWeeksAfterMove(-3, 0.04)).toBe(0);
  });

  it('moves a departure between the per-week lists without losing anyone', () => {
    const people = new People(1, 1, 8);
    const heads = new Int32Array(10).fill(-1);
    const listOf = (w: number) => {
      const out: number[] = [];
      for (let i = heads[w]!; i >= 0; i = people.nextDeparture[i]!) out.push(i);
      return out;
    };
    for (let k = 0; k < 4; k++) {
      const i = people.add();
      people.departWeek[i] = 3;
      people.linkDeparture(heads, i, 3);
    }
    expect(listOf(3)).toEqual([3, 2, 1, 0]);
    rescheduleDeparture(people, heads, 2, 7); // from the middle
    rescheduleDeparture(people, heads, 3, 7); // the head
    rescheduleDeparture(people, heads, 0, 12); // the tail, past the horizon
    expect(listOf(3)).toEqual([1]);
    expect(listOf(7)).toEqual([3, 2]);
    expect(people.departWeek[0]).toBe(12);
  });
});

describe("an arrival's transfer out (transferBefore)", () => {
  // A stream whose next uniform is u.
  const uniform = (u: number) => ({ next: () => u }) as unknown as RandomStream;
  // The plain draw, log always taken: the week it falls in where that is before departure.
  const plain = (week: number, depart: number, rate: number, u: number) => {
    const transfer = week + 1 + Math.floor(-Math.log(1 - u) / rate);
    return transfer < depart ? transfer : -1;
  };

  it("gives the plain draw's week for any uniform, rate and stay, skipping the log only where it cannot fall before departure", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -104, max: 520 }),
        fc.integer({ min: 0, max: 600 }),
        fc.double({ min: 1e-6, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (week, stay, rate, u) => {
          expect(transferBefore(week, week + stay, rate, uniform(u))).toBe(plain(week, week + stay, rate, u));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("gives it at the edges too: where the plain draw's week turns, and where u is the weeks to departure times the rate", () => {
    // Uniforms the random ones seldom hit: each side of 1 - exp(-weeks x rate), where the plain
    // draw moves from the last week before departure to departure, and of weeks x rate, the skip's
    // bound (-log(1 - u) is barely above u there for small rates).
    for (const rate of [1 / 520, 1 / 52, 0.05, 2 / 52, 0.5, 1]) {
      for (let stay = 1; stay <= 80; stay++) {
        const weeks = stay - 1;
        const edges = [1 - Math.exp(-weeks * rate), weeks * rate];
        for (const edge of edges)
          for (const f of [1 - 1e-3, 1 - 1e-9, 1 - 1e-14, 1, 1 + 1e-14, 1 + 1e-9, 1 + 1e-3]) {
            const u = edge * f;
            if (!(u >= 0 && u < 1)) continue;
            expect(transferBefore(10, 10 + stay, rate, uniform(u)), `rate ${rate} stay ${stay} u ${u}`).toBe(
              plain(10, 10 + stay, rate, u),
            );
          }
      }
    }
  });
});
