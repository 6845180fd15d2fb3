/**
 * A run that ends once its means are precise enough (a scenario's `precisionTarget`): the rule
 * that says where, read the same way by the command line and by the page's worker pool, so a
 * file and seed give the same replications, and the same numbers, on every machine.
 *
 * The region's headline means (every programme's starts, completions and unmet need of 5 people
 * or more, as precision.ts reads them), or every establishment's where the scenario's
 * `precisionScope` asks, are checked every PRECISION_CHECK_EVERY replications, and the run ends at
 * the first checkpoint where the widest 95% half-width is within the target share of its mean.
 * Replications are taken in order from the first, never as a machine happens to get them back:
 * each replication's numbers depend on the seed and its index alone, so where the run ends does
 * not depend on how it is split. `replications` stays the most it runs.
 */
import { studentTQuantile } from './studentT.js';
import { precisionFigure, PRECISION_MIN_MEAN, type MeanError } from './precision.js';
import { REGION_SAMPLE_SCOPE, type SampleMeasure } from './samples.js';
import type { PrecisionScope, PrecisionTargetResult, Results } from './types.js';

/**
 * Replications between two checks. Ten: a first check on fewer rests on a spread read from a
 * handful of values (Student's t allows for it, but widely), and a check at every replication
 * would give chance more looks at a spread that happens to be narrow.
 */
export const PRECISION_CHECK_EVERY = 10;

/** The headline means a target is checked on: their keys' places among a run's sample keys. */
interface Tracked {
  key: number;
  /** The establishment's id; null for the region's mean. */
  establishment: string | null;
  programme: string;
  measure: SampleMeasure;
}

/**
 * Follows a run's replications in order, keeping each tracked mean's running sum and sum of
 * squares (one pass, nothing kept per replication: a run may go to 100,000), and says at which
 * checkpoint the target is first met.
 */
export class PrecisionStop {
  private readonly tracked: Tracked[] = [];
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private taken = 0;
  /** The checkpoint the target was met at, once it is; no replication after it is taken. */
  stopAt: number | null = null;

  /**
   * `keys`: the run's sample keys (ReplicationSamples.keys, in the order a batch's values are);
   * `target`: a share (0.02 for ±2%), or null to follow the precision without stopping (a
   * summary's report of it); `asked`: the replications asked for (no checkpoint there: the run
   * ends anyway); `scope`: whose means, the region's or every establishment's.
   */
  constructor(
    keys: readonly string[],
    readonly target: number | null,
    readonly asked: number,
    readonly scope: PrecisionScope = 'region',
  ) {
    const region = scope === 'region';
    keys.forEach((key, k) => {
      const figure = precisionFigure(key);
      if (!figure || (figure.scope === REGION_SAMPLE_SCOPE) !== region) return;
      const { programme, measure } = figure;
      this.tracked.push({ key: k, establishment: region ? null : figure.scope, programme, measure });
    });
    this.sums = new Float64Array(this.tracked.length);
    this.squares = new Float64Array(this.tracked.length);
  }

  /** Replications taken so far (the run's first ones). */
  get replications(): number {
    return this.taken;
  }

  /**
   * Take the next `count` replications' headline counts, key-major as a batch's are
   * (BatchSamples.values), in replication order. Once a checkpoint meets the target the rest are
   * not taken: the run ends there.
   */
  add(values: Float64Array, count: number): void {
    for (let i = 0; i < count && this.stopAt === null; i++) {
      for (let t = 0; t < this.tracked.length; t++) {
        const v = values[this.tracked[t].key * count + i];
        this.sums[t] += v;
        this.squares[t] += v * v;
      }
      this.taken++;
      if (this.target !== null && this.taken % PRECISION_CHECK_EVERY === 0 && this.taken < this.asked) {
        const widest = this.widest();
        if (widest !== null && widest.relative <= this.target) this.stopAt = this.taken;
      }
    }
  }

  /**
   * The widest relative Monte Carlo error (95% half-width over the mean) among the tracked means
   * of the replications taken, or null where it cannot be told: fewer than two, or no mean of 5
   * or more (then the target is never met, and the run goes on to its replications).
   */
  widest(): MeanError | null {
    const n = this.taken;
    if (n < 2) return null;
    const t = studentTQuantile(0.975, n - 1);
    let widest: MeanError | null = null;
    for (let k = 0; k < this.tracked.length; k++) {
      const mean = this.sums[k] / n;
      if (!(mean >= PRECISION_MIN_MEAN)) continue;
      // Sums of whole counts of people: the one-pass variance loses nothing a planner would see.
      const variance = Math.max(0, (this.squares[k] - this.sums[k] * mean) / (n - 1));
      const halfWidth = (t * Math.sqrt(variance)) / Math.sqrt(n);
      const relative = halfWidth / mean;
      if (widest === null || relative > widest.relative) {
        const { establishment, programme, measure } = this.tracked[k];
        widest = {
          ...(establishment === null ? {} : { establishment }),
          programme,
          measure,
          mean,
          halfWidth,
          relative,
        };
      }
    }
    return widest;
  }
}

/**
 * What a run's replications reach against the scenario's target (Results.precisionTarget):
 * `values` and `counts` their headline counts batch by batch, in replication order.
 */
export function precisionTargetResult(
  keys: readonly string[],
  target: number,
  asked: number,
  batches: readonly { values: Float64Array; count: number }[],
  scope: PrecisionScope = 'region',
): PrecisionTargetResult {
  const all = new PrecisionStop(keys, null, asked, scope);
  for (const b of batches) all.add(b.values, b.count);
  const widest = all.widest();
  return {
    target,
    scope,
    replicationsAsked: asked,
    checkEvery: PRECISION_CHECK_EVERY,
    widest,
    met: widest !== null && widest.relative <= target,
  };
}

/** A relative error as a planner reads it: one decimal under 10%, none above ("4.2", "12"). */
export function percentText(relative: number): string {
  return (100 * relative).toFixed(relative < 0.1 ? 1 : 0);
}

/**
 * Whose means a target asks of, as a sentence names them: "the region's means", "every
 * establishment's means", or "the means" where a file has one establishment (it is the region).
 */
export function precisionMeansWords(scope: PrecisionScope | undefined, establishments: number): string {
  if (establishments <= 1) return 'the means';
  return scope === 'everyEstablishment' ? "every establishment's means" : "the region's means";
}

/**
 * What a run with a precision target did, in a sentence: "Stopped at 340 of the 1,000
 * replications asked for: the region's means are within ±4.9% (target ±5.0%, checked every 10
 * replications)." Short of a target on every establishment's means, it names the establishment
 * whose mean is the widest: the one holding the run back.
 * Null where the results have no target.
 */
export function precisionTargetSentence(
  results: Pick<Results, 'replications' | 'precisionTarget' | 'establishments'>,
): string | null {
  const p = results.precisionTarget;
  if (!p) return null;
  const means = precisionMeansWords(p.scope, results.establishments.length);
  const reps = results.replications.toLocaleString('en-GB');
  const asked = p.replicationsAsked.toLocaleString('en-GB');
  const target = `target ±${percentText(p.target)}%, checked every ${p.checkEvery} replications`;
  const reached = p.widest === null ? null : `±${percentText(p.widest.relative)}%`;
  if (p.met && results.replications < p.replicationsAsked)
    return `Stopped at ${reps} of the ${asked} replications asked for: ${means} are within ${reached} (${target}).`;
  if (p.met) return `All ${reps} replications run: ${means} are within ${reached} (${target}).`;
  if (reached === null)
    return `${reps} replications run: the target could not be checked, no mean of starts, completions or unmet need being 5 or more (${target}).`;
  const run =
    results.replications < p.replicationsAsked
      ? `${reps} of the ${asked} replications asked for`
      : `All ${reps} replications`;
  const at = p.widest?.establishment;
  const name = at === undefined ? undefined : results.establishments.find((e) => e.establishment === at)?.name;
  const widest = name === undefined || results.establishments.length <= 1 ? '' : ` (the widest at ${name})`;
  return `${run} run, ${means} within ${reached}${widest}: short of the ${target}.`;
}
