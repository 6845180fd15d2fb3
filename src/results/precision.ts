/**
 * How precisely a run's means are known: the Monte Carlo error of each headline mean (a
 * programme's starts, completions and unmet need where the mean is at least `minMean`), as the
 * half-width of its 95% confidence interval (Student's t over the replications), and the widest of
 * them relative to its mean. The 5th-95th percentiles the tables show are the spread of one
 * replication's outcome; this is how far the mean itself may be from what endless replications
 * would give. A planner reads it to judge whether a run, one stopped early say, has enough.
 */
import { studentTQuantile } from './studentT.js';
import { ALL_PROGRAMMES, type ReplicationSamples, type SampleMeasure } from './samples.js';

/** The measures whose means a planner signs: what is started, completed and left unmet. */
export const PRECISION_MEASURES: readonly SampleMeasure[] = ['starts', 'completions', 'unmetNeed'];

/** Means below this (people) are left out: a relative error of a mean near zero says nothing. */
export const PRECISION_MIN_MEAN = 5;

export interface MeanError {
  /**
   * The establishment whose mean this is, where a target asks every establishment's
   * (PrecisionTargetResult.scope); absent for the region's, and in a view of one scope.
   */
  establishment?: string;
  programme: string;
  measure: SampleMeasure;
  mean: number;
  /** Half-width of the 95% confidence interval of the mean. */
  halfWidth: number;
  /** halfWidth / mean. */
  relative: number;
}

export interface MeanPrecision {
  replications: number;
  /** Means looked at (at least `minMean`). */
  figures: number;
  /** The one of them with the widest relative error, or null where there are none. */
  widest: MeanError | null;
}

/** A headline mean a precision reads: whose (an establishment id, or REGION_SAMPLE_SCOPE), of what. */
export interface PrecisionFigure {
  scope: string;
  programme: string;
  measure: SampleMeasure;
}

/**
 * A sample key's scope, programme and measure where it is a headline mean a precision reads (a
 * programme's starts, completions or unmet need, not every programme's added up); null for any
 * other key.
 */
export function precisionFigure(key: string): PrecisionFigure | null {
  const [scope, programme, measure] = key.split('/') as [string, string, SampleMeasure];
  if (programme === ALL_PROGRAMMES || !PRECISION_MEASURES.includes(measure)) return null;
  return { scope, programme, measure };
}

/**
 * The Monte Carlo error of `scope`'s headline means (an establishment id, or REGION_SAMPLE_SCOPE),
 * or null with fewer than two replications (no spread to tell it from). `programmes`, where given,
 * keeps to those programmes' means (those a view shows).
 */
export function meanPrecision(
  samples: ReplicationSamples,
  scope: string,
  minMean = PRECISION_MIN_MEAN,
  programmes?: ReadonlySet<string>,
): MeanPrecision | null {
  const R = samples.replications;
  if (R < 2) return null;
  const t = studentTQuantile(0.975, R - 1);
  let figures = 0;
  let widest: MeanError | null = null;
  samples.keys.forEach((key, k) => {
    const figure = precisionFigure(key);
    if (!figure || figure.scope !== scope || (programmes && !programmes.has(figure.programme))) return;
    const { programme, measure } = figure;
    const values = samples.values.subarray(k * R, (k + 1) * R);
    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / R;
    if (!(mean >= minMean)) return;
    let squares = 0;
    for (const v of values) squares += (v - mean) ** 2;
    const halfWidth = (t * Math.sqrt(squares / (R - 1))) / Math.sqrt(R);
    const relative = halfWidth / mean;
    figures++;
    if (widest === null || relative > widest.relative) widest = { programme, measure, mean, halfWidth, relative };
  });
  return { replications: R, figures, widest };
}
