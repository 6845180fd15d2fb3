import { describe, expect, it } from 'vitest';
import { runScenario, sizeProgramme, withGroupsPerYear } from '../../src/index.js';
import { establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';

// 200 eligible people with 1-2 years left who need half a year left to start, nearest release
// first: windows close between weeks 27 and 79, so unmet need falls as groups of 10 are added.
const base = scenario({
  programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 26, durationWeeks: 10, priority: [{ by: 'releaseDate' }] })],
  establishments: [
    establishment({
      id: 'a',
      operationalCapacity: 200,
      population: { tables: [], priors: [timeLeftPrior('1-2y')] },
      flows: { receptionsPerWeek: 0 },
      programmes: [{ programme: 'tsp', groupsPerYear: 2 }],
    }),
  ],
  changes: [{ fromWeek: 10, establishment: 'a', set: { kind: 'groupsPerYear', programme: 'tsp', value: 40 } }],
});
const options = { replications: 10, horizonWeeks: 52, seed: 3 };

describe('sizing a programme', () => {
  it('finds the fewest whole groups a year meeting the target, and one fewer does not', () => {
    const target = 20;
    const sizing = sizeProgramme(
      base,
      { establishment: 'a', programme: 'tsp', targetUnmetPerYear: target, maxGroupsPerYear: 30 },
      options,
    );
    const answer = sizing.answer!;
    expect(answer).not.toBeNull();
    expect(answer.unmetNeedPerYear.mean).toBeLessThanOrEqual(target);
    const fewer = sizeProgramme(
      base,
      { establishment: 'a', programme: 'tsp', targetUnmetPerYear: target, maxGroupsPerYear: answer.groupsPerYear - 1 },
      options,
    );
    expect(fewer.answer).toBeNull();
    // Unmet need never rises as groups are added (the levels share their random numbers).
    const unmet = sizing.steps.map((s) => s.unmetNeedPerYear.mean);
    for (let k = 1; k < unmet.length; k++) expect(unmet[k]).toBeLessThanOrEqual(unmet[k - 1]! + 1e-9);
  });

  it('says so when no level up to the maximum meets the target', () => {
    const sizing = sizeProgramme(
      base,
      { establishment: 'a', programme: 'tsp', targetUnmetPerYear: 0, maxGroupsPerYear: 1 },
      options,
    );
    expect(sizing.answer).toBeNull();
  });

  it('sizes with a steady level: scheduled changes to that programme there are set aside', () => {
    const steady = withGroupsPerYear(base, 'a', 'tsp', 5);
    expect(steady.changes).toEqual([]);
    const r = runScenario(steady, options).establishments[0]!.programmes[0]!;
    expect(r.placesPerYear).toBe(50);
  });

  it('adds the programme to an establishment that did not deliver it', () => {
    const none = withGroupsPerYear(
      { ...base, establishments: [{ ...base.establishments[0]!, programmes: [] }] },
      'a',
      'tsp',
      3,
    );
    expect(none.establishments[0]!.programmes).toEqual([
      { programme: 'tsp', groupsPerYear: 3, acceptsReferrals: false },
    ]);
  });
});
