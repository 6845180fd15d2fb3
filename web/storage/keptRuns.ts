/**
 * The last full run's results, and the pinned baseline's, kept in the browser (IndexedDB) for the
 * next visit: reopening the page on the same scenario shows them at once instead of simulating it
 * again (a West Midlands run takes most of a minute on two cores), and the Compare view finds the
 * baseline's replications without running it again. They are the numbers the engine gives, not a
 * stand-in: kept under the run's key (runMemo.ts runKey: the scenario's text and the options)
 * and the engine build's (vite.config.ts engineBuild), they are used only for the same text and
 * options in a build of the same engine, whose run would give them byte for byte.
 *
 * A cache, so nothing depends on it: where IndexedDB is missing, slow, full or refuses, nothing
 * is kept and every run simulates, as before.
 */
import type { ReplicationSamples, Results } from '../../src/index.js';
import type { MemoisedRun } from '../../workers/runMemo.js';
import { looksLikeResults } from './history.js';

const DATABASE = 'placewise-runs';
const STORE = 'runs';
/**
 * The records kept, one run each: the last run shown, whatever its scenario, and the pinned
 * baseline's run (its replications are what a comparison pairs, and localStorage keeps only its
 * summary: persistence.ts).
 */
export type RunSlot = 'last' | 'baseline';
const SLOTS: readonly RunSlot[] = ['last', 'baseline'];
/** How long start-up waits for the store before running without it. */
const OPEN_LIMIT_MS = 1500;

export interface StoredRun extends MemoisedRun {
  /** runKey(scenario text, options) of the run. */
  key: string;
  /** The engine build that ran it (engineBuild()). */
  engine: string;
  /** When it was kept (ms since 1970): when it finished, or was shown again from the tab's memo. */
  savedAt: number;
}

/** This build's engine, or null where runs are not to be kept (the dev server, tests outside a build). */
export function engineBuild(): string | null {
  return import.meta.env.PLACEWISE_ENGINE_BUILD ?? null;
}

/** Resolves with `work`'s value, or `fallback` once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('no IndexedDB'));
  const open = indexedDB.open(DATABASE, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
  };
  return request(open);
}

/** Whether `value` is a stored run of this shape (a damaged or foreign record is not). */
function isStoredRun(value: unknown): value is StoredRun {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<StoredRun> & { samples?: Partial<ReplicationSamples> };
  return (
    typeof r.key === 'string' &&
    typeof r.engine === 'string' &&
    typeof r.savedAt === 'number' &&
    typeof r.elapsedMs === 'number' &&
    typeof r.replications === 'number' &&
    looksLikeResults(r.results) &&
    r.samples?.values instanceof Float64Array &&
    (r.stoppedEarly === undefined || typeof r.stoppedEarly?.requested === 'number')
  );
}

/** The runs kept by a build of `engine` (none where another engine's, damaged, or the store unavailable). */
export async function readKeptRuns(engine: string): Promise<StoredRun[]> {
  const read = async () => {
    const db = await openDatabase();
    try {
      const store = db.transaction(STORE, 'readonly').objectStore(STORE);
      const values: unknown[] = await Promise.all(SLOTS.map((slot) => request(store.get(slot))));
      return values.filter((v): v is StoredRun => isStoredRun(v) && v.engine === engine);
    } finally {
      db.close();
    }
  };
  return within(read(), OPEN_LIMIT_MS, []);
}

/** Keeps `run` in `slot`, in place of the one before; false where it could not be kept. */
export async function writeKeptRun(slot: RunSlot, run: StoredRun): Promise<boolean> {
  try {
    const db = await openDatabase();
    try {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(run, slot);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
      });
      return true;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** The parts of a stored run the pool's memo keeps (runMemo.ts MemoisedRun). */
export function memoised(run: StoredRun): MemoisedRun {
  const { results, samples, replications, elapsedMs, savedAt, stoppedEarly } = run;
  return {
    results: results as Results,
    samples,
    replications,
    elapsedMs,
    savedAt,
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}
