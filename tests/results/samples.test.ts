import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  leadingReplications,
  pairedDifference,
  replicationSamples,
  sampleKey,
  samplesOf,
  shareAtOrUnder,
  simulateBatch,
  sizeProgramme,
  summarize,
  withGroupsPerYear,
  type Scenario,
} from '../../src/index.js';
import { twoPrisonsWithTsp } from '../engine/scenarioBuilder.js';

const base = twoPrisonsWithTsp();
const options = { replications: 24, horizonWeeks: 52, seed: 11 };

function run(s: Scenario, split: number[]) {
  const compiled = compileScenario(s, options);
  let first = 0;
  const batches = split.map((count) => {
    const b = simulateBatch(compiled, first, count);
    first += count;
    return b;
  });
  return { results: summarize(compiled, batches), samples: replicationSamples(compiled, batches.reverse()) };
}

describe('per-replication samples and paired differences', () => {
  it("keep, cut to a run's first replications, that shorter run's own samples", () => {
    const long = run(base, [10, 14]).samples;
    const compiled = compileScenario(base, { ...options, replications: 7 });
    const own = replicationSamples(compiled, [simulateBatch(compiled, 0, 7)]);
    const cut = leadingReplications(long, 7);
    expect(cut).not.toBeNull();
    expect(cut!.replications).toBe(7);
    expect(cut!.keys).toEqual(own.keys);
    expect(Array.from(cut!.values)).toEqual(Array.from(own.values));
    expect(leadingReplications(long, 24)).toBe(long);
    expect(leadingReplications(long, 25)).toBeNull();
    expect(leadingReplications(long, 0)!.values.length).toBe(0);
  });

  it('hold the same counts the summary reports, whatever the split into batches', () => {
    const one = run(base, [24]);
    const three = run(base, [5, 10, 9]);
    expect(Array.from(three.samples.values)).toEqual(Array.from(one.samples.values));
    const starts = samplesOf(one.samples, sampleKey('a', 'tsp', 'starts'))!;
    const mean = starts.reduce((x, y) => x + y, 0) / starts.length;
    expect(mean).toBeCloseTo(one.results.establishments[0]!.programmes[0]!.starts.mean, 9);
    // The region and "every programme" keys are sums, replication by replication.
    const a = samplesOf(one.samples, sampleKey('a', '*', 'unmetNeed'))!;
    const b = samplesOf(one.samples, sampleKey('b', '*', 'unmetNeed'))!;
    const region = samplesOf(one.samples, sampleKey('@region', '*', 'unmetNeed'))!;
    expect(Array.from(region)).toEqual(Array.from(a).map((v, r) => v + b[r]!));
  });

  it('pairs replications: a run against itself differs by exactly 0, an edit only where it acts', () => {
    const ref = run(base, [24]).samples;
    const same = pairedDifference(ref, run(base, [12, 12]).samples, sampleKey('@region', '*', 'starts'))!;
    expect(same).toEqual({ mean: 0, p5: 0, p50: 0, p95: 0 });
    const cut = run(withGroupsPerYear(base, 'a', 'tsp', 2), [24]).samples;
    const d = pairedDifference(ref, cut, sampleKey('a', 'tsp', 'starts'))!;
    expect(d.p95).toBeLessThan(0);
    // The paired interval is narrower than the spread of either run on its own.
    const spread = (s: Float64Array) => Math.max(...s) - Math.min(...s);
    const waiting = sampleKey('@region', '*', 'unmetNeed');
    const dw = pairedDifference(ref, cut, waiting)!;
    expect(dw.p5).toBeGreaterThan(0);
    expect(spread(samplesOf(ref, waiting)!)).toBeGreaterThan(0);
    expect(dw.p95 - dw.p5).toBeLessThan(spread(samplesOf(ref, waiting)!));
  });

  it('will not pair runs with different seeds', () => {
    const ref = run(base, [24]).samples;
    const other = { ...ref, seed: 'other' };
    expect(pairedDifference(ref, other, sampleKey('a', 'tsp', 'starts'))).toBeNull();
  });

  it('counts the share of values at or under a limit', () => {
    expect(shareAtOrUnder([1, 2, 3, 4], 2)).toBe(0.5);
    expect(shareAtOrUnder([], 2)).toBe(0);
  });
});

describe('sizing reports the chance of meeting the target and the list at the start', () => {
  it('gives each level the share of replications at or under the target, rising with groups', () => {
    // Everyone suitable and completing: those found not suitable or dropping out are unmet need
    // (deselectedOrNotSuitable) that no number of groups fixes, and sizing still targets all
    // unmet need, not the part places can fix.
    const allSuitable = {
      ...base,
      programmes: base.programmes.map((p) => ({ ...p, suitabilityRate: 1, completionRate: 1 })),
    };
    const sizing = sizeProgramme(
      allSuitable,
      { establishment: 'a', programme: 'tsp', targetUnmetPerYear: 10 },
      options,
    );
    for (const s of sizing.steps) {
      expect(s.shareMeetingTarget).toBeGreaterThanOrEqual(0);
      expect(s.shareMeetingTarget).toBeLessThanOrEqual(1);
      expect(s.waitingAtStart!.mean).toBeGreaterThan(0);
      expect(s.joiningPerYear!.mean).toBeGreaterThan(0);
    }
    const shares = sizing.steps.map((s) => s.shareMeetingTarget!);
    expect([...shares].sort((x, y) => x - y)).toEqual(shares);
    expect(sizing.steps.at(-1)!.shareMeetingTarget).toBeGreaterThan(sizing.steps[0]!.shareMeetingTarget!);
  });
});
