import { describe, expect, it } from 'vitest';
import { BASELINE_KEY, CURRENT_KEY, ScenarioStore } from '../../web/persistence.js';
import type { Results } from '../../src/index.js';

class MemoryStorage {
  items = new Map<string, string>();
  quota = Infinity;
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new Error('QuotaExceededError');
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const loads = (doc: unknown) => typeof doc === 'object' && doc !== null && (doc as { ok?: boolean }).ok === true;

describe('ScenarioStore', () => {
  it('saves and restores the current scenario', () => {
    const storage = new MemoryStorage();
    const store = new ScenarioStore(storage, loads);
    expect(store.loadCurrent()).toBeNull();
    expect(store.saveCurrent({ ok: true, name: 'a' })).toBe(true);
    expect(new ScenarioStore(storage, loads).loadCurrent()).toEqual({ ok: true, name: 'a' });
  });

  it('never replaces the saved scenario with one that does not load', () => {
    const storage = new MemoryStorage();
    const store = new ScenarioStore(storage, loads);
    store.saveCurrent({ ok: true, name: 'good' });
    expect(store.saveCurrent({ ok: false, name: 'broken' })).toBe(false);
    expect(store.loadCurrent()).toEqual({ ok: true, name: 'good' });
  });

  it('ignores stored text that is damaged or no longer loads', () => {
    const storage = new MemoryStorage();
    storage.setItem(CURRENT_KEY, '{not json');
    expect(new ScenarioStore(storage, loads).loadCurrent()).toBeNull();
    storage.setItem(CURRENT_KEY, JSON.stringify({ doc: { ok: false } }));
    expect(new ScenarioStore(storage, loads).loadCurrent()).toBeNull();
  });

  it('keeps a pinned baseline, dropping its results when storage is too small', () => {
    const storage = new MemoryStorage();
    const store = new ScenarioStore(storage, loads);
    const results = { scenario: 'x', big: 'y'.repeat(5000) } as unknown as Results;
    storage.quota = 2000;
    expect(store.saveBaseline({ name: 'b', pinnedAt: '2026-01-01T00:00:00Z', doc: { ok: true }, results })).toBe(true);
    const b = store.loadBaseline();
    expect(b?.name).toBe('b');
    expect(b?.results).toBeUndefined();
    store.clearBaseline();
    expect(storage.getItem(BASELINE_KEY)).toBeNull();
  });

  it('works (keeps nothing) when storage is unavailable', () => {
    const store = new ScenarioStore(null, loads);
    expect(store.saveCurrent({ ok: true })).toBe(false);
    expect(store.loadCurrent()).toBeNull();
  });
});
