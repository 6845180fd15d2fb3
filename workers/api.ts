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
  loadScenario,
  replicationSamples,
  simulateBatch,
  sizeProgramme,
  summarize,
} from '../src/index.js';
import { BROWSER_BUDGET, budgetProblem, describeRunFailure } from '../src/engine/budget.js';
import type {
  CompiledScenario,
  RepBatch,
  ReplicationSamples,
  Results,
  RunOptions,
  Scenario,
  SizingRequest,
  SizingResult,
  SummaryOptions,
} from '../src/index.js';

/** An error as plain data, so it survives structured cloning. */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WorkerError };

/** What a main thread needs to know to split a run: the compiled counts, never the compiled object. */
export interface RunShape {
  replications: number;
  seed: string;
  weeks: number;
}

/** Called with replications finished inside the current batch (not cumulative across batches). */
export type ProgressCallback = (replicationsDone: number) => void;

export interface SimulationApi {
  /** Compile (or reuse) the scenario and report its shape. */
  prepare(scenarioJson: string, options: RunOptions): Outcome<RunShape>;
  /** Simulate replications [first, first + count); the batch's buffers are transferred back. */
  runBatch(
    scenarioJson: string,
    options: RunOptions,
    first: number,
    count: number,
    onProgress?: ProgressCallback,
  ): Outcome<RepBatch>;
  /** Summarise batches (any order) into Results; `summary` may leave out the weekly series. */
  summarize(scenarioJson: string, options: RunOptions, batches: RepBatch[], summary?: SummaryOptions): Outcome<Results>;
  /** Summarise, and keep the headline counts of each replication for paired comparisons. */
  summarizeWithSamples(
    scenarioJson: string,
    options: RunOptions,
    batches: RepBatch[],
  ): Outcome<{ results: Results; samples: ReplicationSamples }>;
  /** The fewest groups a year of one programme meeting a target: every level is a full run, in this worker. */
  size(scenarioJson: string, options: RunOptions, request: SizingRequest): Outcome<SizingResult>;
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
}

/**
 * Builds the API with its own compile cache. The cache key is the scenario JSON plus the options,
 * so an edit (new JSON) compiles again and a repeated call with the same scenario does not; the
 * population fits are kept across edits (CompileCache), so compiling an edit refits only what it
 * changed.
 */
export function createSimulationApi(): SimulationApi {
  let cached: { key: string; compiled: CompiledScenario } | null = null;
  // Fits outlive the compiled scenario: an edit that leaves the population alone does not refit.
  const fits = new CompileCache();

  function compiled(scenarioJson: string, options: RunOptions): CompiledScenario {
    const key = `${JSON.stringify(options)}\n${scenarioJson}`;
    if (cached && cached.key === key) return cached.compiled;
    const scenario = loaded(scenarioJson);
    // Refuse what a tab cannot hold before compiling allocates any of it.
    const tooLarge = budgetProblem(scenario, options, BROWSER_BUDGET);
    if (tooLarge !== undefined) throw new Error(tooLarge);
    const c = compileScenario(scenario, options, fits);
    cached = { key, compiled: c };
    return c;
  }

  return {
    prepare(scenarioJson, options) {
      try {
        const c = compiled(scenarioJson, options);
        return { ok: true, value: { replications: c.replications, seed: c.seed, weeks: c.weeks } };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    runBatch(scenarioJson, options, first, count, onProgress) {
      try {
        const c = compiled(scenarioJson, options);
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
        const batch = simulateBatch(c, first, count, hooks);
        // Both arrays may view one buffer: transfer each buffer once.
        const buffers = [...new Set([batch.scalars.buffer, batch.series.buffer])] as ArrayBuffer[];
        return Comlink.transfer({ ok: true, value: batch }, buffers);
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    summarize(scenarioJson, options, batches, summary) {
      try {
        return { ok: true, value: summarize(compiled(scenarioJson, options), batches, summary) };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    summarizeWithSamples(scenarioJson, options, batches) {
      try {
        const c = compiled(scenarioJson, options);
        const samples = replicationSamples(c, batches);
        const value = { results: summarize(c, batches), samples };
        return Comlink.transfer({ ok: true, value }, [samples.values.buffer as ArrayBuffer]);
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },

    size(scenarioJson, options, request) {
      try {
        checkSizingRequest(request);
        const scenario = loaded(scenarioJson);
        const tooLarge = budgetProblem(scenario, options, BROWSER_BUDGET);
        if (tooLarge !== undefined) throw new Error(tooLarge);
        // Each level compiles its own variant of the scenario, so the compile cache is no use here.
        return { ok: true, value: sizeProgramme(scenario, request, options) };
      } catch (e) {
        return { ok: false, error: toWorkerError(e) };
      }
    },
  };
}
