import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CompileCache, compileScenario, loadScenario, simulateBatch, summarize } from '../../src/index.js';
import type { Scenario } from '../../src/index.js';
import { receptionSegments } from '../../src/engine/replicationState.js';

/** Fits kept from one compile to the next (the app's worker compiles edit after edit). */

const STAFFORD = new URL('../../scenarios/stafford-2014.json', import.meta.url);
const WEST_MIDLANDS = new URL('../../scenarios/west-midlands-2014.json', import.meta.url);
type Doc = {
  [key: string]: unknown;
  establishments: {
    population: { total?: number; tables: { cells: { count: number }[] }[] };
    operationalCapacity: number;
    programmes: { groupsPerYear: number; eligibility?: unknown; defaults?: string[] }[];
  }[];
  programmes: { minWeeksLeftToStart: number }[];
  release: { determinate: { releasePoint: number } };
};
const staffordDoc = () => JSON.parse(readFileSync(STAFFORD, 'utf8')) as Doc;

function scenarioOf(doc: Doc): Scenario {
  const r = loadScenario(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.scenario;
}

/** Stafford's file with `edit` made to it, loaded. */
function staffordEdited(edit: (d: Doc) => void): Scenario {
  const doc = staffordDoc();
  edit(doc);
  return scenarioOf(doc);
}

const OPTIONS = { seed: 11, replications: 3 };
const resultsOf = (s: Scenario, cache?: CompileCache) => {
  const c = compileScenario(s, OPTIONS, cache);
  return JSON.stringify(summarize(c, [simulateBatch(c, 0, 3)]));
};

describe('a compile cache kept across edits', () => {
  it('reuses the fit when an edit leaves the population alone, with the same results as fitting afresh', () => {
    const cache = new CompileCache();
    const first = compileScenario(scenarioOf(staffordDoc()), OPTIONS, cache);
    expect(cache.fitted).toBe(1);
    const doc = staffordDoc();
    doc.establishments[0]!.programmes[0]!.groupsPerYear = 4;
    const edited = scenarioOf(doc);
    const again = compileScenario(edited, OPTIONS, cache);
    expect(cache.fitted).toBe(1);
    expect(again.establishments[0]!.stock).toBe(first.establishments[0]!.stock);
    expect(again.establishments[0]!.receptions).toBe(first.establishments[0]!.receptions);
    expect(resultsOf(edited, cache)).toBe(resultsOf(edited));
  });

  it('refits when an edit changes the population: a table cell, the total, the release rules', () => {
    const cache = new CompileCache();
    const base = compileScenario(scenarioOf(staffordDoc()), OPTIONS, cache);
    const edits: ((d: Doc) => void)[] = [
      (d) => (d.establishments[0]!.population.tables[1]!.cells[0]!.count += 40),
      (d) => (d.establishments[0]!.population.total = d.establishments[0]!.operationalCapacity - 100),
      (d) => (d.release.determinate.releasePoint = 0.4),
    ];
    edits.forEach((edit, k) => {
      const s = staffordEdited(edit);
      const c = compileScenario(s, OPTIONS, cache);
      expect(cache.fitted).toBe(k + 2);
      expect(c.establishments[0]!.receptions).not.toBe(base.establishments[0]!.receptions);
      // Exactly what compiling without a cache gives, and not the unedited scenario's figures.
      expect(resultsOf(s, cache)).toBe(resultsOf(s));
    });
    expect(resultsOf(scenarioOf(staffordDoc()), cache)).toBe(resultsOf(scenarioOf(staffordDoc())));
  });

  it('keeps at most the populations it was sized for', () => {
    const cache = new CompileCache(2);
    for (const total of [500, 550, 600]) {
      const doc = staffordDoc();
      doc.establishments[0]!.population.total = total;
      compileScenario(scenarioOf(doc), OPTIONS, cache);
    }
    expect(cache.fitted).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("reuses the derived history's samples when an edit changes only places, with the same start as drawing afresh", () => {
    const cache = new CompileCache();
    const first = compileScenario(scenarioOf(staffordDoc()), OPTIONS, cache);
    expect(first.start.derivedHistory).toBeDefined();
    expect(cache.historySampled).toBe(1);
    const doc = staffordDoc();
    // Places alone, as the app's editor sets them (a value set is no longer a default), and the
    // run's seed: the samples read none of it.
    const tsp = doc.establishments[0]!.programmes[0]!;
    tsp.groupsPerYear = 4;
    expect(tsp.defaults).toContain('groupsPerYear');
    tsp.defaults = tsp.defaults!.filter((field) => field !== 'groupsPerYear');
    doc['seed'] = 'another';
    const edited = scenarioOf(doc);
    const again = compileScenario(edited, OPTIONS, cache);
    expect(cache.historySampled).toBe(1);
    const afresh = compileScenario(edited, OPTIONS);
    expect(again.start).toEqual(afresh.start);
    // Fewer places, another history: the shares are worked out again from the kept samples.
    expect(again.start.derivedHistory).not.toEqual(first.start.derivedHistory);
    expect(resultsOf(edited, cache)).toBe(resultsOf(edited));
  });

  it('draws the samples afresh when an edit changes what they read: a rule, a window, the population', () => {
    const cache = new CompileCache();
    compileScenario(scenarioOf(staffordDoc()), OPTIONS, cache);
    const edits: ((d: Doc) => void)[] = [
      (d) => (d.establishments[0]!.programmes[0]!.eligibility = { attribute: 'ogrs', atLeast: '50-74' }),
      (d) => (d.programmes[0]!.minWeeksLeftToStart += 13),
      (d) => (d.establishments[0]!.population.tables[1]!.cells[0]!.count += 40),
    ];
    edits.forEach((edit, k) => {
      const s = staffordEdited(edit);
      const c = compileScenario(s, OPTIONS, cache);
      expect(cache.historySampled).toBe(k + 2);
      expect(c.start).toEqual(compileScenario(s, OPTIONS).start);
    });
  });

  it("keeps the fits' reception segments for the next edit's context, with the same results as made afresh", () => {
    // The West Midlands moves men between prisons, whose settling reads the segments' mean stays.
    const doc = () => JSON.parse(readFileSync(WEST_MIDLANDS, 'utf8')) as Doc;
    const options = { seed: 5, replications: 2 };
    const cache = new CompileCache();
    const first = compileScenario(scenarioOf(doc()), options, cache);
    simulateBatch(first, 0, 1);
    const edited = doc();
    edited.establishments[8]!.programmes[0]!.groupsPerYear += 2;
    const again = compileScenario(scenarioOf(edited), options, cache);
    expect(receptionSegments(again)).toBe(receptionSegments(first));
    const afresh = compileScenario(scenarioOf(edited), options);
    expect(receptionSegments(afresh)).not.toBe(receptionSegments(first));
    expect(JSON.stringify(summarize(again, [simulateBatch(again, 0, 2)]))).toBe(
      JSON.stringify(summarize(afresh, [simulateBatch(afresh, 0, 2)])),
    );
  });
});
