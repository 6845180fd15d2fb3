import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  loadScenarioText,
  replicationSamples,
  runScenario,
  simulateBatch,
  SimulationContext,
  summarize,
} from '../../src/index.js';
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

  it('gives identical results when batches share one context, in any order (a worker keeps it)', () => {
    // Stafford starts running (a warm-up each replication) and counts needs: every part of the
    // context is used, and its people, ledger and warm-up are left full by each batch.
    const loaded = loadScenarioText(
      readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'),
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    for (const [s, n] of [
      [busy, 30],
      [loaded.scenario, 8],
    ] as const) {
      const compiled = compileScenario(s, { seed: 'context', replications: n });
      expect(compiled.replications).toBe(n);
      const whole = JSON.stringify(summarize(compiled, [simulateBatch(compiled, 0, n)]));
      const context = new SimulationContext(compiled);
      // Later replications first, then one at a time, then a repeat: one context throughout.
      const late = simulateBatch(compiled, 3, n - 3, {}, context);
      const ones = [2, 0, 1].map((r) => simulateBatch(compiled, r, 1, {}, context));
      expect(JSON.stringify(summarize(compiled, [...ones, late]))).toBe(whole);
      expect(Array.from(simulateBatch(compiled, 0, 1, {}, context).scalars)).toEqual(Array.from(ones[1]!.scalars));
    }
  });

  it('refuses a context built for another compiled scenario', () => {
    const a = compileScenario(busy, { seed: 1, replications: 2 });
    const b = compileScenario(busy, { seed: 2, replications: 2 });
    expect(() => simulateBatch(b, 0, 1, {}, new SimulationContext(a))).toThrow(/another compiled scenario/);
  });

  it('keeps a replication the same when the run has more replications', () => {
    const small = compileScenario(busy, { seed: 9, replications: 5 });
    const large = compileScenario(busy, { seed: 9, replications: 50 });
    const a = simulateBatch(small, 3, 1);
    const b = simulateBatch(large, 3, 1);
    expect(Array.from(a.scalars)).toEqual(Array.from(b.scalars));
  });

  // The app's "Stop here" (workers/pool.ts stopEarly) shows a run's first m replications as the
  // results of a run of m: the same bytes, results and paired samples, whatever the run asked for.
  it('summarises the first m replications of a longer run as a run of m (a run stopped early)', () => {
    const files = ['stafford-2014.json', 'region-today.json'];
    const cases = [
      busy,
      ...files.map((f) => {
        const loaded = loadScenarioText(readFileSync(new URL(`../../scenarios/${f}`, import.meta.url), 'utf8'));
        if (!loaded.ok) throw new Error(`${f} does not load`);
        return loaded.scenario;
      }),
    ];
    for (const s of cases) {
      const asked = compileScenario(s, { seed: 'stop', replications: 7 });
      const done = compileScenario(s, { seed: 'stop', replications: 3 });
      const stopped = [simulateBatch(asked, 0, 2), simulateBatch(asked, 2, 1)];
      const whole = [simulateBatch(done, 0, 3)];
      expect(JSON.stringify(summarize(asked, stopped))).toBe(JSON.stringify(summarize(done, whole)));
      const a = replicationSamples(asked, stopped);
      const b = replicationSamples(done, whole);
      expect(a.replications).toBe(3);
      expect(a.keys).toEqual(b.keys);
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
    }
  });
});
