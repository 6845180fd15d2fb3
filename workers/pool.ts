/**
 * A pool of simulation workers.
 *
 * A run is split into chunks of replications; idle workers take the next chunk from one queue, so
 * a fast worker does more of them. Because every replication has its own seeded stream, any split
 * gives the same numbers as a single batch. When every chunk is back, one worker summarises them.
 * A run stopped early (RunRequest.stopEarly) starts no more chunks and summarises its first
 * replications, those done: the same numbers as a run of that many. A run whose scenario gives a
 * precision target stops the same way once its first replications meet it (LeadingSamples,
 * precisionStop.ts), and summarises exactly those up to the checkpoint.
 *
 * A synchronous batch cannot be interrupted, so cancelling a run terminates the workers busy with
 * it and starts fresh ones. A worker that dies (fails to load, throws outside a call) fails only
 * the run it was working for, with an error that says so; the slot gets a fresh worker.
 *
 * Sizing a programme is two tasks of one job, on two workers where there are two: the search
 * (searchSizing) and the list at the start (sizingListAtStart); a cancel stops both the same way.
 *
 * How a run's replications are split into chunks is chunks.ts's; latest-wins runs for a page,
 * runChannel.ts's.
 *
 * Nothing here touches the DOM: the pool runs in a page, and its tests run it in Node over an
 * in-process MessageChannel.
 */
import * as Comlink from 'comlink';
import type { Remote } from 'comlink';
import type {
  RepBatch,
  ReplicationSamples,
  Results,
  RunOptions,
  SizingProgress,
  SizingRequest,
  SizingResult,
  SizingSearch,
  Stat,
  SummaryOptions,
} from '../src/index.js';
import { finishSizing } from '../src/engine/sizing.js';
import {
  KEPT_TEXTS,
  type CallTiming,
  type Outcome,
  type RunShape,
  type ScenarioSource,
  type SimulatedBatch,
  type SimulationApi,
  type WorkerError,
} from './api.js';
import { DEFAULT_SILENCE_MS, silentWorkersMessage, Watchdog } from './watchdog.js';
import { keptRunKey, RunMemo, runKey } from './runMemo.js';
import { leadingSamples, type LeadingSamples } from './leadingSamples.js';
import { leadingBatches, nextChunkSize, splitReplications, upTo, type Chunk } from './chunks.js';

/** One live worker as the pool sees it. */
export interface WorkerHandle {
  api: Remote<SimulationApi>;
  /** Stop the worker now; a call in flight never settles. */
  terminate(): void;
  /** Register the one listener told when the worker dies outside a call. */
  onCrash(listener: (error: Error) => void): void;
}

export type WorkerFactory = () => WorkerHandle;

export interface RunProgress {
  runId: number;
  /** Replications finished so far (including partly finished chunks). */
  done: number;
  total: number;
  phase: 'simulating' | 'summarizing';
  /**
   * The headline counts of the replications done from the first on with no gap (a prefix of the
   * run: the figures a run of that many would give), for telling how precisely the means are known
   * so far (precision.ts). Absent before the first batch is back, or from workers that send none.
   */
  samples?: ReplicationSamples;
}

export interface RunRequest {
  scenarioJson: string;
  options?: RunOptions;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /**
   * Simulate even where an earlier run of the same text and options is kept (runMemo.ts): the user
   * asked to run again. Its results are kept for later runs as any run's are.
   */
  fresh?: boolean;
  /**
   * Aborting it ends the run at the replications simulated so far: no chunk starts after it, those
   * under way finish, and the results are those of the run's first m replications (m at least
   * one), summarised. They are byte for byte a run of the same text with `replications: m`: each
   * replication's numbers depend on the seed and its index alone. RunResult.stoppedEarly says so.
   */
  stopEarly?: AbortSignal;
  /**
   * Progressive results: simulate replications [0, replications) first, hand their summary to
   * `onResults` as soon as it is ready, then run the rest. The final results are the full run's,
   * whatever the split; the provisional ones are exactly the first `replications`.
   */
  provisional?: {
    replications: number;
    onResults: (results: Results) => void;
    /**
     * Which weekly series the provisional summary works out: false none (nothing on screen draws
     * them), a scope only those of the region and the establishments named (those on screen).
     */
    weeklySeries?: SummaryOptions['weeklySeries'];
    /** Whose breakdowns the provisional summary works out (SummaryOptions `breakdowns`); absent: all. */
    breakdowns?: SummaryOptions['breakdowns'];
  };
}

/**
 * Where a run's time went, for measuring (scripts/measure-provisional.ts). Worker times are summed
 * over workers, so with two workers they can add up to twice the run's elapsed time.
 */
export interface RunPhases {
  /** Parsing, checking and compiling the scenario (0 on a worker that had it compiled already). */
  compileMs: number;
  /** Simulating replications. */
  simulateMs: number;
  /** Summarising the provisional figures. */
  provisionalSummaryMs: number;
  /** Summarising the full run, with its per-replication samples. */
  summaryMs: number;
  /** Task time outside the worker's work: messages both ways (copies, transfers) and waiting for the worker's thread. */
  messagingMs: number;
  /** Tasks sent to workers. */
  tasks: number;
  /** From the start of the run until its provisional figures were handed over (null: none). */
  provisionalAtMs: number | null;
  /** From the start of the run until the first worker had compiled it (null: it failed first). */
  preparedAtMs: number | null;
  /** From the start of the run until a progressive run's first replications were all back (null: none). */
  firstBatchesAtMs: number | null;
}

export interface RunResult {
  runId: number;
  /** Where the time went. */
  phases: RunPhases;
  results: Results;
  /** The headline counts of every replication, for comparisons paired by replication. */
  samples: ReplicationSamples;
  replications: number;
  elapsedMs: number;
  chunks: number;
  /**
   * Set where nothing was simulated: the results are those of an earlier run of the same scenario
   * text and options kept by the pool's memo (runMemo.ts), and `simulatedMs` is how long that run
   * took; `savedAt` is set where it was kept in the browser from an earlier visit (when it was kept).
   */
  reused?: { simulatedMs: number; savedAt?: number };
  /**
   * Set where the run was stopped early (RunRequest.stopEarly): the replications it was asked for.
   * `replications` and the results are those of the first `replications` of them.
   */
  stoppedEarly?: { requested: number };
}

export interface SizingRunRequest {
  scenarioJson: string;
  options?: RunOptions;
  sizing: SizingRequest;
  signal?: AbortSignal;
  /** How far the search has gone, now and then (at most every 100 ms, from the worker). */
  onProgress?: (progress: SizingProgress) => void;
}

export interface SizingRunResult {
  runId: number;
  sizing: SizingResult;
  elapsedMs: number;
}

/** Raised when a run is cancelled through its AbortSignal. */
export class RunCancelledError extends Error {
  override name = 'AbortError';
  constructor(message = 'The run was cancelled') {
    super(message);
  }
}

/** Raised when the engine reports an error, or a worker dies. */
export class SimulationError extends Error {
  override name = 'SimulationError';
  /** The error as the worker reported it, when there was one. */
  readonly workerError: WorkerError | null;
  readonly crashed: boolean;
  constructor(message: string, workerError: WorkerError | null, crashed: boolean) {
    super(message);
    this.workerError = workerError;
    this.crashed = crashed;
  }
}

/** The abort reason a RunChannel gives a run that a newer one replaces. */
export const SUPERSEDED = 'superseded';

/** What a task does, to file its time under the right phase. */
type TaskKind = 'prepare' | 'simulate' | 'provisionalSummary' | 'summary' | 'size' | 'warm';

/** How a pool's idle workers are warmed up (WorkerPool.warmUp). */
export interface WarmUp {
  /** Throwaway runs on each worker, each of a scenario compiled afresh. */
  rounds: number;
  /** Replications in each. */
  replications: number;
}

/**
 * Hands a run's progress to its listener in a task of its own, after the pool has sent the next
 * chunk, never in between: a page redraws on progress, and a redraw between a chunk's end and the
 * next one's start kept that worker waiting (measure:provisional's "messaging"). Reports of one
 * phase that come together are handed over as one, the latest.
 */
class ProgressReporter {
  private pending: RunProgress | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly listener: ((progress: RunProgress) => void) | undefined,
    private readonly live: () => boolean,
  ) {}

  report(progress: RunProgress): void {
    if (!this.listener) return;
    // A new phase never swallows the last report of the one before.
    if (this.pending && this.pending.phase !== progress.phase) this.flush();
    this.pending = progress;
    this.timer ??= setTimeout(() => this.flush(), 0);
  }

  /** Hand over what is pending now (a run does so before it resolves, so its last report comes first). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending && this.live()) this.listener?.(pending);
  }
}

interface RunState {
  id: number;
  /** The run's scenario text and the reference workers keep it under once sent (api.ts, ScenarioSource). */
  scenario: { ref: string; json: string };
  phases: RunPhases;
  aborted: boolean;
  failed: boolean;
  /** Rejects the run's promise; set once the run starts. */
  fail: (error: Error) => void;
  /** A sign of life from a worker on this run (an answer or progress): resets the watchdog. */
  heard: () => void;
  /**
   * The run's tasks go to the first this many slots only: a scenario whose SimulationContexts do
   * not all fit a tab runs on fewer workers (RunShape.workers).
   */
  slots: number;
  /** Stopped early (RunRequest.stopEarly, or its precision target met): start no more of its chunks. */
  stopping: boolean;
  /**
   * The checkpoint where its means met the scenario's precision target (precisionStop.ts), once
   * they have: the run ends there, with those replications exactly.
   */
  stopAt: number | null;
}

interface Task {
  run: RunState;
  /** Short by construction: on cancel it is left to finish (its answer ignored) rather than its worker replaced. */
  small: boolean;
  kind: TaskKind;
  /** The one slot this task must run on (a worker asked to drop what it keeps), or any. */
  slot?: number;
  /** Sent only while no other job is under way (a warm-up: it holds a run up by one task at most). */
  idle?: boolean;
  /** A chunk of replications' first (simulate tasks): stopping a run early drops its queued chunks after the first. */
  chunk?: number;
  exec: (api: Remote<SimulationApi>, scenario: ScenarioSource) => Promise<Outcome<unknown>>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Queue one call for the next free worker; settles with the call's value, or its error. */
type Enqueue = <T>(
  exec: (api: Remote<SimulationApi>, scenario: ScenarioSource) => Promise<Outcome<T>>,
  how?: TaskOptions,
) => Promise<T>;

/** How a task is queued and run (Enqueue). */
interface TaskOptions {
  small?: boolean;
  first?: boolean;
  kind?: TaskKind;
  slot?: number;
  idle?: boolean;
  chunk?: number;
}

/** What a chunk's task rejects with when a run stopped early takes it off the queue unstarted. */
class ChunkNotRun extends Error {
  override name = 'ChunkNotRun';
}

interface Slot {
  handle: WorkerHandle | null;
  task: Task | null;
  /** Bumped when the slot's worker is replaced, so a late answer from the old one is ignored. */
  generation: number;
  /** References of the scenario texts sent to this slot's worker, oldest first (emptied with a new worker). */
  sent: string[];
  /** This slot's worker has been given its warm-up (WorkerPool.warmUp); a new worker has not. */
  warmed: boolean;
}

/** References a slot remembers sending: fewer than a worker keeps (KEPT_TEXTS), so none named is gone. */
const REMEMBERED_TEXTS = KEPT_TEXTS / 2;

function emptyPhases(): RunPhases {
  return {
    compileMs: 0,
    simulateMs: 0,
    provisionalSummaryMs: 0,
    summaryMs: 0,
    messagingMs: 0,
    tasks: 0,
    provisionalAtMs: null,
    preparedAtMs: null,
    firstBatchesAtMs: null,
  };
}

/**
 * A batch's records alone, as a summary takes them: its headline counts (SimulatedBatch.samples)
 * stay in the page, where a national run's would be megabytes more to copy into the summary.
 */
function recordsOf(batch: SimulatedBatch): RepBatch {
  const { firstReplication, count, scalars, series } = batch;
  return { firstReplication, count, scalars, series };
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new SimulationError(outcome.error.message, outcome.error, false);
}

export class WorkerPool {
  readonly size: number;
  private readonly factory: WorkerFactory;
  private readonly slots: Slot[];
  private queue: Task[] = [];
  private nextRunId = 1;
  private disposed = false;
  /** Jobs under way other than warm-ups: a warm-up's tasks wait until there are none. */
  private busyJobs = 0;

  /** How long a run's workers may say nothing before the run is ended (watchdog.ts). */
  private readonly silenceMs: number;

  /** Finished runs' results by scenario text and options, handed out again for the same run (runMemo.ts). */
  readonly memo: RunMemo | null;

  /** `memo`: where finished runs are kept to be handed out again; null runs every request afresh. */
  constructor(
    factory: WorkerFactory,
    size: number,
    silenceMs = DEFAULT_SILENCE_MS,
    memo: RunMemo | null = new RunMemo(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a whole number >= 1, got ${size}`);
    this.factory = factory;
    this.silenceMs = silenceMs;
    this.memo = memo;
    this.size = size;
    this.slots = Array.from({ length: size }, () => ({
      handle: null,
      task: null,
      generation: 0,
      sent: [],
      warmed: false,
    }));
  }

  /** Workers currently started (they start on first use and after a cancel). */
  get liveWorkers(): number {
    return this.slots.filter((s) => s.handle !== null).length;
  }

  /**
   * Run a scenario: compile, simulate every replication across the pool, summarise.
   * Rejects with RunCancelledError when `signal` aborts, SimulationError when the engine or a
   * worker fails.
   */
  run(request: RunRequest): Promise<RunResult> {
    if (this.disposed) return Promise.reject(new Error('The worker pool has been disposed'));
    const runId = this.nextRunId++;
    const started = now();
    const { scenarioJson } = request;
    const options: RunOptions = { ...request.options };
    if (request.signal?.aborted) return Promise.reject(new RunCancelledError());
    // The same text and options give the same numbers (the engine is a pure function of them):
    // an earlier run's results are this run's, with nothing simulated.
    const key = this.memo ? runKey(scenarioJson, options) : '';
    const known = request.fresh ? undefined : this.memo?.get(key);
    if (known) {
      const { results, samples, replications, elapsedMs, savedAt, stoppedEarly } = known;
      return Promise.resolve({
        runId,
        phases: emptyPhases(),
        results,
        samples,
        replications,
        elapsedMs: now() - started,
        chunks: 0,
        reused: { simulatedMs: elapsedMs, ...(savedAt === undefined ? {} : { savedAt }) },
        ...(stoppedEarly ? { stoppedEarly } : {}),
      });
    }
    return this.simulated(runId, started, request, options).then((result) => {
      this.memo?.set(keptRunKey(scenarioJson, options, result), {
        results: result.results,
        samples: result.samples,
        replications: result.replications,
        elapsedMs: result.elapsedMs,
        ...(result.stoppedEarly ? { stoppedEarly: result.stoppedEarly } : {}),
      });
      return result;
    });
  }

  /** A run simulated on the workers (run, where no earlier run of the same scenario and options is kept). */
  private simulated(runId: number, started: number, request: RunRequest, options: RunOptions): Promise<RunResult> {
    const { scenarioJson, stopEarly } = request;
    return this.job(runId, request.signal, scenarioJson, async (run, task) => {
      // Told to stop early: no chunk starts after it (progressive's loops stop; the other path's
      // queued chunks, all but the first, are taken off the queue, so some replication is done).
      const stop = () => {
        run.stopping = true;
        this.dropLaterChunks(run);
      };
      if (stopEarly?.aborted) run.stopping = true;
      else stopEarly?.addEventListener('abort', stop, { once: true });
      try {
        return await this.simulatedFlow(run, task, runId, started, request, options);
      } finally {
        stopEarly?.removeEventListener('abort', stop);
      }
    });
  }

  /** simulated()'s job: compile, then simulate in chunks (progressive or not) and summarise. */
  private async simulatedFlow(
    run: RunState,
    task: Enqueue,
    runId: number,
    started: number,
    request: RunRequest,
    options: RunOptions,
  ): Promise<RunResult> {
    const { onProgress } = request;
    // A progressive run compiles on every worker at once, and goes on as soon as one has: its first
    // chunk starts there while the others finish compiling (their chunks queue behind), so the
    // first figures wait for one compile, not two in a row nor the slowest before any simulating.
    const prepares = request.provisional ? this.size : 1;
    const shapes = Array.from({ length: prepares }, () =>
      task<RunShape>((api, scenario) => api.prepare(scenario, options), { small: true, kind: 'prepare' }),
    );
    // A failing compile fails on every worker alike: the first to answer reports it for the run.
    for (const s of shapes.slice(1)) s.catch(() => {});
    const shape = await Promise.race(shapes);
    run.phases.preparedAtMs = now() - started;
    const total = shape.replications;
    this.keepTo(run, task, shape, options);
    const k = Math.min(total, Math.max(0, Math.floor(request.provisional?.replications ?? 0)));
    if (request.provisional && k > 0 && k < total)
      return this.progressive(run, task, runId, started, options, shape, k, request);
    const chunks = splitReplications(total, run.slots);
    const partial = new Map<number, number>();
    const completed = new Set<number>();
    let finished = 0;
    const leading = leadingSamples(shape);
    const progress = new ProgressReporter(onProgress, () => !run.aborted && !run.failed);
    const report = (phase: RunProgress['phase']) => {
      if (!onProgress || run.aborted || run.failed) return;
      let done = finished;
      for (const v of partial.values()) done += v;
      progress.report({ runId, done: Math.min(done, total), total, phase, ...leading?.progress() });
    };
    report('simulating');
    const done = Promise.all(
      chunks.map((chunk) =>
        task<SimulatedBatch>(
          (api, scenario) =>
            api.runBatch(
              scenario,
              options,
              chunk.first,
              chunk.count,
              onProgress
                ? Comlink.proxy((done: number) => {
                    // Progress messages can arrive after the chunk's result: ignore those.
                    if (completed.has(chunk.first)) return;
                    run.heard();
                    partial.set(chunk.first, done);
                    report('simulating');
                  })
                : undefined,
            ),
          { chunk: chunk.first },
        ).then(
          (batch) => {
            completed.add(chunk.first);
            partial.delete(chunk.first);
            finished += chunk.count;
            leading?.add(batch);
            this.stopIfPreciseEnough(run, leading);
            report('simulating');
            return batch;
          },
          (error: unknown) => {
            if (error instanceof ChunkNotRun) return null;
            throw error;
          },
        ),
      ),
    );
    // Told to stop before the chunks were queued: all but the first go at once.
    if (run.stopping) this.dropLaterChunks(run);
    // Stopped early: the chunks run are the first ones (the queue hands them out in order).
    const batches = upTo(leadingBatches(await done), run.stopAt);
    const replications = batches.reduce((n, b) => n + b.count, 0);
    report('summarizing');
    const summary = await this.summarized(task, options, batches);
    progress.flush();
    return {
      runId,
      phases: run.phases,
      ...summary,
      replications,
      elapsedMs: now() - started,
      chunks: batches.length,
      ...(replications < total && run.stopAt === null ? { stoppedEarly: { requested: total } } : {}),
    };
  }

  /** The run's batches summarised by a worker, their buffers handed over (not copied). */
  private summarized(
    task: Enqueue,
    options: RunOptions,
    batches: RepBatch[],
  ): Promise<{ results: Results; samples: ReplicationSamples }> {
    const records = batches.map(recordsOf);
    const buffers = [...new Set(records.flatMap((b) => [b.scalars.buffer, b.series.buffer]))] as ArrayBuffer[];
    return task<{ results: Results; samples: ReplicationSamples }>(
      (api, scenario) => api.summarizeWithSamples(scenario, options, Comlink.transfer(records, buffers)),
      { kind: 'summary' },
    );
  }

  /**
   * A run in two phases: the first `k` replications, one chunk a worker, summarised for
   * `onResults` at the head of the queue; then the rest in chunks sized from how long the first
   * took. Every task is short, so superseding the run lets workers finish instead of replacing them.
   */
  private async progressive(
    run: RunState,
    task: Enqueue,
    runId: number,
    started: number,
    options: RunOptions,
    shape: RunShape,
    k: number,
    request: RunRequest,
  ): Promise<RunResult> {
    const { onProgress } = request;
    const total = shape.replications;
    let finished = 0;
    const leading = leadingSamples(shape);
    const progress = new ProgressReporter(onProgress, () => !run.aborted && !run.failed);
    const report = (phase: RunProgress['phase']) => {
      if (onProgress && !run.aborted && !run.failed)
        progress.report({ runId, done: Math.min(finished, total), total, phase, ...leading?.progress() });
    };
    // A chunk's pace is the worker's own simulating time (its CallTiming), not the wall clock
    // around the task: that also counts a compile on the worker (the provisional chunks wait on
    // it), the queue (behind the provisional summary) and messaging, and sized the chunks after
    // them too small (1-replication chunks at Stafford's first). Wall time when a worker gives none.
    const paces = new Map<number, number>();
    const simulate = (chunk: Chunk) => {
      const t = now();
      return task<SimulatedBatch>(
        (api, scenario) =>
          api.runBatch(scenario, options, chunk.first, chunk.count).then((outcome) => {
            if (outcome.ok && outcome.timing) paces.set(chunk.first, outcome.timing.workMs / chunk.count);
            return outcome;
          }),
        { small: true, kind: 'simulate' },
      ).then((batch) => {
        if (!paces.has(chunk.first)) paces.set(chunk.first, (now() - t) / chunk.count);
        finished += chunk.count;
        leading?.add(batch);
        this.stopIfPreciseEnough(run, leading);
        report('simulating');
        return batch;
      });
    };
    report('simulating');
    const firstChunks = splitReplications(k, run.slots, 1);
    const firstBatches = await Promise.all(firstChunks.map(simulate));
    run.phases.firstBatchesAtMs = now() - started;
    const msPerReplication = Math.max(...firstChunks.map((c) => paces.get(c.first) ?? 0));
    // Copied, not transferred: the same batches go into the final summary.
    const weeklySeries = request.provisional?.weeklySeries ?? true;
    const breakdowns = request.provisional?.breakdowns;
    const provisional = task<Results>(
      (api, scenario) => api.summarize(scenario, options, firstBatches.map(recordsOf), { weeklySeries, breakdowns }),
      { small: true, first: true, kind: 'provisionalSummary' },
    ).then(
      (results) => {
        if (run.aborted || run.failed) return;
        run.phases.provisionalAtMs = now() - started;
        request.provisional?.onResults(results);
      },
      () => {}, // a failed preview is no failure of the run: the full run reports its own errors
    );
    // One loop a worker, each sizing its next chunk from how long its last one took.
    let next = k;
    let chunks = firstChunks.length;
    const loop = async (): Promise<RepBatch[]> => {
      const mine: RepBatch[] = [];
      let pace = msPerReplication;
      while (next < total && !run.aborted && !run.failed && !run.stopping) {
        const count = Math.min(total - next, nextChunkSize(pace, total - next, run.slots));
        const chunk = { first: next, count };
        next += count;
        chunks++;
        mine.push(await simulate(chunk));
        pace = paces.get(chunk.first) ?? pace;
      }
      return mine;
    };
    const rest = (await Promise.all(Array.from({ length: run.slots }, loop))).flat();
    await provisional;
    report('summarizing');
    // Stopped early, every chunk started has finished: they are replications [0, next).
    const batches = upTo([...firstBatches, ...rest], run.stopAt);
    const replications = run.stopAt ?? next;
    const summary = await this.summarized(task, options, batches);
    progress.flush();
    return {
      runId,
      phases: run.phases,
      ...summary,
      replications,
      elapsedMs: now() - started,
      chunks,
      ...(replications < total && run.stopAt === null ? { stoppedEarly: { requested: total } } : {}),
    };
  }

  /**
   * Keeps the run to the workers whose contexts of its scenario a tab holds (shape.workers), and
   * has every started worker past them compile it too: compiling drops
   * the context a worker kept of the scenario before (api.ts), which would otherwise stay beside
   * this run's. The run does not wait for them.
   */
  private keepTo(run: RunState, task: Enqueue, shape: RunShape, options: RunOptions): void {
    const workers = Math.max(1, Math.min(this.size, Math.floor(shape.workers ?? this.size)));
    if (workers >= this.size) return;
    run.slots = workers;
    // A progressive run's own prepares still queued now go only to those workers: these are
    // pinned (a worker that compiled it already answers from its cache).
    for (let slot = workers; slot < this.size; slot++) {
      if (!this.slots[slot]?.handle) continue; // never started: keeps nothing
      task<RunShape>((api, scenario) => api.prepare(scenario, options), { small: true, kind: 'prepare', slot }).catch(
        () => {},
      );
    }
  }

  /**
   * Warm up the started workers not warmed yet, while the pool is idle: each runs `rounds`
   * throwaway runs of the scenario (SimulationApi.warm), one task at a time, sent only while no
   * run or sizing is under way, so a warm-up never holds up one by more than the task in hand
   * (a compile and a couple of replications). The first edit after opening then finds the
   * engine's code ready (api.ts says why it is not after one run). Resolves with the tasks run;
   * results are untouched: nothing a warm-up does is kept. A worker started later (after a
   * cancel) is warmed by the next call.
   */
  warmUp(scenarioJson: string, warm: WarmUp, options: RunOptions = {}): Promise<number> {
    if (this.disposed) return Promise.resolve(0);
    const slots = this.slots.flatMap((slot, index) => (slot.handle && !slot.warmed ? [index] : []));
    const rounds = Math.max(0, Math.floor(warm.rounds));
    if (slots.length === 0 || rounds === 0) return Promise.resolve(0);
    for (const index of slots) this.slots[index]!.warmed = true;
    const opts: RunOptions = { ...options };
    return this.job(
      this.nextRunId++,
      undefined,
      scenarioJson,
      async (_run, task) => {
        const done = await Promise.all(
          slots.flatMap((slot) =>
            Array.from({ length: rounds }, () =>
              task<null>((api, scenario) => api.warm(scenario, opts, warm.replications), {
                small: true,
                kind: 'warm',
                slot,
                idle: true,
              }).then(
                () => 1,
                () => 0, // a failed warm-up costs nothing but its time
              ),
            ),
          ),
        );
        return done.reduce((a: number, b: number) => a + b, 0);
      },
      false,
      true,
    ).catch(() => 0);
  }

  /**
   * Size a programme (`sizeProgramme` in the core) as two tasks: the search on one worker and the
   * list at the start (an independent run of today's provision) on another where there is one;
   * finishSizing puts them together, as sizeProgramme does. The search's levels depend on each
   * other, so it is not split. Cancelling replaces the workers busy with it.
   */
  sizeProgramme(request: SizingRunRequest): Promise<SizingRunResult> {
    if (this.disposed) return Promise.reject(new Error('The worker pool has been disposed'));
    const runId = this.nextRunId++;
    const started = now();
    const { scenarioJson, sizing, onProgress } = request;
    const options: RunOptions = { ...request.options };
    return this.job(
      runId,
      request.signal,
      scenarioJson,
      async (run, task) => {
        const [search, listAtStart] = await Promise.all([
          task<SizingSearch>(
            (api, scenario) =>
              api.sizeSearch(
                scenario,
                options,
                sizing,
                onProgress ? Comlink.proxy((p: SizingProgress) => !run.aborted && onProgress(p)) : undefined,
              ),
            { kind: 'size' },
          ),
          task<Stat>((api, scenario) => api.sizeListAtStart(scenario, options, sizing), { kind: 'size' }),
        ]);
        return { runId, sizing: finishSizing(search, listAtStart), elapsedMs: now() - started };
      },
      false,
    );
  }

  /**
   * Run `flow` as one job: its tasks share a fate. Aborting `signal`, or any task failing, drops
   * the job's queued tasks and replaces the workers busy with it; the job rejects once.
   */
  private job<T>(
    runId: number,
    signal: AbortSignal | undefined,
    scenarioJson: string,
    flow: (run: RunState, task: Enqueue) => Promise<T>,
    watched = true,
    idle = false,
  ) {
    if (!idle) this.busyJobs++;
    let ended = false;
    /** Once the job has settled: a warm-up waiting for an idle pool may start. */
    const end = () => {
      if (ended || idle) return;
      ended = true;
      this.busyJobs--;
      // In a task of its own, after the caller has heard: a run it starts at once goes first.
      setTimeout(() => this.schedule(), 0);
    };
    return new Promise<T>((resolveJob, rejectJob) => {
      const run: RunState = {
        id: runId,
        scenario: { ref: `run-${runId}`, json: scenarioJson },
        phases: emptyPhases(),
        aborted: false,
        failed: false,
        fail: () => {},
        heard: () => {},
        slots: this.size,
        stopping: false,
        stopAt: null,
      };
      // Sizing is one long call with no progress to hear: only runs are watched.
      const watchdog = new Watchdog(watched ? this.silenceMs : Infinity, (ms) => {
        // Waiting in the queue behind another run is not silence (its own watchdog hears it): only
        // a run on workers can be, or one held up by a warm-up that has said nothing this long
        // (a warm-up is two short replications and nothing else watches it: its worker is gone).
        const held = this.slots.filter((s) => s.task?.idle === true);
        if (held.length === 0 && !this.slots.some((s) => s.task?.run === run)) {
          watchdog.heard();
          return;
        }
        for (const slot of held) {
          const warmUp = slot.task as Task;
          this.replaceWorker(slot, true);
          warmUp.reject(new RunCancelledError());
        }
        run.fail(new SimulationError(silentWorkersMessage(ms), null, true));
      });
      run.heard = () => watchdog.heard();
      const onAbort = () => {
        if (run.aborted || run.failed) return;
        watchdog.stop();
        run.aborted = true;
        // Superseded by a newer run: its short tasks may finish. Cancelled: stop now.
        this.stopRun(run, signal?.reason === SUPERSEDED);
        end();
        rejectJob(new RunCancelledError());
      };
      run.fail = (error: Error) => {
        if (run.aborted || run.failed) return;
        watchdog.stop();
        run.failed = true;
        signal?.removeEventListener('abort', onAbort);
        // An error the engine reported (a scenario that does not load, say) fails alike on every
        // worker at once: their short tasks may finish, so the next run finds them compiled.
        const reported = error instanceof SimulationError && error.workerError !== null && !error.crashed;
        this.stopRun(run, reported);
        end();
        rejectJob(error);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      watchdog.heard();

      const task: Enqueue = <R>(
        exec: (api: Remote<SimulationApi>, scenario: ScenarioSource) => Promise<Outcome<R>>,
        how: TaskOptions = {},
      ): Promise<R> =>
        new Promise<R>((resolve, reject) => {
          const t: Task = {
            run,
            exec,
            small: how.small ?? false,
            kind: how.kind ?? 'simulate',
            ...(how.slot === undefined ? {} : { slot: how.slot }),
            ...(how.idle ? { idle: true } : {}),
            ...(how.chunk === undefined ? {} : { chunk: how.chunk }),
            resolve: resolve as (v: unknown) => void,
            reject,
          };
          if (how.first) this.queue.unshift(t);
          else this.queue.push(t);
          this.schedule();
        });

      flow(run, task).then(
        (result) => {
          watchdog.stop();
          signal?.removeEventListener('abort', onAbort);
          if (!run.aborted && !run.failed) {
            end();
            resolveJob(result);
          }
        },
        (error: unknown) => run.fail(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  /** Terminate every worker; the pool cannot be used afterwards. */
  dispose(): void {
    this.disposed = true;
    for (const task of this.queue) task.run.fail(new RunCancelledError('The worker pool was shut down'));
    this.queue = [];
    for (const slot of this.slots) {
      slot.generation++;
      slot.handle?.terminate();
      slot.handle = null;
      const task = slot.task;
      slot.task = null;
      task?.run.fail(new RunCancelledError('The worker pool was shut down'));
    }
  }

  /** Drop a run's queued tasks and replace the workers busy with it. */
  private stopRun(run: RunState, letShortTasksFinish = false): void {
    const stopped: Task[] = [];
    this.queue = this.queue.filter((t) => (t.run === run ? (stopped.push(t), false) : true));
    for (const slot of this.slots) {
      if (slot.task?.run === run) {
        stopped.push(slot.task);
        // When a newer run replaces this one, a short task finishes sooner than a fresh worker would
        // start and compile: let it, and ignore its answer (the slot frees itself when it comes).
        if (!(letShortTasksFinish && slot.task.small)) this.replaceWorker(slot, true);
      }
    }
    // Settle the run's own tasks so nothing waits on them; the run itself has already settled.
    for (const t of stopped) t.reject(new RunCancelledError());
    this.schedule();
  }

  /**
   * Takes a run stopped early's queued chunks, all but its first, off the queue unstarted; each
   * rejects with ChunkNotRun. The first stays, so some replication is done.
   */
  /**
   * Where the run's replications back so far meet the scenario's precision target (LeadingSamples
   * stopAt), the run stops as "Stop here" stops it, and ends at that checkpoint exactly.
   */
  private stopIfPreciseEnough(run: RunState, leading: LeadingSamples | null): void {
    const at = leading?.stopAt ?? null;
    if (at === null || run.stopAt !== null) return;
    run.stopAt = at;
    run.stopping = true;
    this.dropLaterChunks(run);
  }

  private dropLaterChunks(run: RunState): void {
    const dropped: Task[] = [];
    const later = (t: Task) => t.run === run && t.chunk !== undefined && t.chunk > 0;
    this.queue = this.queue.filter((t) => (later(t) ? (dropped.push(t), false) : true));
    for (const t of dropped) t.reject(new ChunkNotRun());
  }

  /** File a finished task's time under its run's phases. */
  private recordTiming(task: Task, timing: CallTiming | undefined, wallMs: number): void {
    const phases = task.run.phases;
    phases.tasks++;
    if (!timing) return;
    phases.compileMs += timing.compileMs;
    const work = timing.workMs;
    if (task.kind === 'simulate') phases.simulateMs += work;
    else if (task.kind === 'provisionalSummary') phases.provisionalSummaryMs += work;
    else if (task.kind === 'summary') phases.summaryMs += work;
    phases.messagingMs += Math.max(0, wallMs - timing.compileMs - work);
  }

  private replaceWorker(slot: Slot, respawn: boolean): void {
    slot.generation++;
    slot.task = null;
    slot.handle?.terminate();
    slot.handle = null;
    if (respawn && !this.disposed) this.spawn(slot);
  }

  private spawn(slot: Slot): WorkerHandle {
    const handle = this.factory();
    slot.sent = [];
    slot.warmed = false;
    const generation = slot.generation;
    handle.onCrash((error) => {
      if (slot.generation !== generation) return;
      const task = slot.task;
      this.replaceWorker(slot, false);
      task?.run.fail(new SimulationError(`A simulation worker stopped unexpectedly: ${error.message}`, null, true));
      this.schedule();
    });
    slot.handle = handle;
    return handle;
  }

  private schedule(): void {
    if (this.disposed) return;
    // Tasks of runs that have ended go; the rest wait for a slot they may use.
    this.queue = this.queue.filter((t) => !t.run.aborted && !t.run.failed);
    for (const [index, slot] of this.slots.entries()) {
      if (slot.task) continue;
      const at = this.queue.findIndex(
        (t) => (t.slot === undefined ? index < t.run.slots : t.slot === index) && (!t.idle || this.busyJobs === 0),
      );
      if (at < 0) continue;
      const [task] = this.queue.splice(at, 1) as [Task];
      const handle = slot.handle ?? this.spawn(slot);
      const generation = slot.generation;
      slot.task = task;
      const { ref, json } = task.run.scenario;
      // The text goes to a worker once a run; later tasks name it. Most recently used last, as the
      // worker keeps them: it keeps more than the slot remembers, so it never lacks one named.
      const sent = slot.sent.indexOf(ref);
      if (sent >= 0) slot.sent.splice(sent, 1);
      slot.sent.push(ref);
      if (slot.sent.length > REMEMBERED_TEXTS) slot.sent.shift();
      const t0 = now();
      let call: Promise<Outcome<unknown>>;
      try {
        call = task.exec(handle.api, sent >= 0 ? { ref } : { ref, json });
      } catch (e) {
        call = Promise.reject(e);
      }
      call.then(
        (outcome) => {
          if (slot.generation !== generation) return;
          task.run.heard();
          slot.task = null;
          if (outcome.ok) this.recordTiming(task, outcome.timing, now() - t0);
          try {
            task.resolve(unwrap(outcome));
          } catch (e) {
            task.reject(e as Error);
          }
          this.schedule();
        },
        (error: unknown) => {
          if (slot.generation !== generation) return;
          slot.task = null;
          // Comlink rethrows what the worker threw; the API returns errors as data, so this is
          // a failure of the channel itself (e.g. an uncloneable value).
          const message = error instanceof Error ? error.message : String(error);
          task.reject(new SimulationError(`The simulation worker could not answer: ${message}`, null, false));
          this.schedule();
        },
      );
    }
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
