import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/scenario/limits.js';
import { loadScenario, loadScenarioText } from '../../src/scenario/load.js';
import { closestName } from '../../src/scenario/problems.js';
import { criterionSchema } from '../../src/scenario/schema.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { errorsOf, fixtureWith, warningsOf } from './helpers.js';

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe('size limits, checked before any costly work', () => {
  it('refuses a 5 MB unknown field name in well under a second, naming the limit', () => {
    const doc = minimalScenario() as unknown as Record<string, unknown>;
    doc['x'.repeat(5 * 1024 * 1024)] = 1;
    const text = JSON.stringify(doc);
    const { value, ms } = timed(() => loadScenarioText(text));
    expect(ms).toBeLessThan(1000);
    expect(errorsOf(value)).toEqual([
      'a field name of 5,242,880 characters is longer than the limit of 200 (starts "xxxxxxxxxxxxxxxxxxxxxxxx...")',
    ]);
  });

  it('refuses a huge unknown field name deep inside, naming the object that holds it', () => {
    const doc = fixtureWith({});
    ((doc['establishments'] as Record<string, unknown>[])[0] as Record<string, unknown>)['y'.repeat(300)] = 1;
    expect(errorsOf(loadScenario(doc))).toEqual([
      `establishments[0]: a field name of 300 characters is longer than the limit of 200 (starts "${'y'.repeat(24)}...")`,
    ]);
  });

  it('refuses over-long text in any field, known or not, by its path', () => {
    const long = 'z'.repeat(LIMITS.textChars + 1);
    expect(errorsOf(loadScenario(fixtureWith({ 'programmes[1].note': long })))).toEqual([
      `programmes[1].note: text of 20,001 characters is longer than the limit of 20,000 for any text in a scenario (starts "${'z'.repeat(24)}...")`,
    ]);
  });

  it('leaves the schema to word its own tighter limits', () => {
    expect(errorsOf(loadScenario(fixtureWith({ name: 'n'.repeat(250) })))).toEqual([
      'name: must be at most 200 characters long, got 250',
    ]);
  });

  it('refuses over-long lists, too many fields and deep nesting', () => {
    const list = loadScenario(fixtureWith({ changes: new Array(LIMITS.listItems + 1).fill(0) }));
    expect(errorsOf(list)).toEqual(['changes: a list of 10,001 items is longer than the limit of 10,000']);
    const wide = Object.fromEntries(Array.from({ length: LIMITS.objectFields + 1 }, (_, i) => [`k${i}`, 1]));
    expect(errorsOf(loadScenario(fixtureWith({ extra: wide })))).toEqual([
      'extra: an object with 10,001 fields has more than the limit of 10,000',
    ]);
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = { not: deep };
    const errors = errorsOf(loadScenario(fixtureWith({ 'programmes[0].eligibility': deep })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^programmes\[0\]\.eligibility(\.not)+: nested more than 100 levels deep$/);
  });

  it('refuses a file holding more values than the limit, and stops counting there', () => {
    const many = Array.from({ length: 6 }, () => new Array(LIMITS.listItems).fill(1));
    const { value, ms } = timed(() => loadScenario(fixtureWith({ extra: many })));
    expect(ms).toBeLessThan(1000);
    expect(errorsOf(value)).toHaveLength(1);
    expect(errorsOf(value)[0]).toMatch(/^extra\[\d\]\[\d+\]: the file holds more than 50,000 values/);
  });

  it('refuses more eligibility criteria than the limit before the schema tries each kind on them', () => {
    // 12,800 criteria that fail: within the limit on values, they took the schema check 2 to 8 s.
    const leaves = () => Array.from({ length: 64 }, () => ({ always: false }));
    const eligibility = { any: Array.from({ length: 200 }, () => ({ all: leaves() })) };
    const { value, ms } = timed(() => loadScenario(fixtureWith({ 'programmes[0].eligibility': eligibility })));
    expect(errorsOf(value)).toEqual([
      expect.stringMatching(
        /^programmes\[0\]\.eligibility\.any\[\d+\]\.all\[\d+\]: the file holds more than 2,000 eligibility criteria \(all, any, not and conditions\), the most a scenario may hold; the count passed the limit here$/,
      ),
    ]);
    expect(ms).toBeLessThan(1000);
    // Every built-in scenario is within it (the current-day region, the largest, holds 998).
    for (const name of ['region-today', 'west-midlands-2014']) {
      const text = readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8');
      expect(loadScenarioText(text).ok, name).toBe(true);
    }
  });

  it('refuses text longer than any scenario file before parsing it', () => {
    const text = ' '.repeat(LIMITS.fileChars + 1);
    expect(errorsOf(loadScenarioText(text))).toEqual([
      'the file is too large: 10.0 million characters, where a scenario file may hold at most 10.0 million characters',
    ]);
  });

  it('still suggests the field a typo meant, with bounded work', () => {
    expect(warningsOf(loadScenario(fixtureWith({ 'programmes[0].groupSzie': 8 })))).toContain(
      'programmes[0]: unknown field "groupSzie" is ignored (did you mean "groupSize"?)',
    );
    expect(closestName('groupSzie', ['groupSize', 'durationWeeks'])).toBe('groupSize');
    expect(closestName('g'.repeat(150), ['g'.repeat(150)])).toBeUndefined();
    const { ms } = timed(() => closestName('q'.repeat(100), new Array(10_000).fill('groupSize')));
    expect(ms).toBeLessThan(200);
  });
});

describe('bounded checking work on files within the limits', () => {
  it('checks a criterion as the one kind its fields name: 1,821 failing criteria in well under a second', () => {
    // Trying each of the nine kinds on each failing criterion took 1.2 to 2.3 s for 1,850 of them.
    expect(criterionSchema.safeParse({ always: false }).error?.issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', path: ['always'] }),
    ]);
    const leaves = () => Array.from({ length: 64 }, () => ({ always: false }));
    const eligibility = { any: Array.from({ length: 28 }, () => ({ all: leaves() })) };
    const { value, ms } = timed(() => loadScenario(fixtureWith({ 'programmes[0].eligibility': eligibility })));
    expect(ms).toBeLessThan(1000);
    const errors = errorsOf(value);
    expect(errors).toHaveLength(28 * 64);
    expect(errors[0]).toBe('programmes[0].eligibility.any[0].all[0].always: must be true, got false');
  });

  it('names the first 20 unknown fields and counts the rest, in well under a second', () => {
    const doc = minimalScenario() as unknown as Record<string, unknown>;
    for (let i = 0; i < 9000; i++) doc[`groupSzie${i}`] = i;
    const { value, ms } = timed(() => loadScenario(doc));
    expect(ms).toBeLessThan(1000);
    const unknown = warningsOf(value).filter((w) => /unknown field/.test(w));
    expect(unknown).toHaveLength(21);
    expect(unknown[0]).toBe('unknown field "groupSzie0" is ignored');
    expect(unknown.at(-1)).toBe('and 8,980 more unknown fields are ignored');
  });

  it('compares every pair of cells in tables of 2,000 cells without building a description per pair', () => {
    const doc = fixtureWith({});
    const tables = (doc['establishments'] as { population: { tables: unknown[] } }[])[0]!.population.tables;
    for (const id of ['a', 'b'])
      tables.push({
        id,
        unit: 'count',
        cells: Array.from({ length: 2000 }, () => ({ where: { sentence: ['det-4y-plus', 'recall'] }, count: 0 })),
      });
    const { value, ms } = timed(() => loadScenario(doc));
    // 4 million pairs: about 0.3 s on a loaded 2-core machine, where describing each pair took 5 s.
    expect(ms).toBeLessThan(2000);
    const errors = errorsOf(value);
    expect(errors).toContain('establishments[0].population.tables[1].cells: 1998990 more pairs of overlapping cells');
    expect(errors[0]).toMatch(/^establishments\[0\]\.population\.tables\[1\]\.cells\[1\]: overlaps .*cells\[0\]/);
  });
});

describe('limits worded as the field allows, never as zod writes them', () => {
  it.each([
    ['horizon.value', 1e300, 'horizon.value: must be a whole number of at most 520, got 1e+300'],
    ['replications', 1e17, 'replications: must be a whole number of at most 100000, got 100000000000000000'],
    ['seed', 1e300, 'seed: must be a whole number of at most 9007199254740991, got 1e+300'],
  ])('%s = %s', (path, value, message) => {
    const errors = errorsOf(loadScenario(fixtureWith({ [path]: value })));
    expect(errors).toEqual([message]);
    expect(errors.join()).not.toMatch(/Too big|expected int/);
  });
});
