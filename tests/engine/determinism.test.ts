import { describe, expect, it } from 'vitest';
import { compileScenario, runScenario, simulateBatch, summarize } from '../../src/index.js';
import { establishment, programme, scenario } from './scenarioBuilder.js';

const busy = scenario({
  programmes: [
    programme({
      id: 'tsp',
      eligibility: { attribute: 'ogrs', atLeast: '50-74' },
      completionRate: 0.8,
      minWeeksLeftToStart: 20,
    }),
  ],
  establishments: [
    establishment({
      id: 'a',
      operationalCapacity: 300,
      population: { tables: [], priors: [] },
      flows: { transfersOutPerYear: 0.3 },
      programmes: [{ programme: 'tsp', groupsPerYear: 6 }],
    }),
  ],
});

describe('determinism', () => {
  it('gives the same bytes for the same scenario and seed', () => {
    const a = JSON.stringify(runScenario(busy, { seed: 42, replications: 30 }));
    const b = JSON.stringify(runScenario(busy, { seed: 42, replications: 30 }));
    expect(a).toBe(b);
  });

  it('gives different draws for a different seed', () => {
    const a = runScenario(busy, { seed: 1, replications: 30 });
    const b = runScenario(busy, { seed: 2, replications: 30 });
    expect(a.establishments[0]!.programmes[0]!.unmetNeed).not.toEqual(b.establishments[0]!.programmes[0]!.unmetNeed);
  });

  it('gives identical results however replications are split into batches (workers)', () => {
    const compiled = compileScenario(busy, { seed: 'split', replications: 30 });
    const whole = JSON.stringify(summarize(compiled, [simulateBatch(compiled, 0, 30)]));
    for (const cuts of [[7], [1, 2, 3, 29], [15]]) {
      const edges = [0, ...cuts, 30];
      const batches = edges.slice(1).map((end, k) => simulateBatch(compiled, edges[k]!, end - edges[k]!));
      // Batches may come back in any order.
      expect(JSON.stringify(summarize(compiled, batches.reverse()))).toBe(whole);
    }
  });

  it('keeps a replication the same when the run has more replications', () => {
    const small = compileScenario(busy, { seed: 9, replications: 5 });
    const large = compileScenario(busy, { seed: 9, replications: 50 });
    const a = simulateBatch(small, 3, 1);
    const b = simulateBatch(large, 3, 1);
    expect(Array.from(a.scalars)).toEqual(Array.from(b.scalars));
  });
});
