/**
 * Do two engines give the same figures, up to Monte Carlo error? The check behind a change that
 * reorganises the random streams (issue 12 allows it): exact numbers change, their distribution
 * must not. `agree.ts` runs the two engines; this module holds what it compares, with no I/O.
 *
 * A figure is a number of the results JSON, the public interface, read from the summary of one
 * replication at a time: a `Stat` by its mean (one replication's value), other numbers as they
 * are, weekly series and text left out. Each is named by its path, array elements by their id
 * (`establishments[stafford].programmes[tsp].starts`), so the two engines' figures pair up by name
 * even where one has fields the other lacks. Per figure, Welch's t: the difference of the two
 * means over its standard error from the two samples' variances, with Welch-Satterthwaite's
 * degrees of freedom. The two engines are run on different seeds, so the samples are independent.
 * Its two-sided chance is given as the standard normal z of the same chance, so that the counts
 * beyond 2, 3 and 4 read against the normal's shares whatever the replications: with 8 national
 * replications a t of 4 is about one chance in 300, not one in 16,000.
 */
import { probit } from 'simple-statistics';
import { studentTCdf } from '../src/results/studentT.js';

/** Every figure of one engine's run: paths, and values path-major (values[k * replications + r]). */
export interface FigureSamples {
  replications: number;
  paths: string[];
  values: Float64Array;
}

/** The figures of one replication's results JSON, by path. */
export function figuresOf(results: unknown): Map<string, number> {
  const out = new Map<string, number>();
  walk(results, '', out);
  return out;
}

const ELEMENT_KEYS = ['id', 'programme', 'need', 'tier', 'year', 'band', 'label', 'name'] as const;

function isStat(value: object): value is { mean: number } {
  const v = value as Record<string, unknown>;
  return typeof v['mean'] === 'number' && typeof v['p5'] === 'number' && typeof v['p95'] === 'number';
}

/** `skip`: the field that names an array element (a year's number), which is its name, not a figure. */
function walk(value: unknown, path: string, out: Map<string, number>, skip?: string): void {
  if (typeof value === 'number') {
    // Infinity (a list's load with no places) is a figure that cannot be averaged: left out.
    if (Number.isFinite(value)) out.set(path, value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    // A weekly series (numbers by week) is left out; arrays of records are walked, by key.
    const seen = new Set<string>();
    value.forEach((element, index) => {
      if (element === null || typeof element !== 'object') return;
      const record = element as Record<string, unknown>;
      const field = ELEMENT_KEYS.find((k) => typeof record[k] === 'string' || typeof record[k] === 'number');
      let key = field === undefined ? String(index) : String(record[field]);
      if (seen.has(key)) key = `${key}#${index}`;
      seen.add(key);
      walk(record, `${path}[${key}]`, out, field);
    });
    return;
  }
  if (isStat(value)) {
    if (Number.isFinite(value.mean)) out.set(path, value.mean);
    return;
  }
  for (const [k, v] of Object.entries(value)) if (k !== skip) walk(v, path === '' ? k : `${path}.${k}`, out);
}

/**
 * Figure samples from each replication's figures, in replication order. A path missing from one
 * replication (a field only some replications fill) is left out of the whole run.
 */
export function samplesOf(byReplication: readonly Map<string, number>[]): FigureSamples {
  const R = byReplication.length;
  const first = byReplication[0] ?? new Map<string, number>();
  const paths = [...first.keys()].filter((p) => byReplication.every((m) => m.has(p)));
  const values = new Float64Array(paths.length * R);
  paths.forEach((p, k) => byReplication.forEach((m, r) => (values[k * R + r] = m.get(p) as number)));
  return { replications: R, paths, values };
}

/** One figure of both engines, and how far apart. */
export interface FigureDifference {
  path: string;
  meanA: number;
  meanB: number;
  /** Standard error of meanA - meanB. */
  standardError: number;
  /** Welch's t, (meanA - meanB) / standardError, and its degrees of freedom. */
  t: number;
  degreesOfFreedom: number;
  /**
   * The chance of a |t| as large where the engines agree (two-sided): 1 where both are the same
   * constant, 0 where the two differ and neither varies (a figure that is no draw's, an input or
   * a setting, has changed).
   */
  chance: number;
  /** The standard normal z of that chance, with t's sign (±Infinity for a chance of 0). */
  z: number;
}

export interface Agreement {
  /** Figures set side by side (paths in both runs). */
  compared: number;
  /** Paths only one of the two runs has (a field added, or one a run left out). */
  onlyA: number;
  onlyB: number;
  /** Figures with |z| over 2, 3 and 4. */
  beyond: { 2: number; 3: number; 4: number };
  /** Every figure, the largest |z| first. */
  differences: FigureDifference[];
  /**
   * The chance below which a figure fails: 1% over all of them (Bonferroni), so that two engines
   * that agree fail one check in a hundred at most, however many figures they have.
   */
  failBelow: number;
  /** Figures whose chance is below failBelow. */
  failed: FigureDifference[];
}

/** The chance over all figures that two engines that agree fail the check. */
export const FAMILY_CHANCE = 0.01;

/** Two-sided tail of the standard normal beyond 2, 3 and 4: the share of figures expected beyond each where the engines agree. */
export const EXPECTED_SHARE_BEYOND = { 2: 0.0455, 3: 0.0027, 4: 0.0000633 } as const;

function meanAndVariance(values: Float64Array, from: number, n: number): { mean: number; variance: number } {
  let sum = 0;
  for (let r = 0; r < n; r++) sum += values[from + r] as number;
  const mean = sum / n;
  let squares = 0;
  for (let r = 0; r < n; r++) squares += ((values[from + r] as number) - mean) ** 2;
  return { mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

export function compareSamples(a: FigureSamples, b: FigureSamples): Agreement {
  const atB = new Map(b.paths.map((p, k) => [p, k]));
  const differences: FigureDifference[] = [];
  a.paths.forEach((path, k) => {
    const kb = atB.get(path);
    if (kb === undefined) return;
    const x = meanAndVariance(a.values, k * a.replications, a.replications);
    const y = meanAndVariance(b.values, kb * b.replications, b.replications);
    const va = x.variance / a.replications;
    const vb = y.variance / b.replications;
    const standardError = Math.sqrt(va + vb);
    const gap = x.mean - y.mean;
    // Means of the same whole counts can differ in the last bits when summed in another order.
    const same = Math.abs(gap) <= 1e-9 * Math.max(1, Math.abs(x.mean), Math.abs(y.mean));
    const t = same ? 0 : standardError > 0 ? gap / standardError : gap > 0 ? Infinity : -Infinity;
    const degreesOfFreedom =
      standardError > 0 ? (va + vb) ** 2 / (va ** 2 / (a.replications - 1) + vb ** 2 / (b.replications - 1)) : 0;
    const chance = t === 0 ? 1 : Number.isFinite(t) ? Math.min(1, 2 * studentTCdf(-Math.abs(t), degreesOfFreedom)) : 0;
    differences.push({
      path,
      meanA: x.mean,
      meanB: y.mean,
      standardError,
      t,
      degreesOfFreedom,
      chance,
      z: zOf(chance, t),
    });
  });
  differences.sort((p, q) => p.chance - q.chance || Math.abs(q.t) - Math.abs(p.t) || (p.path < q.path ? -1 : 1));
  const beyond = (z: number) => differences.filter((d) => Math.abs(d.z) > z).length;
  const inA = new Set(a.paths);
  const failBelow = FAMILY_CHANCE / Math.max(1, differences.length);
  return {
    compared: differences.length,
    onlyA: a.paths.length - differences.length,
    onlyB: b.paths.filter((p) => !inA.has(p)).length,
    beyond: { 2: beyond(2), 3: beyond(3), 4: beyond(4) },
    differences,
    failBelow,
    failed: differences.filter((d) => d.chance < failBelow),
  };
}

/** The standard normal z with two-sided chance `chance`, signed as t (capped at 38, past a double's reach). */
function zOf(chance: number, t: number): number {
  if (chance >= 1) return 0;
  const z = chance > 0 ? Math.min(38, -probit(chance / 2)) : Infinity;
  return t < 0 ? -z : z;
}

/** The report's lines for one case: counts against those expected, then the `worst` largest |z|. */
export function describeAgreement(name: string, agreement: Agreement, worst = 8): string[] {
  const n = agreement.compared;
  const expected = (t: 2 | 3 | 4) => (n * EXPECTED_SHARE_BEYOND[t]).toFixed(t === 4 ? 2 : 1);
  const lines = [
    `${name}: ${n} figures compared; beyond 2 standard errors ${agreement.beyond[2]} (about ${expected(2)} expected ` +
      `by chance), beyond 3 ${agreement.beyond[3]} (${expected(3)}), beyond 4 ${agreement.beyond[4]} (${expected(4)})` +
      (agreement.onlyA + agreement.onlyB > 0 ? `; in one run only: ${agreement.onlyA} and ${agreement.onlyB}` : ''),
  ];
  for (const d of agreement.differences.slice(0, worst)) {
    if (d.z === 0) break;
    lines.push(
      `  z ${d.z.toFixed(2).padStart(6)}  ${d.path}: ${formatValue(d.meanA)} against ${formatValue(d.meanB)} ` +
        `(standard error ${formatValue(d.standardError)}, t ${d.t.toFixed(2)} on ${d.degreesOfFreedom.toFixed(0)} ` +
        `degrees of freedom)`,
    );
  }
  if (agreement.failed.length > 0)
    lines.push(
      `  ${agreement.failed.length} figure${agreement.failed.length === 1 ? '' : 's'} with a chance under ` +
        `${agreement.failBelow.toPrecision(2)} (1% over the ${n} figures): beyond Monte Carlo error.`,
    );
  return lines;
}

function formatValue(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3);
}
