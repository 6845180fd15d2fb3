/**
 * Sizing a bed-based programme (TC, DTC, PIPE) in beds: the fewest beds whose places (beds x 52 /
 * mean stay) keep the unmet need places can fix under the target, with the chance and borderline
 * outputs groups have.
 */
import { describe, expect, it } from 'vitest';
import { meanStayWeeks, runScenario, sizeProgramme, withBeds } from '../../src/index.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

// A therapeutic community with a year's stay and high drop-out, 10 beds now: far too few for 300
// men of whom those with time left are eligible; leavers are replaced, so men keep joining.
const tc = programme({ id: 'tc', durationWeeks: 52, completionRate: 0.5, minWeeksLeftToStart: 52 });
const base = scenario({
  programmes: [tc],
  establishments: [
    establishment({
      id: 'a',
      operationalCapacity: 300,
      population: {
        tables: [],
        priors: [{ attribute: 'timeLeft', shares: { 'under-6m': 0.3, '6-12m': 0.2, '1-2y': 0.3, '2-4y': 0.2 } }],
      },
      flows: { receptionsPerWeek: null },
      programmes: [{ programme: 'tc', beds: 10 }],
    }),
  ],
  changes: [{ fromWeek: 20, establishment: 'a', set: { kind: 'beds', programme: 'tc', value: 200 } }],
});
const options = { replications: 10, horizonWeeks: 52, seed: 5 };
const request = { establishment: 'a', programme: 'tc', targetUnmetPerYear: 10, maxBeds: 200 };

describe('sizing a bed-based programme in beds', () => {
  const sizing = sizeProgramme(base, request, options);
  const stay = meanStayWeeks(tc);

  it('sizes in beds because the delivery is bed-based, from the beds there now', () => {
    expect(sizing.unit).toBe('beds');
    expect(sizing.currentBeds).toBe(10);
    expect(sizing.meanStayWeeks).toBeCloseTo(0.5 * 52 + 0.5 * 26.5, 9);
    for (const s of sizing.steps) {
      expect(s.groupsPerYear).toBe(0);
      expect(s.concurrentGroups).toBe(0);
      // Each level offers beds x 52 / mean stay places a year (Little's law).
      expect(s.placesPerYear).toBeCloseTo((s.beds! * 52) / stay, 6);
    }
  });

  it('finds the fewest beds meeting the target, and one bed fewer does not', () => {
    const answer = sizing.answer!;
    expect(answer).not.toBeNull();
    expect(answer.beds).toBeGreaterThan(10);
    expect(answer.sustainedUnmetPerYear.mean).toBeLessThanOrEqual(request.targetUnmetPerYear);
    const fewer = sizeProgramme(base, { ...request, maxBeds: answer.beds! - 1 }, options);
    expect(fewer.answer).toBeNull();
    expect(fewer.steps.at(-1)!.sustainedUnmetPerYear.mean).toBeGreaterThan(request.targetUnmetPerYear);
    // Unmet need never rises as beds are added, and the steps are in order of beds.
    const beds = sizing.steps.map((s) => s.beds!);
    expect(beds).toEqual([...beds].sort((a, b) => a - b));
    const unmet = sizing.steps.map((s) => s.sustainedUnmetPerYear.mean);
    for (let k = 1; k < unmet.length; k++) expect(unmet[k]).toBeLessThanOrEqual(unmet[k - 1]! + 1e-9);
  });

  it('gives the chance of meeting the target and marks an interval that crosses it', () => {
    const target = request.targetUnmetPerYear;
    for (const s of sizing.steps) {
      const u = s.sustainedUnmetPerYear;
      expect(s.crossesTarget).toBe(u.p5 <= target && target < u.p95);
      if (s.shareMeetingTarget === 1) expect(u.p95).toBeLessThanOrEqual(target);
      if (s.shareMeetingTarget === 0) expect(u.p5).toBeGreaterThan(target);
    }
    const shares = sizing.steps.map((s) => s.shareMeetingTarget!);
    expect(shares[0]).toBe(0);
    expect(sizing.answer!.shareMeetingTarget).toBeGreaterThan(0);
  });

  it('clears the list at the start with extra beds held for a year', () => {
    const today = runScenario(withBeds(base, 'a', 'tc', 10), options).establishments[0]!.programmes[0]!;
    expect(today.waitingAtStart.mean).toBeGreaterThan(20);
    expect(sizing.clearing.waitingAtStart).toEqual(today.waitingAtStart);
    expect(sizing.clearing.places).toBe(Math.ceil(today.waitingAtStart.mean));
    expect(sizing.clearing.groups).toBe(0);
    expect(sizing.clearing.beds).toBe(Math.ceil((sizing.clearing.places * stay) / 52));
  });

  it('sets aside scheduled bed changes and never gives a delivery both beds and groups', () => {
    const steady = withBeds(base, 'a', 'tc', 30);
    expect(steady.changes).toEqual([]);
    expect(steady.establishments[0]!.programmes[0]).toMatchObject({ beds: 30, groupsPerYear: 0 });
  });

  it('gives the same answer, within a few beds, on one- and three-year horizons', () => {
    const threeYears = sizeProgramme(base, request, { ...options, horizonWeeks: 156 });
    // A bed is a fraction of a group's places a year: within one year-long stay's worth of a group.
    expect(Math.abs(threeYears.answer!.beds! - sizing.answer!.beds!)).toBeLessThanOrEqual(Math.ceil((10 * stay) / 52));
  });

  it('refuses a limit on groups at once for beds, and sizes groups when asked', () => {
    expect(() => sizeProgramme(base, { ...request, maxConcurrentGroups: 2 }, options)).toThrow(/groups at once/);
    const groups = sizeProgramme(base, { ...request, unit: 'groups', maxGroupsPerYear: 4 }, options);
    expect(groups.unit).toBe('groups');
    expect(groups.steps.every((s) => s.beds === undefined)).toBe(true);
  });
});
