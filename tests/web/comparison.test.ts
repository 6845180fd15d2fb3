import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  replicationSamples,
  simulateBatch,
  summarize,
  withGroupsPerYear,
  type Scenario,
} from '../../src/index.js';
import { compareRuns, type RunSide } from '../../web/results/comparison.js';
import { twoPrisonsWithTsp } from '../engine/scenarioBuilder.js';

const base = twoPrisonsWithTsp();

/** A run of `replications` as the page holds it (results and samples), its file's target set where given. */
function side(s: Scenario, replications: number, precisionTarget?: number): RunSide {
  const file = precisionTarget === undefined ? s : { ...s, precisionTarget };
  const compiled = compileScenario(file, { replications, horizonWeeks: 52, seed: 3 });
  const batches = [simulateBatch(compiled, 0, replications)];
  return {
    label: String(replications),
    results: summarize(compiled, batches),
    samples: replicationSamples(compiled, batches),
  };
}

const more = withGroupsPerYear(base, 'a', 'tsp', 9);

describe('compareRuns', () => {
  it('pairs two runs that stopped at their precision target after different replications over the first of both', () => {
    const stopped = compareRuns(side(base, 30, 0.05), side(more, 40, 0.05));
    expect(stopped.paired).toBe(true);
    expect(stopped.pairedOverFirst).toBe(30);
    // The same as the two files asked for 30 replications each, figure by figure.
    const asked = compareRuns(side(base, 30), side(more, 30));
    expect(asked.pairedOverFirst).toBeNull();
    expect(stopped.headline).toEqual(asked.headline);
    expect(stopped.detail).toEqual(asked.detail);
  });

  it('leaves runs of different replications with no target unpaired, and says why', () => {
    const c = compareRuns(side(base, 30), side(more, 40));
    expect(c.paired).toBe(false);
    expect(c.pairedOverFirst).toBeNull();
    expect(c.unpairedReason).toMatch(/different numbers of replications \(30 and 40\)/);
  });
});
