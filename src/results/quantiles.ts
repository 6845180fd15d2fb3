/**
 * Mean and percentiles over replications, without the allocations of a general statistics
 * library: summaries ask for them hundreds of thousands of times on a national run (every count
 * of every programme at every establishment, and every week of every series).
 *
 * The numbers are bit-for-bit those of simple-statistics, which the results were first computed
 * with: its mean is a compensated (Kahan-Babuska) sum over the values in order, and its quantile
 * interpolates between order statistics as numpy's default (type 7). Order statistics do not
 * depend on how they are found, so a sort gives the same values as its selection; with a NaN
 * (which has no order) we hand over to simple-statistics itself.
 */
import { quantile as libraryQuantile } from 'simple-statistics';

/** simple-statistics' `sum`: Kahan-Babuska summation, values in order. */
export function compensatedSum(x: ArrayLike<number>, n: number = x.length): number {
  if (n === 0) return 0;
  let sum = x[0] as number;
  let correction = 0;
  for (let i = 1; i < n; i++) {
    const v = x[i] as number;
    const transition = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) correction += sum - transition + v;
    else correction += v - transition + sum;
    sum = transition;
  }
  return sum + correction;
}

/** simple-statistics' `quantileSorted` on the first `n` values of an ascending array. */
export function quantileOfSorted(sorted: Float64Array, n: number, p: number): number {
  if (p === 1) return sorted[n - 1] as number;
  if (p === 0) return sorted[0] as number;
  const idx = (n - 1) * p;
  if (idx % 1 !== 0) {
    const lower = Math.floor(idx);
    const upper = Math.ceil(idx);
    const fraction = idx - lower;
    const low = sorted[lower] as number;
    return low + fraction * ((sorted[upper] as number) - low);
  }
  return sorted[idx] as number;
}

/**
 * Copies `values` into `into` (the same length) and sorts it ascending; false, with `into` left
 * unsorted, when a value is NaN (no order: ask simple-statistics, as `libraryQuantiles` does).
 */
export function sortInto(values: Float64Array, into: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v !== v) return false;
    into[i] = v;
  }
  into.sort();
  return true;
}

/** simple-statistics' own quantiles, for values it alone can order (with NaN). */
export function libraryQuantiles(values: Float64Array, ps: readonly number[]): number[] {
  return libraryQuantile(Array.from(values), [...ps]) as number[];
}
