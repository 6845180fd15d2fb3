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
 * Buffers reused by every sort of one summary (a national summary sorts hundreds of thousands of
 * columns): made by the summary and passed in, so no summary shares state with another.
 */
export class SortScratch {
  /** Counts for a counting sort; grown as needed. */
  histogram = new Int32Array(0);
  /** Order statistics of one stat's values; reallocated when the number of replications changes. */
  sorted = new Float64Array(0);
  /** tailQuantiles' smallest values (ascending) and largest (descending); grown as needed. */
  smallest = new Float64Array(0);
  largest = new Float64Array(0);

  /** A buffer of `n` values for sorting into. */
  sortedOf(n: number): Float64Array {
    if (this.sorted.length !== n) this.sorted = new Float64Array(n);
    return this.sorted;
  }
}

/** Below this many values a sort is as quick as selecting; above it selection wins. */
const SORT_BELOW = 64;

/**
 * Copies `values` into `into` (the same length) and puts the order statistics that percentiles
 * `ps` read (floor and ceiling of each position) where a sort would: the whole array sorted for
 * a few values, else each position selected in turn (quickselect). False, with `into` unordered,
 * when a value is NaN (no order: ask simple-statistics, as `libraryQuantiles` does).
 */
export function sortInto(
  values: Float64Array,
  into: Float64Array,
  ps: readonly number[] = [],
  scratch: SortScratch = new SortScratch(),
): boolean {
  return sortRangeInto(values, 0, values.length, into, ps, scratch);
}

/** sortInto on the `n` values of `values` from `offset` on (a week's column of a band, read in place). */
export function sortRangeInto(
  values: Float64Array,
  offset: number,
  n: number,
  into: Float64Array,
  ps: readonly number[] = [],
  scratch: SortScratch = new SortScratch(),
): boolean {
  // Most columns are counts: whole numbers in a narrow range, sorted by counting in two passes.
  let whole = true;
  let negativeZero = false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[offset + i] as number;
    if (v !== v) return false;
    into[i] = v;
    if (v === 0 && 1 / v < 0) negativeZero = true;
    if (whole) {
      // -0 counted as 0 would lose its sign: leave it to the comparison sort.
      if (v !== Math.floor(v) || (v === 0 && 1 / v < 0)) whole = false;
      else if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (whole && n >= SORT_BELOW && max - min < COUNT_RANGE_PER_VALUE * n) {
    countingSort(into, n, min, max, scratch);
    return true;
  }
  // A few values (a national run's ten replications) sort quicker inline than through the
  // built-in sort, which alone puts -0 before 0.
  if (n <= INSERTION_UP_TO && !negativeZero) {
    insertionSort(into, n);
    return true;
  }
  if (n < SORT_BELOW || ps.length === 0) {
    (into.length === n ? into : into.subarray(0, n)).sort();
    return true;
  }
  // Positions in increasing order: each selection leaves everything after it no smaller, so
  // the next one searches only what follows.
  let from = 0;
  for (const p of ps) {
    const idx = (n - 1) * p;
    for (const k of [Math.floor(idx), Math.ceil(idx)]) {
      if (k < from) continue;
      select(into, k, from, n - 1);
      from = k + 1;
    }
  }
  return true;
}

/**
 * tailQuantiles keeps at most this many values at either end: a value kept is shifted into place,
 * and with longer tails (5th and 95th percentiles of more than about 600 replications) a sort was
 * as quick (Stafford's summary at 1,000 replications) or quicker (at 2,000).
 */
const MOST_KEPT = 32;

/**
 * quantileOfSorted at `low` and `high` (0 <= low <= high <= 1) of the `n` values of `values` from
 * `offset` on, into out[0] and out[1], without ordering the column: it is read once, keeping only
 * the few smallest values and the few largest (the order statistics those two percentiles read)
 * in two short sorted buffers. The same order statistics as a sort, so the same numbers to the
 * bit. False, out unset, where a value is NaN or -0, which comparisons cannot place as a sort
 * does, or where either tail is longer than MOST_KEPT: then sort (sortRangeInto).
 *
 * Why: a weekly band asks for the 5th and 95th percentiles of every week of every series, and
 * at 100 replications these are the 5th and 6th smallest and largest of 100 values. Ordering the
 * column (counting or selection) was most of a national summary's 2 s there.
 */
export function tailQuantiles(
  values: Float64Array,
  offset: number,
  n: number,
  low: number,
  high: number,
  out: Float64Array,
  scratch: SortScratch,
): boolean {
  if (n === 0) return false;
  // Order statistics read: up to ceil((n - 1) * low) from the bottom, from floor((n - 1) * high) up.
  const keepSmall = Math.ceil((n - 1) * low) + 1;
  const keepLarge = n - Math.floor((n - 1) * high);
  if (keepSmall > MOST_KEPT || keepLarge > MOST_KEPT) return false;
  if (scratch.smallest.length < keepSmall) scratch.smallest = new Float64Array(keepSmall);
  if (scratch.largest.length < keepLarge) scratch.largest = new Float64Array(keepLarge);
  const small = scratch.smallest;
  const large = scratch.largest;
  let smallCount = 0;
  let largeCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[offset + i] as number;
    if (v !== v || (v === 0 && 1 / v < 0)) return false;
    // Equal values need not all be kept: which of them is, the order statistics do not show.
    if (smallCount < keepSmall || v < (small[keepSmall - 1] as number)) {
      let j = smallCount < keepSmall ? smallCount++ : keepSmall - 1;
      while (j > 0 && (small[j - 1] as number) > v) {
        small[j] = small[j - 1] as number;
        j--;
      }
      small[j] = v;
    }
    if (largeCount < keepLarge || v > (large[keepLarge - 1] as number)) {
      let j = largeCount < keepLarge ? largeCount++ : keepLarge - 1;
      while (j > 0 && (large[j - 1] as number) < v) {
        large[j] = large[j - 1] as number;
        j--;
      }
      large[j] = v;
    }
  }
  // Where a sort would put them, for quantileOfSorted: the positions it reads are all filled.
  const sorted = scratch.sortedOf(n);
  for (let j = 0; j < keepSmall; j++) sorted[j] = small[j] as number;
  for (let j = 0; j < keepLarge; j++) sorted[n - 1 - j] = large[j] as number;
  out[0] = quantileOfSorted(sorted, n, low);
  out[1] = quantileOfSorted(sorted, n, high);
  return true;
}

/** Columns of at most this many values (with no -0) are sorted by insertion. */
const INSERTION_UP_TO = 16;

/** Sorts the first `n` values of `a` (no NaN, no -0) ascending. */
function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Counting sort is used for whole numbers spanning fewer than this many values per value sorted. */
const COUNT_RANGE_PER_VALUE = 2;

/** Sorts the first `n` values of `a`, whole numbers from `min` to `max`, by counting them. */
function countingSort(a: Float64Array, n: number, min: number, max: number, scratch: SortScratch): void {
  const range = max - min + 1;
  if (scratch.histogram.length < range)
    scratch.histogram = new Int32Array(Math.max(range, 2 * scratch.histogram.length));
  const counts = scratch.histogram;
  counts.fill(0, 0, range);
  for (let i = 0; i < n; i++) counts[(a[i] as number) - min]++;
  let i = 0;
  for (let k = 0; k < range; k++) {
    const c = counts[k] as number;
    if (c === 0) continue;
    a.fill(min + k, i, i + c);
    i += c;
  }
}

/** Puts the k-th smallest of a[left..right] at k, smaller before it and larger after (Hoare). */
function select(a: Float64Array, k: number, left: number, right: number): void {
  while (right > left) {
    // Median of three as the pivot, so sorted or constant runs do not degrade it.
    const mid = (left + right) >>> 1;
    const x = a[left] as number;
    const y = a[mid] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** simple-statistics' own quantiles, for values it alone can order (with NaN). */
export function libraryQuantiles(values: Float64Array, ps: readonly number[]): number[] {
  return libraryQuantile(Array.from(values), [...ps]) as number[];
}
