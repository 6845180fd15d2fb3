import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Scenario } from '../../src/index.js';
import {
  estimatedRunMs,
  isLargeRun,
  peopleSimulated,
  personWeeks,
  provisionalReplications,
  WARM_UP,
  warmUpFor,
} from '../../web/runs/pace.js';

function scenario(name: string, replications?: number): Scenario {
  const doc = JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));
  if (replications !== undefined) doc.replications = replications;
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.scenario;
}

describe('the pace of a run, before it starts', () => {
  it('previews a few replications a worker: more for one prison than for the region', () => {
    const stafford = provisionalReplications(scenario('stafford-2014'), 2);
    const region = provisionalReplications(scenario('west-midlands-2014'), 2);
    expect(stafford).toBeGreaterThan(region);
    expect(stafford % 2).toBe(0);
    expect(region).toBeGreaterThanOrEqual(2);
    expect(stafford).toBeLessThanOrEqual(20);
  });

  it('skips the preview when the whole run is hardly longer', () => {
    expect(provisionalReplications(scenario('stafford-2014', 12), 2)).toBe(0);
    expect(provisionalReplications(scenario('stafford-2014', 12), 1)).toBeGreaterThan(0);
  });

  it('calls a 20,000-replication Stafford run large, and the built-ins as they ship not', () => {
    expect(isLargeRun(scenario('stafford-2014', 20000), 2)).toBe(true);
    for (const name of ['stafford-2014', 'wymott-2014', 'leicester-2014', 'west-midlands-2014'])
      expect(isLargeRun(scenario(name), 2)).toBe(false);
    expect(estimatedRunMs(scenario('west-midlands-2014'), 2)).toBeGreaterThan(
      10 * estimatedRunMs(scenario('stafford-2014'), 2),
    );
  });

  it('warms the workers up after a run of one prison or a few, not of the region', () => {
    for (const name of ['stafford-2014', 'wymott-2014', 'leicester-2014'])
      expect(warmUpFor(scenario(name))).toEqual(WARM_UP);
    expect(warmUpFor(scenario('west-midlands-2014'))).toBeNull();
    // Three prisons, but a 520-week warm-up: estimated at 50 ms a replication, over a quick run's 30
    // (measured in Node with a 1-year window: 114 ms).
    expect(warmUpFor(scenario('region-today'))).toBeNull();
    // Enough compiled scenarios that the engine's code stops being specialised to one (api.ts, warm).
    expect(WARM_UP.rounds).toBeGreaterThanOrEqual(3);
  });
});

describe('the work of a replication', () => {
  it('counts the running start: a 312-week warm-up is more work than the default, an empty start none', () => {
    const wymott = scenario('wymott-2014');
    expect(wymott.start.warmupWeeks).toBe(312);
    const shorter: Scenario = { ...wymott, start: { ...wymott.start, warmupWeeks: 104 } };
    const empty: Scenario = { ...wymott, start: { ...wymott.start, mode: 'empty' } };
    expect(personWeeks(empty)).toBe(peopleSimulated(wymott) * 52);
    expect(personWeeks(shorter)).toBe(peopleSimulated(wymott) * (52 + 52));
    expect(personWeeks(wymott)).toBe(peopleSimulated(wymott) * (52 + 156));
  });
});
