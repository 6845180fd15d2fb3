/**
 * What compiling keeps from one compile to the next (CompileCache): fitted populations and
 * derived-history samples, keyed by everything each reads, for a caller that compiles edit after
 * edit of one scenario (an app's worker).
 */
import type { Scenario } from '../scenario/schema.js';
import type { Synthesizer } from '../population/synthesizer.js';
import type { TableFit } from '../results/types.js';
import type { HistorySamples } from './treatmentHistory.js';
import type { TableCells } from '../population/tableCells.js';
import { canonicalJson } from '../population/canonical.js';

/** What compiling one establishment's population gives: shared by establishments that agree on it. */
export interface EstablishmentPopulation {
  populationTotal: number;
  stock: Synthesizer;
  receptions: Synthesizer;
  openingExitWeeksLeft: Float64Array | null;
  fit: TableFit[];
  tables: TableCells[];
}

/** Derived-history samples a CompileCache keeps: an edit and an undo of it, or a baseline beside it. */
const MAX_HISTORY_SAMPLES = 4;

/** `map`'s value for `key`, moved last (most recently used last, so the oldest is dropped first). */
function recentlyUsed<V>(map: Map<string, V>, key: string): V | undefined {
  const known = map.get(key);
  if (known !== undefined) {
    map.delete(key);
    map.set(key, known);
  }
  return known;
}

/** Sets `key` in `map`, last, and drops the oldest entries past `most`. */
function keepRecent<V>(map: Map<string, V>, key: string, value: V, most: number): void {
  map.set(key, value);
  while (map.size > most) map.delete(map.keys().next().value as string);
}

/**
 * Fitted populations kept from one compile to the next, for a caller that compiles edit after
 * edit of one scenario (an app's worker): an edit that leaves a population's inputs alone (groups
 * a year, a rule, staffing) reuses its fit instead of raking again, most of compiling's time.
 * Keyed by everything a fit reads, so an edit to any of it fits afresh. Passed in, never a global:
 * compiling stays a function of its arguments, and a fit is the same whether cached or not.
 */
export class CompileCache {
  private readonly populations = new Map<string, EstablishmentPopulation>();
  /** Populations fitted (not reused) through this cache: lets tests see a refit happen. */
  fitted = 0;

  /** A derived history's samples (treatmentHistory.ts historySamples), the latest few, by what they read. */
  private readonly samples = new Map<string, HistorySamples>();
  /** Samples drawn (not reused) through this cache: lets tests see a redraw happen. */
  historySampled = 0;

  constructor(private readonly maxPopulations = 256) {}

  /** @internal The samples kept for `key`, else `draw`'s (kept, the oldest dropped past MAX_HISTORY_SAMPLES). */
  historySamples(key: string, draw: () => HistorySamples): HistorySamples {
    const known = recentlyUsed(this.samples, key);
    if (known) return known;
    const drawn = draw();
    this.historySampled++;
    keepRecent(this.samples, key, drawn, MAX_HISTORY_SAMPLES);
    return drawn;
  }

  /** @internal */
  get(key: string): EstablishmentPopulation | undefined {
    return recentlyUsed(this.populations, key);
  }

  /** @internal */
  set(key: string, population: EstablishmentPopulation): void {
    this.fitted++;
    keepRecent(this.populations, key, population, this.maxPopulations);
  }

  get size(): number {
    return this.populations.size;
  }
}

/**
 * The parts of a scenario no population fit reads (each establishment's own inputs are keyed
 * separately): left out of a cached fit's key so that editing them reuses it. Anything not
 * listed counts, so a field added later refits when edited rather than reusing a stale fit.
 */
const NOT_READ_BY_FITS = new Set([
  'establishments',
  'programmes',
  'needs',
  'changes',
  'caseManagement',
  'name',
  'description',
  'seed',
  'replications',
  'precisionTarget',
  'precisionScope',
  'horizon',
  // How the run opens (warmup.ts): establishmentParts.ts sets its warm-up's length in each part.
  'start',
  'materialityThreshold',
  'source',
  'defaults',
]);

/** The scenario as every fit reads it (all but NOT_READ_BY_FITS), as text: a cached fit's key's first part. */
export function scenarioFitKey(scenario: Scenario): string {
  const read: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(scenario)) if (!NOT_READ_BY_FITS.has(k)) read[k] = v;
  // Priors and tables name programmes through criteria contexts: their ids count, not their rules.
  read['programmeIds'] = scenario.programmes.map((p) => p.id);
  return canonicalJson(read);
}
