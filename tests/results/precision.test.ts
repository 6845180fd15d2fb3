import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileScenario,
  loadScenarioText,
  meanPrecision,
  replicationSamples,
  simulateBatch,
  type ReplicationSamples,
} from '../../src/index.js';

/** Samples of the given keys, each with its values over the replications. */
function samplesOf(byKey: Record<string, number[]>): ReplicationSamples {
  const keys = Object.keys(byKey);
  const R = byKey[keys[0]!]!.length;
  const values = new Float64Array(keys.length * R);
  keys.forEach((k, i) => values.set(byKey[k]!, i * R));
  return { seed: '1', replications: R, keys, values };
}

describe('meanPrecision', () => {
  it("gives a mean's 95% half-width from Student's t: closed form", () => {
    // Mean 13, variance 20/3, t(0.975, 3) = 3.18245: 3.18245 * sqrt(20/3) / 2.
    const p = meanPrecision(samplesOf({ 'a/tsp/starts': [10, 12, 14, 16] }), 'a');
    expect(p?.replications).toBe(4);
    expect(p?.figures).toBe(1);
    expect(p?.widest?.mean).toBe(13);
    expect(p?.widest?.halfWidth).toBeCloseTo((3.182446 * Math.sqrt(20 / 3)) / 2, 4);
    expect(p?.widest?.relative).toBeCloseTo(p!.widest!.halfWidth / 13, 12);
  });

  it("reads only the scope's programmes' starts, completions and unmet need, of means of 5 or more", () => {
    const p = meanPrecision(
      samplesOf({
        'a/tsp/starts': [50, 52, 48, 50],
        'a/tsp/unmetNeed': [20, 30, 10, 20], // the widest
        'a/tsp/waitingAtEnd': [1, 100, 1, 100], // not a measure read
        'a/*/unmetNeed': [1, 100, 1, 100], // every programme: not a programme's
        'a/resolve/unmetNeed': [0, 1, 9, 0], // mean 2.5: left out
        'b/tsp/starts': [1, 100, 1, 100], // another establishment
      }),
      'a',
    );
    expect(p?.figures).toBe(2);
    expect(p?.widest).toMatchObject({ programme: 'tsp', measure: 'unmetNeed', mean: 20 });
  });

  it('keeps to the programmes it is given, where it is given some (those a view shows)', () => {
    const samples = samplesOf({
      'a/tsp/starts': [50, 52, 48, 50],
      'a/hidden/unmetNeed': [20, 30, 10, 20], // wider, of a programme the view leaves out
    });
    expect(meanPrecision(samples, 'a')?.widest?.programme).toBe('hidden');
    const shown = meanPrecision(samples, 'a', 5, new Set(['tsp']));
    expect(shown?.figures).toBe(1);
    expect(shown?.widest).toMatchObject({ programme: 'tsp', measure: 'starts', mean: 50 });
  });

  it('says nothing with one replication, or where no mean is large enough', () => {
    expect(meanPrecision(samplesOf({ 'a/tsp/starts': [40] }), 'a')).toBeNull();
    expect(meanPrecision(samplesOf({ 'a/tsp/starts': [1, 2, 3] }), 'a')).toEqual({
      replications: 3,
      figures: 0,
      widest: null,
    });
  });

  it('narrows as replications grow, about as one over their square root', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 10, max: 60 }), { minLength: 8, maxLength: 8 }), (base) => {
        // The same values four times over: the same spread, four times the replications.
        fc.pre(new Set(base).size > 1);
        const once = meanPrecision(samplesOf({ 'a/tsp/starts': base }), 'a')!.widest!;
        const four = meanPrecision(samplesOf({ 'a/tsp/starts': [...base, ...base, ...base, ...base] }), 'a')!.widest!;
        expect(four.mean).toBeCloseTo(once.mean, 9);
        expect(four.halfWidth).toBeLessThan(once.halfWidth / 2);
        expect(four.halfWidth).toBeGreaterThan(once.halfWidth / 3);
      }),
    );
  });

  it("covers HMP Stafford's long-run TSP unmet need about 95 times in 100 (batches of 8 replications)", () => {
    const loaded = loadScenarioText(
      readFileSync(new URL('../../scenarios/stafford-2014.json', import.meta.url), 'utf8'),
    );
    if (!loaded.ok) throw new Error('stafford does not load');
    const compiled = compileScenario(loaded.scenario, { seed: 'precision', replications: 320 });
    const all = replicationSamples(compiled, [simulateBatch(compiled, 0, 320)]);
    const key = all.keys.indexOf('stafford/tsp/unmetNeed');
    const values = all.values.subarray(key * 320, (key + 1) * 320);
    const longRun = values.reduce((a, b) => a + b, 0) / 320;
    let covered = 0;
    for (let b = 0; b < 40; b++) {
      const batch = samplesOf({ 'stafford/tsp/unmetNeed': Array.from(values.subarray(b * 8, b * 8 + 8)) });
      const w = meanPrecision(batch, 'stafford')!.widest!;
      if (Math.abs(w.mean - longRun) <= w.halfWidth) covered++;
    }
    // 95% intervals from 40 independent batches: 38 expected; under 33 has about a 1 in 1,400 chance.
    expect(covered).toBeGreaterThanOrEqual(33);
  });
});
