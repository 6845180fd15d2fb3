import { describe, expect, it } from 'vitest';
import { compileCriterion, type Subject } from '../../src/rules/criteria.js';
import { BAND_SCHEMES, type Criterion } from '../../src/index.js';

const attributes = BAND_SCHEMES['segmentation-2014'].attributes;
const context = { attributes, programmeIds: ['tsp', 'c-sotp'] };

/** A person described by band ids, e.g. { ogrs: '50-74', offence: 'violent' }. */
function person(bands: Record<string, string>, weeksLeft = 100, completed: string[] = []): Subject {
  return {
    code: (a) => {
      const attribute = attributes[a]!;
      const id = bands[attribute.id];
      return id === undefined ? attribute.categories.length - 1 : attribute.categories.findIndex((c) => c.id === id);
    },
    weeksToRelease: () => weeksLeft,
    completed: (p) => completed.includes(context.programmeIds[p]!),
  };
}

const test = (c: Criterion, s: Subject) => compileCriterion(c, context).test(s);

describe('criteria', () => {
  it('matches listed bands with "in"', () => {
    expect(test({ attribute: 'offence', in: ['violent', 'robbery'] }, person({ offence: 'robbery' }))).toBe(true);
    expect(test({ attribute: 'offence', in: ['violent', 'robbery'] }, person({ offence: 'sexual' }))).toBe(false);
  });

  it('compares ordered bands by their numeric range with atLeast / atMost', () => {
    const atLeastHigh = { attribute: 'ogrs', atLeast: '50-74' };
    expect(test(atLeastHigh, person({ ogrs: '25-49' }))).toBe(false);
    expect(test(atLeastHigh, person({ ogrs: '50-74' }))).toBe(true);
    expect(test(atLeastHigh, person({ ogrs: '90-100' }))).toBe(true);
    expect(test({ attribute: 'ogrs', atMost: '25-49' }, person({ ogrs: '0-24' }))).toBe(true);
  });

  it('never counts an unranked band ("unknown": no valid OASys) as at least or at most anything', () => {
    expect(test({ attribute: 'ovp', atLeast: 'low' }, person({ ovp: 'unknown' }))).toBe(false);
    expect(test({ attribute: 'ovp', atMost: 'very-high' }, person({ ovp: 'unknown' }))).toBe(false);
  });

  it('combines with all / any / not', () => {
    const violentMediumOvp: Criterion = {
      all: [
        { attribute: 'offence', in: ['violent'] },
        { attribute: 'ovp', atLeast: 'medium' },
      ],
    };
    expect(test(violentMediumOvp, person({ offence: 'violent', ovp: 'medium' }))).toBe(true);
    expect(test(violentMediumOvp, person({ offence: 'violent', ovp: 'low' }))).toBe(false);
    expect(
      test(
        { any: [violentMediumOvp, { attribute: 'sentence', in: ['indeterminate'] }] },
        person({ sentence: 'indeterminate' }),
      ),
    ).toBe(true);
    expect(test({ not: violentMediumOvp }, person({ offence: 'sexual' }))).toBe(true);
  });

  it('reads time left to serve and completed programmes, and says they are not static', () => {
    const over12Months = compileCriterion({ weeksToRelease: { min: 53 } }, context);
    expect(over12Months.isStatic).toBe(false);
    expect(over12Months.test(person({}, 60))).toBe(true);
    expect(over12Months.test(person({}, 40))).toBe(false);
    const afterCore = compileCriterion({ completed: 'c-sotp' }, context);
    expect(afterCore.isStatic).toBe(false);
    expect(afterCore.test(person({}, 100, ['c-sotp']))).toBe(true);
    expect(afterCore.test(person({}, 100, ['tsp']))).toBe(false);
    expect(compileCriterion({ attribute: 'ogrs', in: ['0-24'] }, context).isStatic).toBe(true);
  });

  it('refuses unknown attributes, bands and programmes when compiling', () => {
    expect(() => compileCriterion({ attribute: 'iq', in: ['low'] }, context)).toThrow(/unknown attribute "iq"/);
    expect(() => compileCriterion({ attribute: 'ovp', atLeast: 'ultra' }, context)).toThrow(/"ultra" is not a band/);
    expect(() => compileCriterion({ completed: 'scp' }, context)).toThrow(/unknown programme "scp"/);
  });
});
