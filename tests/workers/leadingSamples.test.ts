import { describe, expect, it } from 'vitest';
import { LeadingSamples, leadingSamples } from '../../workers/leadingSamples.js';
import type { SimulatedBatch } from '../../workers/api.js';

const KEYS = ['a/*/starts', 'b/*/starts'];

/** A batch of replications [first, first + count) whose count of key k in replication r is 10 k + r. */
function batch(first: number, count: number, samples = true): SimulatedBatch {
  const values = new Float64Array(KEYS.length * count);
  for (let k = 0; k < KEYS.length; k++) for (let i = 0; i < count; i++) values[k * count + i] = 10 * k + first + i;
  return {
    firstReplication: first,
    count,
    scalars: new Float64Array(0),
    series: new Float32Array(0),
    ...(samples ? { samples: values } : {}),
  };
}

describe('LeadingSamples', () => {
  it('joins only the batches back from replication 0 on with no gap, in replication order', () => {
    const leading = new LeadingSamples('s', KEYS);
    expect(leading.samples()).toBeNull();
    expect(leading.progress()).toEqual({});
    leading.add(batch(3, 2)); // ahead of a gap: not yet
    expect(leading.samples()).toBeNull();
    leading.add(batch(0, 2));
    expect(leading.replications).toBe(2);
    expect(Array.from(leading.samples()!.values)).toEqual([0, 1, 10, 11]);
    leading.add(batch(2, 1)); // fills the gap: 0-4 all back
    const s = leading.samples()!;
    expect(s.replications).toBe(5);
    expect(s.seed).toBe('s');
    expect(s.keys).toEqual(KEYS);
    expect(Array.from(s.values)).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    expect(leading.progress()).toEqual({ samples: s });
  });

  it('joins again only when the run from the first grows', () => {
    const leading = new LeadingSamples('s', KEYS);
    leading.add(batch(0, 1));
    const first = leading.samples();
    expect(leading.samples()).toBe(first);
    leading.add(batch(5, 1));
    expect(leading.samples()).toBe(first);
    leading.add(batch(1, 1));
    expect(leading.samples()).not.toBe(first);
  });

  it('skips a batch without counts, or with counts of other keys', () => {
    const leading = new LeadingSamples('s', KEYS);
    leading.add(batch(0, 2, false));
    const other = batch(0, 2);
    other.samples = new Float64Array(3);
    leading.add(other);
    expect(leading.samples()).toBeNull();
  });
});

describe("leadingSamples: a scenario's precision target and whose means it asks of", () => {
  const keys = ['@region/tsp/starts', 'a/tsp/starts', 'b/tsp/starts'];
  /** The region's and a's starts steady (100, 60 +/- 1), b's spread widely (40 +/- 20). */
  function spread(first: number, count: number): SimulatedBatch {
    const values = new Float64Array(keys.length * count);
    for (let i = 0; i < count; i++) {
      const swing = (first + i) % 2 === 0 ? 1 : -1;
      values[i] = 100 + swing;
      values[count + i] = 60 + swing;
      values[2 * count + i] = 40 + 20 * swing;
    }
    return {
      firstReplication: first,
      count,
      scalars: new Float64Array(0),
      series: new Float32Array(0),
      samples: values,
    };
  }
  const shape = (precisionScope?: 'region' | 'everyEstablishment') =>
    ({
      replications: 1_000,
      seed: 's',
      weeks: 3,
      workers: 2,
      sampleKeys: keys,
      precisionTarget: 0.05,
      ...(precisionScope ? { precisionScope } : {}),
    }) as const;

  it("stops on the region's means by default, and on every establishment's where the scenario asks", () => {
    const runs = [undefined, 'region', 'everyEstablishment'] as const;
    const stops = runs.map((scope) => {
      const leading = leadingSamples(shape(scope))!;
      for (let first = 0; first < 1_000 && leading.stopAt === null; first += 7) leading.add(spread(first, 7));
      return leading.stopAt;
    });
    expect(stops[0]).toBe(10);
    expect(stops[1]).toBe(10);
    // b's mean (40, sd 20) is within 5% only once 1.96 x 20 / sqrt(n) <= 2: n of about 385.
    expect(stops[2]).toBe(390);
  });
});
