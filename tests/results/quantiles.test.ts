import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, quantile } from 'simple-statistics';
import {
  compensatedSum,
  libraryQuantiles,
  quantileOfSorted,
  SortScratch,
  sortInto,
  sortRangeInto,
  tailQuantiles,
} from '../../src/results/quantiles.js';
import { stat } from '../../src/results/summarize.js';

/** A small deterministic generator: the test needs varied values, not a seeded stream. */
function values(n: number, seed: number, ties: boolean): Float64Array {
  let x = seed;
  return Float64Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    const u = x / 2147483648;
    return ties ? Math.floor(u * 5) : (u - 0.3) * 1e3 + 1e-7 * u;
  });
}

describe('summary quantiles', () => {
  it('match simple-statistics bit for bit, whatever the count and ties', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 10, 20, 21, 63, 64, 65, 100, 300, 1000, 1001]) {
      for (const ties of [false, true]) {
        const v = values(n, n * 7 + (ties ? 1 : 0), ties);
        const sorted = new Float64Array(n);
        expect(sortInto(v, sorted)).toBe(true);
        for (const p of [0, 0.05, 0.5, 0.95, 1]) {
          expect(Object.is(quantileOfSorted(sorted, n, p), quantile(Array.from(v), p))).toBe(true);
        }
        expect(Object.is(compensatedSum(v) / n, mean(Array.from(v)))).toBe(true);
        // Selection (large counts) places the same order statistics as a sort.
        const selected = new Float64Array(n);
        expect(sortInto(v, selected, [0.05, 0.5, 0.95])).toBe(true);
        for (const p of [0.05, 0.5, 0.95]) {
          expect(Object.is(quantileOfSorted(selected, n, p), quantile(Array.from(v), p))).toBe(true);
        }
        const s = stat(v);
        const [p5, p50, p95] = quantile(Array.from(v), [0.05, 0.5, 0.95]);
        const constant = new Set(v).size === 1;
        expect(s).toEqual(
          constant ? { mean: v[0], p5: v[0], p50: v[0], p95: v[0] } : { mean: mean(Array.from(v)), p5, p50, p95 },
        );
      }
    }
  });

  it('sort whole numbers by counting exactly as a sort would: negatives, -0, wide and narrow ranges', () => {
    const cases = [
      Float64Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) - 50), // narrow: counted
      Float64Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) * 1000), // wide: selected
      Float64Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? -0 : i % 5)), // -0 keeps its sign
      Float64Array.from({ length: 80 }, (_, i) => (i % 7) + (i === 40 ? 0.5 : 0)), // one fraction
      // Short columns (sorted by insertion) with -0 among 0s, and fractions with ties.
      Float64Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? -0 : (i % 4) - 1)),
      Float64Array.from({ length: 16 }, (_, i) => ((i * 7) % 5) / 4 - 0.5),
    ];
    for (const v of cases) {
      const n = v.length;
      const sorted = new Float64Array(n);
      expect(sortInto(v, sorted)).toBe(true);
      const reference = Float64Array.from(v).sort();
      for (let i = 0; i < n; i++) expect(Object.is(sorted[i], reference[i])).toBe(true);
      // Stats of columns of different lengths one after another share a buffer: none leaks into the next.
      const [p5, p50, p95] = quantile(Array.from(v), [0.05, 0.5, 0.95]);
      expect(stat(v)).toEqual({ mean: mean(Array.from(v)), p5, p50, p95 });
    }
  });

  it('sort a column read in place from a longer array as the column itself', () => {
    for (const n of [3, 10, 16, 17, 50, 64, 200]) {
      const all = values(3 * n, n, n % 2 === 0);
      const sorted = new Float64Array(n);
      expect(sortRangeInto(all, n, n, sorted, [0.05, 0.95])).toBe(true);
      const column = all.slice(n, 2 * n);
      for (const p of [0.05, 0.95]) {
        expect(Object.is(quantileOfSorted(sorted, n, p), quantile(Array.from(column), p))).toBe(true);
      }
    }
  });

  it('find the two tail percentiles of a column as a sort would, bit for bit', () => {
    // Columns of whole numbers (counts, many ties), fractions, negatives and huge values, from
    // one value to more than the buffers first hold, read in place from a longer array.
    const value = fc.oneof(
      fc.integer({ min: -3, max: 40 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v)),
      fc.constantFrom(0, 1, Infinity, -Infinity, 1e300, -1e-300),
    );
    const percentile = fc.constantFrom(0, 0.01, 0.05, 0.25, 0.5, 0.95, 0.99, 1);
    const scratch = new SortScratch();
    const out = new Float64Array(2);
    let found = 0;
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 300 }),
        fc.nat(5),
        percentile,
        percentile,
        (column, before, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const all = Float64Array.from([...Array<number>(before).fill(7), ...column, 7]);
          const n = column.length;
          // Long tails (a percentile far from either end of a long column) are left to a sort.
          if (!tailQuantiles(all, before, n, low, high, out, scratch)) {
            expect(Math.max(Math.ceil((n - 1) * low) + 1, n - Math.floor((n - 1) * high))).toBeGreaterThan(32);
            return;
          }
          found++;
          const sorted = Float64Array.from(column).sort();
          expect(Object.is(out[0], quantileOfSorted(sorted, n, low))).toBe(true);
          expect(Object.is(out[1], quantileOfSorted(sorted, n, high))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
    expect(found).toBeGreaterThan(200);
    // And the bands' own case: 100 replications' counts, 5th and 95th percentiles.
    for (const ties of [false, true]) {
      const v = values(100, ties ? 5 : 6, ties);
      expect(tailQuantiles(v, 0, 100, 0.05, 0.95, out, scratch)).toBe(true);
      expect([out[0], out[1]]).toEqual(quantile(Array.from(v), [0.05, 0.95]));
    }
  });

  it('leave a column with NaN or -0, or long tails, to a sort', () => {
    const out = Float64Array.from([9, 9]);
    const scratch = new SortScratch();
    expect(tailQuantiles(Float64Array.from([3, 1, NaN, 2]), 0, 4, 0.05, 0.95, out, scratch)).toBe(false);
    expect(tailQuantiles(Float64Array.from([3, -0, 0, 2]), 0, 4, 0.05, 0.95, out, scratch)).toBe(false);
    expect(tailQuantiles(new Float64Array(0), 0, 0, 0.05, 0.95, out, scratch)).toBe(false);
    // 2,000 replications: 101 values at each end, more than are worth keeping in order.
    expect(tailQuantiles(values(2000, 3, false), 0, 2000, 0.05, 0.95, out, scratch)).toBe(false);
    expect(Array.from(out)).toEqual([9, 9]);
  });

  it('leave the values in their order and hand NaN to the library', () => {
    const v = Float64Array.from([3, 1, NaN, 2]);
    const into = new Float64Array(4);
    expect(sortInto(v, into)).toBe(false);
    expect(Array.from(v)).toEqual([3, 1, NaN, 2]);
    expect(libraryQuantiles(v, [0.5])).toEqual(quantile([3, 1, NaN, 2], [0.5]));
  });

  it('give a constant column its value without sorting', () => {
    expect(stat(Float64Array.from([4, 4, 4]))).toEqual({ mean: 4, p5: 4, p50: 4, p95: 4 });
    expect(stat(new Float64Array(0))).toEqual({ mean: 0, p5: 0, p50: 0, p95: 0 });
  });
});
