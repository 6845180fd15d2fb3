import { describe, expect, it } from 'vitest';
import { LeadingSamples } from '../../workers/leadingSamples.js';
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
