import { describe, expect, it } from 'vitest';
import { editField, getAt, insertAt, moveAt, pathString, removeAt, setAt } from '../../web/scenario/doc.js';
import { schemaDefaultAt } from '../../web/scenario/schemaDefaults.js';
import { formatWhere, parseWhere, describeCriterion } from '../../web/scenario/criteria.js';
import { checkDoc, fileNameFor, openText, problemsByPath, serializeDoc } from '../../web/scenario/io.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { inProcessValidator } from '../workers/fakeValidator.js';

describe('scenario document edits', () => {
  const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, keep: { x: 1 } };

  it('write paths the way the loader reports them', () => {
    expect(pathString(['establishments', 0, 'programmes', 2, 'groupSize'])).toBe(
      'establishments[0].programmes[2].groupSize',
    );
    expect(pathString(['priors', 0, 'shares', '0-24'])).toBe('priors[0].shares["0-24"]');
  });

  it('set a value without changing the original, sharing untouched branches', () => {
    const next = setAt(doc, ['a', 'b', 1, 'c'], 5) as typeof doc;
    expect(getAt(next, ['a', 'b', 1, 'c'])).toBe(5);
    expect(doc.a.b[1]!.c).toBe(2);
    expect(next.keep).toBe(doc.keep);
    expect(getAt(setAt(doc, ['a', 'new'], undefined), ['a'])).toEqual(doc.a);
  });

  it('remove a key when set to undefined, and insert, remove and move list items', () => {
    expect(Object.keys(setAt(doc, ['keep'], undefined) as object)).toEqual(['a']);
    expect(getAt(insertAt(doc, ['a', 'b'], { c: 3 }), ['a', 'b', 2])).toEqual({ c: 3 });
    expect(getAt(insertAt(doc, ['a', 'list'], 1), ['a', 'list'])).toEqual([1]);
    expect(getAt(removeAt(doc, ['a', 'b'], 0), ['a', 'b'])).toEqual([{ c: 2 }]);
    expect(getAt(moveAt(doc, ['a', 'b'], 0, 1), ['a', 'b'])).toEqual([{ c: 2 }, { c: 1 }]);
    expect(moveAt(doc, ['a', 'b'], 0, -1)).toBe(doc);
  });

  it('take an edited field off the object’s defaults list', () => {
    const d = { staffing: { pomFte: 10, availability: 0.8, defaults: ['pomFte', 'availability'] } };
    const e1 = editField(d, ['staffing', 'pomFte'], 9);
    expect(getAt(e1, ['staffing', 'defaults'])).toEqual(['availability']);
    const e2 = editField(e1, ['staffing', 'availability'], 0.7);
    expect(getAt(e2, ['staffing'])).toEqual({ pomFte: 9, availability: 0.7 });
  });
});

describe('schema defaults', () => {
  it('come from the zod schema', () => {
    expect(schemaDefaultAt(['replications'])).toEqual({ value: 200 });
    expect(schemaDefaultAt(['establishments', 3, 'staffing', 'availability'])).toEqual({ value: 0.8 });
    expect(schemaDefaultAt(['programmes', 0, 'suitabilityRate'])).toEqual({ value: 1 });
    expect(schemaDefaultAt(['name'])).toBeUndefined();
    expect(schemaDefaultAt(['no', 'such', 'path'])).toBeUndefined();
  });
});

describe('table cells and criteria in words', () => {
  it('round-trip a cell’s where clause through text', () => {
    const where = { ogrs: '0-24', offence: ['sexual', 'violent'] };
    expect(formatWhere(where)).toBe('ogrs=0-24; offence=sexual|violent');
    expect(parseWhere(formatWhere(where))).toEqual({ ok: true, value: where });
    expect(parseWhere('ogrs').ok).toBe(false);
    expect(parseWhere('')).toEqual({ ok: true, value: {} });
  });

  it('describe criteria', () => {
    expect(
      describeCriterion({
        all: [{ attribute: 'ogrs', atLeast: '50-74' }, { not: { attribute: 'offence', in: ['sexual'] } }],
      }),
    ).toBe('ogrs 50-74 or above and not offence: sexual');
    expect(describeCriterion({ weeksToRelease: { min: 26 } })).toBe('at least 26 weeks to release');
  });

  it('name a programme a criterion needs completed as the page names it, not by its id', () => {
    const names: Record<string, string> = { 'c-sotp': 'Core SOTP' };
    expect(
      describeCriterion(
        { any: [{ completed: 'c-sotp' }, { not: { completed: 'c-sotp' } }] },
        [],
        (id) => names[id] ?? id,
      ),
    ).toBe('has completed Core SOTP or not has completed Core SOTP');
  });
});

describe('opening and saving', () => {
  it('keeps the raw document (not defaults-filled) so a file saves as it was opened', async () => {
    const text = serializeDoc(minimalScenario());
    const opened = await openText(inProcessValidator(), text);
    expect(opened.ok).toBe(true);
    expect(serializeDoc(opened.doc)).toBe(text);
  });

  it('reports a malformed file with its position and a negative count with its path', async () => {
    const validator = inProcessValidator();
    const malformed = await openText(validator, '{"name": ');
    expect(malformed.ok).toBe(false);
    expect(malformed.ok ? '' : malformed.errors[0]!.message).toMatch(/line 1, column \d+/);
    const doc = minimalScenario() as { establishments: { operationalCapacity: number }[] };
    doc.establishments[0]!.operationalCapacity = -1;
    const checked = await checkDoc(validator, doc);
    expect(checked?.ok).toBe(false);
    expect(
      problemsByPath(checked?.ok === false ? checked.errors : []).has('establishments[0].operationalCapacity'),
    ).toBe(true);
  });

  it('names a saved file after the scenario', () => {
    expect(fileNameFor({ name: 'HMP Stafford 2014-15' })).toBe('hmp-stafford-2014-15.json');
    expect(fileNameFor(null)).toBe('scenario.json');
  });
});
