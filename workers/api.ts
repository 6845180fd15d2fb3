/**
 * The simulation worker's API: what the main thread may ask a worker to do.
 *
 * Only marshalling lives here. Every number comes from the core (`src/`); this module parses the
 * scenario it is sent, keeps the compiled scenario for the next call, and hands typed arrays back
 * by transfer. Errors cross the boundary as data (`{ ok: false, error }`), never as a hung call.
 *
 * The module has no `self`/`postMessage`: `simulation.worker.ts` exposes it with Comlink, and the
 * tests expose it over an in-process MessageChannel the same way.
 */
import * as Comlink from 'comlink';
import {
  CompileCache,
  compileScenario,
  batchSamples,
  loadScenario,
  replicationSamples,
  sampleLayout,
  simulateBatch,
  SimulationContext,
  searchSizing,
  sizeProgramme,
  sizingListAtStart,
  summarize,
} from '../src/index.js';
import { BROWSER_BUDGET, budgetProblem, describeRunFailure, workersThatFit } from '../src/engine/budget.js';
import type {
  CompiledScenario,
  PrecisionScope,
  RepBatch,
  ReplicationSamples,
  Results,
  RunOptions,
  SampleLayout,
  Scenario,
  SizingRequest,
  SizingResult,
  SizingProgress,
  SizingSearch,
  Stat,
  SummaryOptions,
} from '../src/index.js';

/** An error as plain data, so it survives structured cloning. */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
}

/** Milliseconds a call spent in the worker: compiling (0 when the compiled scenario was reused) and the rest. */
export interface CallTiming {
  compileMs: number;
  workMs: number;
}

export type Outcome<T> = { ok: true; value: T; timing?: CallTiming } | { ok: false; error: WorkerError };

/**
 * The scenario a call is about: its text, or a reference to a text this worker was sent before
 * (`{ ref }`), or both, the first time (`{ ref, json }`). A run posts its text to each worker once
 * and references it in every later task, rather than copying it into every message (a national
 * file is megabytes, and the copy is made on the page's thread).
 */
export type ScenarioSource = string | { ref: string; json?: string };

/** The name of the error a call answers when it references a text this worker does not hold (any more). */
export const UNKNOWN_SCENARIO = 'UnknownScenarioError';

/**
 * Texts a worker keeps by reference, the most recently used last: the runs of the page's channels
 * (its scenario, a baseline, a comparison) interleave. The pool remembers fewer than this, so a
 * worker always holds a text the pool names.
 */
export const KEPT_TEXTS = 8;

/** What a main thread needs to know to split a run: the compiled counts, never the compiled object. */
export interface RunShape {
  replications: number;
  seed: string;
  weeks: number;
  /**
   * Workers that may run this scenario at once, each keeping its SimulationContext: fewer than a
   * tab's pool for a scenario whose contexts would not all fit (workersThatFit in budget.ts).
   */
  workers: number;
  /**
   * The keys of the headline counts each batch carries (SimulatedBatch.samples), as in
   * ReplicationSamples. Absent from a worker that sends none.
   */
  sampleKeys?: string[];
  /**
   * The scenario's precision target (CompiledScenario.precisionTarget): the run ends at the first
   * checkpoint the means it asks of meet it (precisionStop.ts), read from the batches' headline counts.
   */
  precisionTarget?: number | null;
  /** Whose means the target asks of (CompiledScenario.precisionScope); absent: the region's. */
  precisionScope?: PrecisionScope;
}

/**
 * A batch as a worker sends it back: its records, and its headline counts (samples.ts
 * batchSamples, keys RunShape.sampleKeys), so the page can tell how precisely the means of the
 * replications done so far are known while the run goes on.
 */
export interface SimulatedBatch extends RepBatch {
  samples?: Float64Array;
}

/** Called with replications finished inside the current batch (not cumulative across batches). */
export type ProgressCallback = (replicationsDone: number) => void;

export interface SimulationApi {
  /** Compile (or reuse) the scenario and report its shape. */
  prepare(scenario: ScenarioSource, options: RunOptions): Outcome<RunShape>;
  /** Simulate replications [first, first + count); the batch's buffers are transferred back. */
  runBatch(
    scenario: ScenarioSource,
    options: RunOptions,
    first: number,
    count: number,
    onProgress?: ProgressCallback,
  ): Outcome<SimulatedBatch>;
  /** Summarise batches (any order) into Results; `summary` may leave out the weekly series. */
  summarize(
    scenario: ScenarioSource,
    options: RunOptions,
    batches: RepBatch[],
    summary?: SummaryOptions,
  ): Outcome<Results>;
  /** Summarise, and keep the headline counts of each replication for paired comparisons. */
  summarizeWithSamples(
    scenario: ScenarioSource,
    options: RunOptions,
    batches: RepBatch[],
  ): Outcome<{ results: Results; samples: ReplicationSamples }>;
  /** The fewest groups a year of one programme meeting a target, its search and list at the start, in this worker. */
  size(scenario: ScenarioSource, options: RunOptions, request: SizingRequest): Outcome<SizingResult>;
  /** A sizing's search alone (its sustaining part), for finishSizing to put together with sizeListAtStart's. */
  sizeSearch(
    scenario: ScenarioSource,
    options: RunOptions,
    request: SizingRequest,
    onProgress?: (progress: SizingProgress) => void,
  ): Outcome<SizingSearch>;
  /** The list at the start a sizing clears, under today's provision: run beside sizeSearch on another worker. */
  sizeListAtStart(scenario: ScenarioSource, options: RunOptions, request: SizingRequest): Outcome<Stat>;
  /**
   * A throwaway run of the scenario, so the next edit finds the engine's code ready: it is
   * compiled afresh (the compiled scenario kept for the next call stays as it is), `replications`
   * replications simulated in a context of their own and summarised without weekly series, as a
   * provisional summary is. Nothing is kept, nothing answered but the time it took.
   *
   * Why: after the opening run, the first edit's first replications took 2-7 times as long as
   * later ones (Node, CPU time, Stafford: compile, context and 2 replications 220-265 ms against
   * 35-60 ms), though the worker had just simulated hundreds of them. The engine's optimised code
   * is specialised to the first compiled scenario's objects and is thrown away and rebuilt for the
   * next; after a few compiled scenarios it no longer is. Warming with a few while the page is
   * idle takes that cost off the first edit. (Most of that throwing away is gone: the objects a
   * replication reads no longer change their field types at the next compile, stableFields.ts.
   * What is left is V8 meeting new closures and new objects where it had seen one: the rules'
   * compiled criteria, each compile's own.)
   */
  warm(scenario: ScenarioSource, options: RunOptions, replications: number): Outcome<null>;
}

export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof Error) {
    // Never an engine-internal message ("Invalid typed array length") for a planner to puzzle over.
    const out: WorkerError = { name: e.name, message: describeRunFailure(e) };
    if (e.stack !== undefined) out.stack = e.stack;
    return out;
  }
  return { name: 'Error', message: String(e) };
}

/** Progress callbacks are throttled: a postMessage per replication is wasteful on long runs. */
const PROGRESS_INTERVAL_MS = 100;

function loaded(scenarioJson: string): Scenario {
  const result = loadScenario(JSON.parse(scenarioJson));
  if (!result.ok) {
    const first = result.errors[0];
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
    const where = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : 'invalid scenario';
    throw new Error(`The scenario does not validate: ${where}${more}`);
  }
  return result.scenario;
}

/** The core trusts its request; a page may send anything, so say what is wrong instead of searching nonsense. */
function checkSizingRequest(r: SizingRequest): void {
  if (!Number.isFinite(r.targetUnmetPerYear) || r.targetUnmetPerYear < 0)
    throw new RangeError(`The target must be a number of people a year, 0 or more, got ${r.targetUnmetPerYear}`);
  const max = r.maxGroupsPerYear;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 520))
    throw new RangeError(`The maximum groups a year must be a whole number from 1 to 520, got ${max}`);
  const atOnce = r.maxConcurrentGroups;
  if (atOnce !== undefined && (!Number.isInteger(atOnce) || atOnce < 1 || atOnce > 520))
    throw new RangeError(`The most groups at once must be a whole number from 1 to 520, got ${atOnce}`);
  const beds = r.maxBeds;
  if (beds !== undefined && (!Number.isInteger(beds) || beds < 1 || beds > 5000))
    throw new RangeError(`The maximum beds must be a whole number from 1 to 5000, got ${beds}`);
  const inFull: unknown = r.everyLevelInFull;
  if (inFull !== undefined && typeof inFull !== 'boolean')
    throw new TypeError(`Every level in full must be true or false, got ${String(inFull)}`);
}

/** The scenario texts a worker holds by reference, the most recently used last, up to KEPT_TEXTS. */
export class ScenarioTexts {
  private readonly texts = new Map<string, string>();

  /** The text a call is about; throws an UNKNOWN_SCENARIO error for a reference not held. */
  textOf(source: ScenarioSource): string {
    if (typeof source === 'string') return source;
    const json = source.json ?? this.texts.get(source.ref);
    if (json === undefined) {
      const e = new Error(`The simulation worker does not hold scenario ${source.ref}: its text was never sent`);
      e.name = UNKNOWN_SCENARIO;
      throw e;
    }
    this.texts.delete(source.ref);
    this.texts.set(source.ref, json);
    while (this.texts.size > KEPT_TEXTS) this.texts.delete(this.texts.keys().next().value as string);
    return json;
  }
}

/**
 * Builds the API with its own compile cache. The compiled scenario is kept for the next call with
 * the same text and options, so an edit (new text) compiles again and a repeated call does not;
 * the population fits are kept across edits (CompileCache), so compiling an edit refits only what
 * it changed.
 */
export function createSimulationApi(): SimulationApi {
  let cached: {
    json: string;
    options: string;
    compiled: CompiledScenario;
    /** Workers whose contexts of it a tab holds at once (workersThatFit). */
    workers: number;
    /** Built by the first batch and kept for the next of the same scenario (SimulationContext). */
    context: SimulationContext | null;
    /** Which scalars make each headline count, worked out once for the batches of the scenario. */
    samples: SampleLayout | null;
  } | null = null;
  // Fits outlive the compiled scenario: an edit that leaves the population alone does not refit.
  const fits = new CompileCache();
  const texts = new ScenarioTexts();
  const textOf = (source: ScenarioSource) => texts.textOf(source);

  /**
   * A sizing call: the request checked and the scenario loaded within the tab's budget, then
   * `part` (the whole sizing, its search or its list at the start), its error as data.
   */
  function sizing<T>(
    source: ScenarioSource,
    options: RunOptions,
    request: SizingRequest,
    part: (scenario: Scenario, request: SizingRequest, options: RunOptions) => T,
  ): Outcome<T> {
    try {
      // The text first, so that every call uses its reference once, as the pool counts (pool.ts).
      const json = textOf(source);
      checkSizingRequest(request);
      const scenario = loaded(json);
      const tooLarge = budgetProblem(scenario, options, BROWSER_BUDGET);
      if (tooLarge !== undefined) throw new Error(tooLarge);
      // Each level compiles its own variant of the scenario, so the compile cache is no use here.
      return { ok: true, value: part(scenario, request, options) };
    } catch (e) {
      return { ok: false, error: toWorkerError(e) };
    }
  }

  /** Milliseconds the last `compiled` call spent compiling (0 when it reused the cached scenario). */
  let compileMs = 0;

  /** The scenario in `json` loaded and checked against the tab's budget, before anything is compiled. */
  function checked(json: string, options: RunOptions): { scenario: Scenario; workers: number } {
    const scenario = loaded(json);
    // Refuse what a tab cannot hold before compiling allocates any of it.
    const tooLarge = budgetProblem(scenario, options, BROWSER_BUDGET);
    if (tooLarge !== undefined) throw new Error(tooLarge);
    return { scenario, workers: workersThatFit(scenario, options, BROWSER_BUDGET) };
  }

  function compiled(source: ScenarioSource, options: RunOptions): CompiledScenario {
    compileMs = 0;
    const json = textOf(source);
    const optionsKey = JSON.stringify(options);
    // The same text object comes back from `texts` call after call: compared by reference at once.
    if (cached && cached.options === optionsKey && cached.json === json) return cached.compiled;
    const t0 = performance.now();
    const { scenario, workers } = checked(json, options);
    // The context of the scenario before goes with it, before this one's compile allocates.
    cached = null;
    const c = compileScenario(scenario, options, fits);
    cached = { json, options: optionsKey, compiled: c, workers, context: null, samples: null };
    compileMs = performance.now() - t0;
    return c;
  }

  /** The context batches of the cached scenario share: people, ledger, lookups, warm-up. */
  function contextOf(c: CompiledScenario): SimulationContext {
    if (cached?.compiled !== c) return new SimulationContext(c, 'auto', fits);
    cached.context ??= new SimulationContext(c, 'auto', fits);
    return cached.context;
  }

  /** The sample layout of the cached scenario, kept with it; worked out afresh for any other. */
  function samplesOf(c: CompiledScenario): SampleLayout {
    if (cached?.compiled !== c) return sampleLayout(c);
    cached.samples ??= sampleLayout(c);
    return cached.samples;
  }

  /** Runs `work`, timing it and the compiling inside it. */
  function timed<T>(work: () => T): { value: T; timing: CallTiming } {
    const t0 = performance.now();
    compileMs = 0;
    const value = work();
    const total = performance.now() - t0;
    return { value, timing: { compileMs, workMs: total - compileMs } };
  }

  return {
    prepare(source, options) {
      try {
        const { value: c, timing } = timed(() => compiled(source, options));
        const workers = cached?.compiled === c ? cached.workers : 1;
        const sampleKeys = samplesOf(c).keys;
        return {
          ok: true,
          value: {
            replications: c.replications,
            seed: c.seed,
            weeks: c.weeks,
            workers,
            sampleKeys,
            precisionTarget: c.precisionTarget,
            precisionScope: c.precisionScope,
          },
          timing,
        };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    runBatch(source, options, first, count, onProgress) {
      try {
        let last = 0;
        const hooks = onProgress
          ? {
              onProgress: (done: number) => {
                const now = performance.now();
                if (now - last >= PROGRESS_INTERVAL_MS && done < count) {
                  last = now;
                  // Fire and forget: the callback is a Comlink proxy whose promise we never await.
                  void onProgress(done);
                }
              },
            }
          : undefined;
        const { value: batch, timing } = timed((): SimulatedBatch & { samples: Float64Array } => {
          const c = compiled(source, options);
          const simulated = simulateBatch(c, first, count, hooks, contextOf(c));
          return { ...simulated, samples: batchSamples(samplesOf(c), simulated) };
        });
        // Both arrays may view one buffer: transfer each buffer once.
        const buffers = [
          ...new Set([batch.scalars.buffer, batch.series.buffer, batch.samples.buffer]),
        ] as ArrayBuffer[];
        return Comlink.transfer({ ok: true, value: batch, timing }, buffers);
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    summarize(source, options, batches, summary) {
      try {
        const { value, timing } = timed(() => summarize(compiled(source, options), batches, summary));
        return { ok: true, value, timing };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    summarizeWithSamples(source, options, batches) {
      try {
        const { value, timing } = timed(() => {
          const c = compiled(source, options);
          const samples = replicationSamples(c, batches);
          return { results: summarize(c, batches), samples };
        });
        return Comlink.transfer({ ok: true, value, timing }, [value.samples.values.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    warm(source, options, replications) {
      try {
        const { timing } = timed(() => {
          const c = compileScenario(checked(textOf(source), options).scenario, options, fits);
          const count = Math.min(c.replications, Math.max(1, Math.floor(replications)));
          if (count < 1) return;
          const batch = simulateBatch(c, 0, count, undefined, new SimulationContext(c, 'auto', fits));
          summarize(c, [batch], { weeklySeries: false });
        });
        return { ok: true, value: null, timing };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    size(source, options, request) {
      return sizing(source, options, request, sizeProgramme);
    },

    sizeSearch(source, options, request, onProgress) {
      let last = 0;
      const hooks = onProgress
        ? {
            onProgress: (progress: SizingProgress) => {
              const now = performance.now();
              if (now - last < PROGRESS_INTERVAL_MS) return;
              last = now;
              // Fire and forget: the callback is a Comlink proxy whose promise we never await.
              void onProgress(progress);
            },
          }
        : {};
      return sizing(source, options, request, (scenario, r, o) => searchSizing(scenario, r, o, undefined, hooks));
    },

    sizeListAtStart(source, options, request) {
      return sizing(source, options, request, sizingListAtStart);
    },
  };
}
