import { describe, expect, it } from 'vitest';
import { BASELINE_KEY, CURRENT_KEY } from '../../web/persistence.js';
import {
  DRAFT_KEY,
  RECENT_LIMIT,
  RECENT_MAX_CHARS,
  SET_ASIDE_KEY,
  ScenarioHistory,
} from '../../web/storage/history.js';
import { openStored } from '../../web/storage/startup.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { inProcessValidator } from '../workers/fakeValidator.js';

const setAsideUnloadable = async (history: ScenarioHistory) =>
  (await openStored(history, inProcessValidator())).setAside;

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

describe('recent scenarios and drafts', () => {
  it('keeps the last ten distinct scenarios, newest first, named and timed', () => {
    const storage = new MemoryStorage();
    let t = 0;
    const history = new ScenarioHistory(storage, () => new Date(Date.UTC(2026, 0, 1, 0, t++)));
    for (let i = 0; i < 12; i++) history.remember({ name: `Scenario ${i}` });
    history.remember({ name: 'Scenario 5' }); // seen again: moves to the front, not duplicated
    const recent = new ScenarioHistory(storage).recent();
    expect(recent).toHaveLength(RECENT_LIMIT);
    expect(recent.map((r) => r.name).slice(0, 3)).toEqual(['Scenario 5', 'Scenario 11', 'Scenario 10']);
    expect(recent.filter((r) => r.name === 'Scenario 5')).toHaveLength(1);
    expect(recent[0]!.savedAt).toBe('2026-01-01T00:12:00.000Z');
  });

  it('does not keep a scenario too large for the list, so opening one costs no rewrite of it', () => {
    const storage = new MemoryStorage();
    const history = new ScenarioHistory(storage);
    history.remember({ name: 'real' });
    history.remember({ name: 'huge', padding: 'x'.repeat(RECENT_MAX_CHARS) });
    expect(new ScenarioHistory(storage).recent().map((r) => r.name)).toEqual(['real']);
  });

  it('saves a draft with errors and gives it back until it is cleared', () => {
    const storage = new MemoryStorage();
    const history = new ScenarioHistory(storage);
    history.saveDraft({ name: 'half typed', replications: -3 });
    expect(new ScenarioHistory(storage).draft()).toEqual({ name: 'half typed', replications: -3 });
    history.clearDraft();
    expect(storage.getItem(DRAFT_KEY)).toBeNull();
  });
});

describe('stored items that no longer load', () => {
  it('sets aside a scenario saved by a newer version, keeping its text, and leaves a good one alone', async () => {
    const storage = new MemoryStorage();
    const newer = JSON.stringify({ savedAt: 'x', doc: { ...minimalScenario(), schemaVersion: 99 } });
    storage.setItem(CURRENT_KEY, newer);
    const aside = await setAsideUnloadable(new ScenarioHistory(storage));
    expect(aside).toHaveLength(1);
    expect(aside[0]!.reason).toMatch(/^schemaVersion: made by a newer Placewise/);
    expect(storage.getItem(CURRENT_KEY)).toBeNull();
    expect(JSON.parse(storage.getItem(`${SET_ASIDE_KEY}:${CURRENT_KEY}`)!).text).toBe(newer);

    const good = new MemoryStorage();
    good.setItem(CURRENT_KEY, JSON.stringify({ savedAt: 'x', doc: minimalScenario() }));
    const opened = await openStored(new ScenarioHistory(good), inProcessValidator());
    expect(opened.setAside).toEqual([]);
    expect(opened.current?.ok).toBe(true);
    expect(opened.current?.doc).toEqual(minimalScenario());
    expect(good.getItem(CURRENT_KEY)).not.toBeNull();
  });

  it('sets aside a baseline whose stored results are damaged, or that is not JSON', async () => {
    for (const text of [
      JSON.stringify({ name: 'b', pinnedAt: 'x', doc: minimalScenario(), results: { establishments: 3 } }),
      '{"name": "b", "doc": ',
    ]) {
      const storage = new MemoryStorage();
      storage.setItem(BASELINE_KEY, text);
      const [aside] = await setAsideUnloadable(new ScenarioHistory(storage));
      expect(aside?.what).toBe('pinned baseline');
      expect(aside?.reason).toMatch(/damaged|not valid JSON/);
      expect(storage.getItem(BASELINE_KEY)).toBeNull();
    }
  });
});
