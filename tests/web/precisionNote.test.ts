import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  loadScenario,
  REGION_SAMPLE_SCOPE,
  replicationSamples,
  simulateBatch,
  summarize,
} from '../../src/index.js';
import { precisionNote, runningPrecision } from '../../web/results/precisionNote.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';

function run(replications: number, seed = 'note') {
  const loaded = loadScenario(minimalScenario());
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const compiled = compileScenario(loaded.scenario, { replications, seed });
  const batches = [simulateBatch(compiled, 0, replications)];
  return { results: summarize(compiled, batches), samples: replicationSamples(compiled, batches) };
}

describe('precisionNote', () => {
  const few = run(6);
  const many = run(60);
  const e = few.results.establishments[0]!;

  it("names the widest Monte Carlo error of an establishment's means, narrower with more replications", () => {
    const note = precisionNote(few.results, few.samples, e.establishment, e.programmes);
    const pattern =
      /^ Monte Carlo error \(95% confidence\): every mean of 5 or more here is within ±([\d.]+)% of where endless replications would put it; the widest is \S+ (starts|completions|unmet need), [\d,.]+ ± [\d,.]+\. More replications narrow it\.$/;
    const fewPct = Number(pattern.exec(note)?.[1]);
    const m = many.results.establishments[0]!;
    const manyPct = Number(pattern.exec(precisionNote(many.results, many.samples, m.establishment, m.programmes))?.[1]);
    expect(fewPct).toBeGreaterThan(0);
    expect(manyPct).toBeGreaterThan(0);
    expect(manyPct).toBeLessThan(fewPct);
    expect(precisionNote(few.results, few.samples, REGION_SAMPLE_SCOPE, few.results.region.programmes)).toMatch(
      pattern,
    );
  });

  it("says nothing of another run's samples (provisional figures show the last full run's), nor of one replication", () => {
    expect(precisionNote(few.results, many.samples, e.establishment, e.programmes)).toBe('');
    expect(precisionNote(few.results, run(6, 'other').samples, e.establishment, e.programmes)).toBe('');
    expect(precisionNote(few.results, null, e.establishment, e.programmes)).toBe('');
    const one = run(1);
    expect(precisionNote(one.results, one.samples, e.establishment, e.programmes)).toBe('');
  });
});

describe('runningPrecision (the run strip, as a run goes)', () => {
  it("gives the note's figure for the replications done so far, and who they are of", () => {
    const few = run(6);
    const e = few.results.establishments[0]!;
    const note = precisionNote(few.results, few.samples, e.establishment, e.programmes);
    const p = runningPrecision(few.samples, e.establishment, 'HMP Test');
    expect(p).toEqual({ replications: 6, percent: /±([\d.]+)%/.exec(note)?.[1], whose: 'HMP Test' });
    expect(runningPrecision(few.samples, REGION_SAMPLE_SCOPE, null)?.whose).toBeNull();
  });

  it('is not told before two replications are back, nor for a scope with no mean of 5 or more', () => {
    expect(runningPrecision(undefined, REGION_SAMPLE_SCOPE, null)).toBeNull();
    expect(runningPrecision(run(1).samples, REGION_SAMPLE_SCOPE, null)).toBeNull();
    expect(runningPrecision(run(6).samples, 'no-such-prison', null)).toBeNull();
  });
});
