/**
 * Results of finished runs, kept by what they were computed from: the scenario's text and the run's
 * options. The engine is a pure function of those (same text, same seed, same numbers on every
 * machine and any split across workers), so a run of a scenario already run in this page (an edit
 * typed back, an undo, a built-in opened again, a baseline run of the scenario on screen) can be
 * answered from here at once instead of simulated again.
 *
 * Bounded by an estimate of the memory the results hold, not by a count: a national run's results
 * are tens of megabytes and are not kept at all, a prison's are about one.
 */
import type { ReplicationSamples, Results, RunOptions } from '../src/index.js';

/** What a finished run leaves to be handed out again. */
export interface MemoisedRun {
  results: Results;
  samples: ReplicationSamples;
  replications: number;
  /** How long the run took when it was simulated (ms). */
  elapsedMs: number;
  /** Set for a run kept in the browser from an earlier visit (web/storage/keptRuns.ts): when it was kept (ms since 1970). */
  savedAt?: number;
  /** Set for a run stopped early (pool.ts RunRequest.stopEarly): the replications it was asked for. */
  stoppedEarly?: { requested: number };
}

/** Bytes of estimated memory every kept run may hold together. */
export const MEMO_BUDGET_BYTES = 48 * 1024 * 1024;
/** Bytes of estimated memory one run may hold and still be kept. */
export const MEMO_ENTRY_BYTES = 16 * 1024 * 1024;

/**
 * The key of a run: its options (every field, in a fixed order, so a field added to RunOptions
 * later is part of it without this changing) and the scenario's text as sent. Two texts that
 * differ only in spacing are different keys: a miss, never a wrong answer.
 */
export function runKey(scenarioJson: string, options: RunOptions): string {
  const fields = Object.keys(options)
    .filter((k) => options[k as keyof RunOptions] !== undefined)
    .sort()
    .map((k) => [k, options[k as keyof RunOptions]]);
  return `${JSON.stringify(fields)}\n${scenarioJson}`;
}

/**
 * The key a finished run is kept under (the pool's memo, and the browser's kept runs, which must
 * agree): its own run's, but for a run stopped early, which is the run of the replications it did.
 */
export function keptRunKey(
  scenarioJson: string,
  options: RunOptions,
  run: { replications: number; stoppedEarly?: { requested: number } },
): string {
  return runKey(scenarioJson, run.stoppedEarly ? { ...options, replications: run.replications } : options);
}

/**
 * About how many bytes `value` holds (8 a number, 2 a character, a typed array's buffer, a little
 * for each object and array), counted no further than `limit`: the walk stops there, so sizing a
 * run too large to keep costs no more than sizing one just under the limit.
 */
export function approximateBytes(value: unknown, limit = Infinity): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && bytes <= limit) {
    const v = stack.pop();
    if (typeof v === 'number' || typeof v === 'boolean') bytes += 8;
    else if (typeof v === 'string') bytes += 16 + 2 * v.length;
    else if (ArrayBuffer.isView(v)) bytes += 64 + v.byteLength;
    else if (Array.isArray(v)) {
      bytes += 16;
      // Numbers counted here, not pushed: a weekly series is thousands of them.
      for (let k = 0; k < v.length && bytes <= limit; k++) {
        const item: unknown = v[k];
        if (typeof item === 'number') bytes += 8;
        else stack.push(item);
      }
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      bytes += 32 + 16 * entries.length;
      for (let k = 0; k < entries.length; k++) stack.push(entries[k]![1]);
    }
  }
  return bytes;
}

export class RunMemo {
  /** Kept runs by key, the most recently used last, each with its estimated bytes (key included). */
  private readonly runs = new Map<string, { run: MemoisedRun; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly budgetBytes = MEMO_BUDGET_BYTES,
    private readonly entryBytes = MEMO_ENTRY_BYTES,
  ) {}

  /** Runs kept now. */
  get size(): number {
    return this.runs.size;
  }

  /** Whether a run is kept for `key` (without making it the most recently used). */
  has(key: string): boolean {
    return this.runs.has(key);
  }

  /** The run kept for `key`, now the most recently used; undefined where none is. */
  get(key: string): MemoisedRun | undefined {
    const kept = this.runs.get(key);
    if (!kept) return undefined;
    this.runs.delete(key);
    this.runs.set(key, kept);
    return kept.run;
  }

  /**
   * Keeps `run` under `key`, dropping the least recently used runs until the budget holds it; a
   * run larger than one entry's share is not kept (and one kept before under its key goes).
   */
  set(key: string, run: MemoisedRun): void {
    this.drop(key);
    const keyBytes = 2 * key.length;
    if (keyBytes > this.entryBytes) return;
    const bytes = keyBytes + approximateBytes(run, this.entryBytes - keyBytes);
    if (bytes > this.entryBytes) return;
    for (const old of this.runs.keys()) {
      if (this.bytes + bytes <= this.budgetBytes) break;
      this.drop(old);
    }
    this.runs.set(key, { run, bytes });
    this.bytes += bytes;
  }

  private drop(key: string): void {
    const kept = this.runs.get(key);
    if (!kept) return;
    this.runs.delete(key);
    this.bytes -= kept.bytes;
  }
}
