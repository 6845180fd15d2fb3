/**
 * The sentence a results table's note gives on how precisely its means are known (the core's
 * precision.ts): the widest Monte Carlo error among the headline means, for a planner to judge
 * whether the run (one stopped early, say) has enough replications.
 */
import {
  meanPrecision,
  percentText,
  PRECISION_MIN_MEAN,
  PrecisionStop,
  type MeanError,
  type ReplicationSamples,
  type Results,
} from '../../src/index.js';
import { num, shortName } from '../format.js';

const MEASURE_WORDS = { starts: 'starts', completions: 'completions', unmetNeed: 'unmet need' } as const;

/**
 * How precisely the means of `scope` (an establishment id, or the region's sample scope) are known,
 * in a sentence for a table's note (precision.ts), or '' where it cannot be told: samples of
 * another run (provisional figures show the last full run's), or fewer than two replications.
 * Only the `programmes` given are read: those the table or report shows.
 */
export function precisionNote(
  r: Results,
  samples: ReplicationSamples | null,
  scope: string,
  programmes: readonly { programme: string; name: string }[],
): string {
  if (!samples || samples.seed !== r.seed || samples.replications !== r.replications) return '';
  const shown = new Set(programmes.map((q) => q.programme));
  const w = meanPrecision(samples, scope, PRECISION_MIN_MEAN, shown)?.widest;
  if (!w) return '';
  const programme = programmes.find((q) => q.programme === w.programme);
  const name = programme ? shortName(programme) : w.programme;
  const measure = MEASURE_WORDS[w.measure as keyof typeof MEASURE_WORDS] ?? w.measure;
  const pct = percentText(w.relative);
  return ` Monte Carlo error (95% confidence): every mean of 5 or more here is within ±${pct}% of where endless replications would put it; the widest is ${name} ${measure}, ${num(w.mean)} ± ${num(w.halfWidth)}. More replications narrow it.`;
}

/** How precisely the means of a run's replications done so far are known, for the run strip. */
export interface RunningPrecision {
  /** Replications done from the first on, the samples read. */
  replications: number;
  /** The widest relative half-width among the headline means, as "4.2". */
  percent: string;
  /** Whose means: an establishment's name, "The region", or null where the file has one establishment. */
  whose: string | null;
}

/**
 * The strip's scope where a run's target asks every establishment's means (precisionScope) and no
 * one establishment is on screen: the widest of them all, as the target reads them.
 */
export const EVERY_ESTABLISHMENT_SCOPE = '@every-establishment';
/** The strip's name for those means ("Every establishment's means so far are within ..."). */
export const EVERY_ESTABLISHMENT_WHOSE = 'Every establishment';

/**
 * The precision of `scope`'s means over the replications done so far (RunProgress.samples), or
 * null where it cannot be told yet: no samples, one replication, or no mean of 5 or more.
 */
export function runningPrecision(
  samples: ReplicationSamples | undefined,
  scope: string,
  whose: string | null,
): RunningPrecision | null {
  if (!samples) return null;
  const w = scope === EVERY_ESTABLISHMENT_SCOPE ? widestOfEvery(samples) : meanPrecision(samples, scope)?.widest;
  if (!w) return null;
  return { replications: samples.replications, percent: percentText(w.relative), whose };
}

/** The widest of every establishment's headline means, read as the run's target reads them. */
function widestOfEvery(samples: ReplicationSamples): MeanError | null {
  const every = new PrecisionStop(samples.keys, null, Infinity, 'everyEstablishment');
  every.add(samples.values, samples.replications);
  return every.widest();
}
