/**
 * Attrition counted once (attrition.ts): the completion rate is the share of starters who
 * complete, whatever the transfers; men on a course are held; a man moved for treatment takes the
 * receiving establishment's hazards.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/index.js';
import { People } from '../../src/engine/people.js';
import { departWeekAfterMove, heldDepartWeek, rescheduleDeparture } from '../../src/engine/attrition.js';
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
