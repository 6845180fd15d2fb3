/**
 * Work is never lost: the current scenario (and a pinned baseline) are kept in localStorage as
 * they change. The guard: only a scenario that loads is ever written over the saved one, so a
 * broken file or a half-typed edit cannot destroy the last good scenario.
 */
import type { Results } from '../src/index.js';

export const CURRENT_KEY = 'placewise:scenario:v1';
export const BASELINE_KEY = 'placewise:baseline:v1';

export interface Baseline {
  name: string;
  pinnedAt: string;
  doc: unknown;
  /** Absent when storage was too small to keep them; they are then computed again. */
  results?: Results;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class ScenarioStore {
  private readonly storage: StorageLike | null;
  private readonly loads: (doc: unknown) => boolean;

  /** `loads` decides whether a document is a scenario that loads (the guard). */
  constructor(storage: StorageLike | null, loads: (doc: unknown) => boolean) {
    this.storage = storage;
    this.loads = loads;
  }

  /** Save the current scenario (its JSON, when known, is not made again); refuses one that does not load. */
  saveCurrent(doc: unknown, json: string = JSON.stringify(doc)): boolean {
    if (!this.loads(doc)) return false;
    return this.write(CURRENT_KEY, `{"savedAt":${JSON.stringify(new Date().toISOString())},"doc":${json}}`);
  }

  /** The saved scenario, or null when there is none or it no longer loads. */
  loadCurrent(): unknown {
    const stored = this.read(CURRENT_KEY) as { doc?: unknown } | null;
    if (!stored || stored.doc === undefined) return null;
    return this.loads(stored.doc) ? stored.doc : null;
  }

  saveBaseline(baseline: Baseline): boolean {
    if (!this.loads(baseline.doc)) return false;
    if (this.write(BASELINE_KEY, JSON.stringify(baseline))) return true;
    // Results can be large: keep at least the scenario; they are computed again on load.
    const { results: _dropped, ...scenarioOnly } = baseline;
    return this.write(BASELINE_KEY, JSON.stringify(scenarioOnly));
  }

  loadBaseline(): Baseline | null {
    const b = this.read(BASELINE_KEY) as Baseline | null;
    if (!b || typeof b.name !== 'string' || !this.loads(b.doc)) return null;
    return b;
  }

  clearBaseline(): void {
    try {
      this.storage?.removeItem(BASELINE_KEY);
    } catch {
      // storage unavailable: nothing to clear
    }
  }

  private write(key: string, text: string): boolean {
    if (!this.storage) return false;
    try {
      this.storage.setItem(key, text);
      return true;
    } catch {
      return false; // quota exceeded or storage disabled
    }
  }

  private read(key: string): unknown {
    if (!this.storage) return null;
    try {
      const text = this.storage.getItem(key);
      return text === null ? null : (JSON.parse(text) as unknown);
    } catch {
      return null;
    }
  }
}
