/**
 * Establishments that exchange no one, simulated one at a time.
 *
 * Where no man can pass from one establishment of a file to another (no referral to another
 * site, no transfer within the file), each establishment's replication depends on nothing the
 * others do: a replication of the file is its establishments' replications side by side. So each
 * is simulated on its own, as the file cut to that establishment, and its numbers are copied into
 * its place in the file's record (Layout.establishmentSpans).
 *
 * Why: time. A replication of the whole file keeps every establishment's people, lists and counts
 * in play at once; at a hundred prisons they no longer stay in the processor's caches from one
 * man's event to the next, and a prison costs a fifth to a quarter more than the same prison
 * alone (docs/notes/national-where-the-time-goes.md, "National costs more a prison than one
 * prison does"). One at a time, each prison's working set is about a megabyte.
 *
 * Each establishment draws from streams of its own (the file's seed and the establishment's id),
 * so its numbers do not depend on which other establishments the file holds or in what order:
 * taking a prison out of such a file leaves every other prison's figures as they were. A
 * replication's numbers are still a function of (file, seed, replication) alone, whatever the
 * split of replications across workers.
 */
import type { Scenario } from '../scenario/schema.js';
import { compileScenario, type CompiledScenario } from './compile.js';
import type { CompileCache } from './compileCache.js';
import type { DerivedHistory } from './treatmentHistory.js';
import { compileTransfers } from './transfers.js';

/** Whether the compiled file's establishments exchange no one (and there are two or more). */
export function separableEstablishments(compiled: CompiledScenario): boolean {
  if (compiled.establishments.length < 2) return false;
  if (compiled.establishments.some((e) => e.referralTo.some((to) => to >= 0))) return false;
  return compileTransfers(compiled.scenario).every((t) => t === null);
}

/** The file cut to establishment e, opening as the whole file does (its warm-up's length included). */
export function establishmentScenario(compiled: CompiledScenario, e: number): Scenario {
  const scenario = compiled.scenario;
  const establishment = scenario.establishments[e];
  if (!establishment) throw new Error(`establishmentScenario: no establishment ${e}`);
  return {
    ...scenario,
    // A referral here goes nowhere (no site of the file takes it: separableEstablishments), nor
    // does a transfer: left out, as they name establishments the part does not hold.
    establishments: [{ ...establishment, referrals: [], flows: { ...establishment.flows, transfersTo: [] } }],
    changes: scenario.changes.filter((c) => c.establishment === establishment.id),
    // The whole file's warm-up may be lengthened for another establishment's lists
    // (warmup.ts sizeStart): every establishment runs the same one.
    start:
      compiled.start.mode === 'running'
        ? { ...scenario.start, mode: 'running', warmupWeeks: compiled.start.warmupWeeks }
        : scenario.start,
  };
}

/** The seed of establishment `id`'s streams in a file whose seed is `seed`. */
export function establishmentSeed(seed: string, id: string): string {
  return `${seed}/establishment/${id}`;
}

/**
 * Establishment e of a compiled file as a compiled file of its own. What the compiled file says
 * of e beyond its scenario (changes added after compiling, as sizing.ts adds one; lists whose
 * opening queue is set aside) is carried over, so a part simulates what the file's compiled form
 * says, not only what its scenario says.
 */
export function compileEstablishment(compiled: CompiledScenario, e: number, cache: CompileCache): CompiledScenario {
  const id = compiled.establishments[e].id;
  const part = compileScenario(
    establishmentScenario(compiled, e),
    { seed: establishmentSeed(compiled.seed, id), replications: compiled.replications, horizonWeeks: compiled.weeks },
    cache,
    (own) => ({ ...own.start, ...derivedHistoryOf(compiled, e) }),
  );
  part.changes = compiled.changes.filter((c) => c.establishment === e).map((c) => ({ ...c, establishment: 0 }));
  const P = compiled.programmes.length;
  const aside = compiled.setAsideAtStart;
  if (aside) part.setAsideAtStart = new Set([...aside].filter((k) => Math.floor(k / P) === e).map((k) => k % P));
  return part;
}

/**
 * Establishment e's part of the file's derived history (warmup.ts sizeStart): what the part's own
 * compile would derive, for it reads the establishment alone (its lists, and a sample drawn from
 * streams keyed by its id), at about a quarter of its compiling time saved.
 */
function derivedHistoryOf(file: CompiledScenario, e: number): { derivedHistory?: DerivedHistory } {
  const derived = file.start.derivedHistory;
  const id = file.establishments[e].id;
  const lists = derived?.lists.filter((l) => l.establishment === id) ?? [];
  if (!derived || lists.length === 0) return {};
  const P = file.programmes.length;
  const K = derived.classes;
  return {
    derivedHistory: {
      share: derived.share.slice(e * P * K, (e + 1) * P * K),
      classes: K,
      marked: derived.marked.slice(e * P, (e + 1) * P),
      lists,
    },
  };
}

/** Copies a part's record (one establishment, its index 0) into establishment e's place in the file's record. */
export function placeEstablishment(
  file: CompiledScenario,
  e: number,
  part: CompiledScenario,
  partScalars: Float64Array,
  partSeries: Float32Array,
  scalars: Float64Array,
  series: Float32Array,
): void {
  const to = file.layout.establishmentSpans(e);
  const from = part.layout.establishmentSpans(0);
  const W = file.weeks;
  for (let k = 0; k < to.scalars.length; k += 2) {
    const length = to.scalars[k + 1];
    if (from.scalars[k + 1] !== length) throw new Error(`placeEstablishment: establishment ${e}'s record does not fit`);
    scalars.set(partScalars.subarray(from.scalars[k], from.scalars[k] + length), to.scalars[k]);
  }
  for (let k = 0; k < to.series.length; k += 2) {
    const length = to.series[k + 1] * W;
    if (from.series[k + 1] * W !== length)
      throw new Error(`placeEstablishment: establishment ${e}'s series do not fit`);
    series.set(partSeries.subarray(from.series[k] * W, from.series[k] * W + length), to.series[k] * W);
  }
}

/**
 * Every establishment of a separable compiled file as a compiled file of its own, fitting each
 * population once: establishments that agree on one share its fit through `cache`, and a cache
 * the file was compiled with already holds them.
 */
export function compileEstablishments(compiled: CompiledScenario, cache: CompileCache): CompiledScenario[] {
  return compiled.establishments.map((_, e) => compileEstablishment(compiled, e, cache));
}
