import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, loadScenarioText } from '../../src/scenario/load.js';
import { minimalScenario } from '../fixtures/minimalScenario.js';
import { errorsOf, fixtureWith, REMOVE, warningsOf } from './helpers.js';

const OGRS_TABLE_4B = {
  id: 'ogrs-4b',
  label: 'Table 4b OGRS bands',
  cells: [
    { where: { ogrs: '0-24' }, count: 237 },
    { where: { ogrs: '25-49' }, count: 137 },
    { where: { ogrs: '50-74' }, count: 216 },
    { where: { ogrs: '75-89' }, count: 120 },
    { where: { ogrs: '90-100' }, count: 2 },
  ],
};

describe('a valid scenario', () => {
  it('loads the fixture with no errors and no warnings', () => {
    const result = loadScenario(minimalScenario());
    expect(errorsOf(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('loads the same fixture from JSON text and fills in defaults', () => {
    const result = loadScenarioText(JSON.stringify(minimalScenario(), null, 2));
    if (!result.ok) throw new Error(errorsOf(result).join('\n'));
    expect(result.scenario.materialityThreshold).toBe(0.1);
    expect(result.scenario.establishments[0]?.flows.receptionsPerWeek).toBeNull();
    expect(result.scenario.changes).toEqual([]);
  });

  it('accepts a "$schema" key for editors without a warning', () => {
    const result = loadScenario(fixtureWith({ $schema: './placewise.schema.json' }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('accepts a byte-order mark at the start of the text', () => {
    expect(loadScenarioText(`\uFEFF${JSON.stringify(minimalScenario())}`).ok).toBe(true);
  });
});

describe('formatProblem', () => {
  it('joins path and message, or gives the message alone for the whole file', () => {
    expect(formatProblem({ path: 'seed', message: 'is required' })).toBe('seed: is required');
    expect(formatProblem({ path: '', message: 'the file is empty' })).toBe('the file is empty');
  });
});

describe('malformed JSON', () => {
  it('says where the text broke, by line and column', () => {
    const text = '{\n  "schemaVersion": 1,\n  "name": "x",\n}';
    expect(errorsOf(loadScenarioText(text))).toEqual([
      'not valid JSON: unexpected "}" at line 4, column 1 (expected a field name in double quotes; a trailing comma is not allowed)',
    ]);
  });

  it('reports a missing value', () => {
    const [error] = errorsOf(loadScenarioText('{"a": 1,\n  "b": }'));
    expect(error).toMatch(/^not valid JSON: unexpected "}" at line 2, column 8/);
  });

  it('reports text that ends too soon', () => {
    expect(errorsOf(loadScenarioText('{"schemaVersion": 1'))).toEqual([
      'not valid JSON: unexpected end of file at line 1, column 20 (expected "," or "}")',
    ]);
  });

  it('reports single quotes, which JSON does not allow', () => {
    expect(errorsOf(loadScenarioText("{'name': 1}"))[0]).toMatch(/unexpected "'" at line 1, column 2/);
  });

  it('reports an empty file plainly', () => {
    expect(errorsOf(loadScenarioText('  \n'))).toEqual(['the file is empty: expected a JSON object']);
  });

  it('puts the problem on the whole file (empty path)', () => {
    const result = loadScenarioText('nope');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.path).toBe('');
  });

  it('refuses a document that is not an object', () => {
    expect(errorsOf(loadScenarioText('[1, 2]'))).toEqual(['a scenario file must hold a JSON object {...}, got [1,2]']);
  });
});

describe('dangerous keys', () => {
  it('refuses a top-level "__proto__" key without touching any prototype', () => {
    const result = loadScenarioText('{"__proto__": {"polluted": true}, "schemaVersion": 1}');
    expect(errorsOf(result)).toEqual(['__proto__: "__proto__" is not allowed as a field name']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses "__proto__" nested deep in the file, naming its path', () => {
    const text = JSON.stringify(minimalScenario()).replace(
      '"groupsPerYear":8',
      '"groupsPerYear":8,"__proto__":{"x":1}',
    );
    expect(errorsOf(loadScenarioText(text))).toEqual([
      'establishments[0].programmes[0].__proto__: "__proto__" is not allowed as a field name',
    ]);
  });

  it('refuses "constructor" and "prototype" keys, listing each', () => {
    const doc = fixtureWith({
      'establishments[0].population.tables[0].cells[0].where.constructor': 'x',
      'caseManagement.prototype': {},
    });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'caseManagement.prototype: "prototype" is not allowed as a field name',
      'establishments[0].population.tables[0].cells[0].where.constructor: "constructor" is not allowed as a field name',
    ]);
  });

  it('refuses "__proto__" as a band name in shares, where a record would otherwise take it', () => {
    const doc = JSON.parse('{"shares": {"__proto__": 1}}') as Record<string, unknown>;
    expect(errorsOf(loadScenario(doc))).toEqual(['shares.__proto__: "__proto__" is not allowed as a field name']);
  });

  it('refuses an object whose prototype was replaced in code', () => {
    const tiers = minimalScenario().caseManagement.tiers;
    const caseManagement = Object.setPrototypeOf({ tiers }, { polluted: true }) as object;
    expect(errorsOf(loadScenario(fixtureWith({ caseManagement })))).toEqual([
      'caseManagement: is not plain JSON data (an object with its own prototype)',
    ]);
  });

  it('refuses objects that are not plain data', () => {
    const doc = fixtureWith({ description: new Date(0) });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'description: is not plain JSON data (an object with its own prototype)',
    ]);
  });
});

describe('schema version', () => {
  it('requires schemaVersion', () => {
    expect(errorsOf(loadScenario(fixtureWith({ schemaVersion: REMOVE })))).toEqual([
      'schemaVersion: is required: say which version of the format the file uses (2 for this Placewise)',
    ]);
  });

  it('refuses a file from a newer Placewise', () => {
    expect(errorsOf(loadScenario(fixtureWith({ schemaVersion: 3 })))).toEqual([
      'schemaVersion: made by a newer Placewise (schema version 3); this version reads up to 2',
    ]);
  });

  it('refuses a version that is not a whole number of at least 1', () => {
    expect(errorsOf(loadScenario(fixtureWith({ schemaVersion: '1' })))).toEqual([
      'schemaVersion: must be a whole number of at least 1, got "1"',
    ]);
    expect(errorsOf(loadScenario(fixtureWith({ schemaVersion: 0 })))).toEqual([
      'schemaVersion: must be a whole number of at least 1, got 0',
    ]);
  });
});

describe('schema problems', () => {
  it('words a negative group size exactly', () => {
    const doc = fixtureWith({ 'establishments[0].programmes[1].groupSize': -3 });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'establishments[0].programmes[1].groupSize: must be a whole number of at least 1, got -3',
    ]);
  });

  it('words a fractional count', () => {
    const doc = fixtureWith({ 'establishments[0].programmes[0].agreedStarts': 80.5 });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'establishments[0].programmes[0].agreedStarts: must be a whole number, got 80.5',
    ]);
  });

  it('words a wrong type with the value received', () => {
    const doc = fixtureWith({ 'programmes[0].durationWeeks': 'ten' });
    expect(errorsOf(loadScenario(doc))).toEqual(['programmes[0].durationWeeks: must be a whole number, got "ten"']);
    const rate = fixtureWith({ 'programmes[0].completionRate': 'ninety' });
    expect(errorsOf(loadScenario(rate))).toEqual(['programmes[0].completionRate: must be a number, got "ninety"']);
  });

  it('says a missing field is required', () => {
    expect(errorsOf(loadScenario(fixtureWith({ 'programmes[1].groupSize': REMOVE })))).toEqual([
      'programmes[1].groupSize: is required',
    ]);
  });

  it('hints that a share was written as a percentage', () => {
    expect(errorsOf(loadScenario(fixtureWith({ 'programmes[0].completionRate': 90 })))).toEqual([
      'programmes[0].completionRate: must be a number of at most 1, got 90 (a share from 0 to 1: write 0.9 for 90%)',
    ]);
  });

  it('names an unknown field in a criterion', () => {
    const doc = fixtureWith({
      'programmes[1].eligibility.all[1]': { attribute: 'rm2000', atLeast: 'medium', note: 'x' },
    });
    expect(errorsOf(loadScenario(doc))).toEqual(['programmes[1].eligibility.all[1]: unknown field "note"']);
  });

  it('suggests the field a misspelt one was meant to be', () => {
    const doc = fixtureWith({ 'programmes[0].eligibility': { weeksToRelease: { min: 26, mx: 52 } } });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'programmes[0].eligibility.weeksToRelease: unknown field "mx" (did you mean "max"?)',
    ]);
  });

  it('warns about a misspelt field that would otherwise be dropped silently', () => {
    const doc = fixtureWith({ 'establishments[0].programmes[0].groupSzie': 12 });
    const result = loadScenario(doc);
    expect(result.ok).toBe(true);
    expect(warningsOf(result)).toEqual([
      'establishments[0].programmes[0]: unknown field "groupSzie" is ignored (did you mean "groupSize"?)',
    ]);
  });

  it('lists the forms of a criterion when none fits', () => {
    const doc = fixtureWith({ 'caseManagement.tiers[0].when': { attribute: 'ogrs', atLaest: '75-89' } });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'caseManagement.tiers[0].when: not a valid criterion: expected one of all / any / not / attribute+in / ' +
        'attribute+atLeast / attribute+atMost / weeksToRelease / completed / always, ' +
        'got {"attribute":"ogrs","atLaest":"75-89"}; unknown field "atLaest" (did you mean "atLeast"?)',
    ]);
  });

  it('reads a criterion as the kind its fields name, and lists the forms when they name none or two', () => {
    const at = (criterion: unknown) => errorsOf(loadScenario(fixtureWith({ 'programmes[0].eligibility': criterion })));
    expect(at({ in: ['high'] })).toEqual(['programmes[0].eligibility.attribute: is required']);
    const forms =
      'programmes[0].eligibility: not a valid criterion: expected one of all / any / not / attribute+in / ' +
      'attribute+atLeast / attribute+atMost / weeksToRelease / completed / always, got ';
    expect(at({ alwys: true })).toEqual([`${forms}{"alwys":true}; unknown field "alwys" (did you mean "always"?)`]);
    expect(at({ attribute: 'ogrs', in: ['high'], atMost: 'low' })).toEqual([
      `${forms}{"attribute":"ogrs","in":["high"],"atMost":"low"}`,
    ]);
    expect(at('always')).toEqual([`${forms}"always"`]);
  });

  it('reports the fault inside the criterion the author evidently meant', () => {
    const doc = fixtureWith({ 'caseManagement.tiers[1].when.any[0].in': 'ogrs' });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'caseManagement.tiers[1].when.any[0].in: must be a list [...], got "ogrs"',
    ]);
    const always = fixtureWith({ 'caseManagement.tiers[2].when.always': false });
    expect(errorsOf(loadScenario(always))).toEqual(['caseManagement.tiers[2].when.always: must be true, got false']);
  });

  it('words enum, date and null-or-number fields', () => {
    const doc = fixtureWith({
      bandScheme: 'oasys',
      startDate: '2014-13-01',
      'establishments[0].flows': { receptionsPerWeek: 'many' },
    });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'startDate: must be a date written YYYY-MM-DD, got "2014-13-01"',
      'bandScheme: must be one of "segmentation-2014", "oasys-current", got "oasys"',
      'establishments[0].flows.receptionsPerWeek: must be a number or null, got "many"',
    ]);
  });

  it('names a band in shares that is not a valid name', () => {
    const doc = fixtureWith({
      'establishments[0].population.priors': [{ attribute: 'ogrs', shares: { 'very high': 1 } }],
    });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.priors[0].shares["very high"]: "very high" is not a valid name: it must be an identifier: letters, digits, "_", ".", "+" or "-"',
    ]);
  });

  it('gives a clear error for numbers too large to store, and for huge finite ones', () => {
    const text = JSON.stringify(minimalScenario())
      .replace('"groupSize":10', '"groupSize":1e400')
      .replace('"groupsPerYear":8', '"groupsPerYear":1e308');
    expect(errorsOf(loadScenarioText(text))).toEqual([
      'programmes[0].groupSize: must be a finite number, got a number too large to store (Infinity)',
      'establishments[0].programmes[0].groupsPerYear: must be a number of at most 1000, got 1e+308',
    ]);
  });

  it('lists every mistake at once', () => {
    const doc = fixtureWith({
      seed: -1,
      'programmes[0].groupSize': 0,
      'establishments[0].operationalCapacity': REMOVE,
    });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'seed: must be a whole number of at least 0, got -1',
      'programmes[0].groupSize: must be a whole number of at least 1, got 0',
      'establishments[0].operationalCapacity: is required',
    ]);
  });

  it('refuses criteria nested absurdly deep instead of overflowing the stack', () => {
    let criterion: unknown = { always: true };
    for (let i = 0; i < 5000; i++) criterion = { not: criterion };
    const result = loadScenario(fixtureWith({ 'programmes[0].eligibility': criterion }));
    expect(errorsOf(result)).toHaveLength(1);
    expect(errorsOf(result)[0]).toMatch(/^programmes\[0\]\.eligibility(\.not)+: nested more than 100 levels deep$/);
  });
});

describe('references', () => {
  it('reports an unknown programme id with a suggestion', () => {
    const doc = fixtureWith({ 'establishments[0].programmes[0].programme': 'TPS' });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'establishments[0].programmes[0].programme: unknown programme "TPS" (did you mean "TSP"?) (programmes: TSP, C-SOTP)',
    ]);
  });

  it('reports a criterion on a band the attribute does not have, listing its bands', () => {
    const doc = fixtureWith({ 'programmes[0].eligibility.any[0]': { attribute: 'ovp', atLeast: 'ultra' } });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'programmes[0].eligibility.any[0].atLeast: "ultra" is not a band of attribute "ovp" (its bands: low, medium, high, very-high, unknown)',
    ]);
  });

  it('reports an unknown attribute', () => {
    const doc = fixtureWith({ 'programmes[1].eligibility.all[1].attribute': 'rm2k' });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'programmes[1].eligibility.all[1].attribute: unknown attribute "rm2k" (attributes: ogrs, offence, sentence, timeLeft, ovp, osp, rm2000, rosh, dv, sara, learningDisability)',
    ]);
  });

  it('lists every reference problem at once', () => {
    const doc = fixtureWith({
      'establishments[0].programmes[0].programme': 'TPS',
      'programmes[0].eligibility.any[0].atLeast': '50-75',
      'caseManagement.tiers[0].when.attribute': 'ogr',
    });
    expect(errorsOf(loadScenario(doc))).toHaveLength(3);
  });
});

describe('population tables', () => {
  it('refuses overlapping cells, naming both', () => {
    const table = structuredClone(OGRS_TABLE_4B);
    table.cells.push({ where: { ogrs: '0-24', offence: 'sexual' } as never, count: 177 });
    const doc = fixtureWith({ 'establishments[0].population.tables[1]': table });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.tables[1].cells[5]: overlaps establishments[0].population.tables[1].cells[0]: ' +
        'someone with ogrs "0-24" and offence "sexual" would match both (the cells of one table must not overlap)',
    ]);
  });

  it('allows cells that differ on a shared attribute', () => {
    const doc = fixtureWith({
      'establishments[0].population.tables[1]': {
        id: 'sex-offenders',
        total: 741,
        cells: [
          { where: { offence: 'sexual', osp: 'low' }, count: 73 },
          { where: { offence: 'sexual', osp: ['medium', 'high'] }, count: 156 },
        ],
      },
    });
    expect(errorsOf(loadScenario(doc))).toEqual([]);
  });

  it('warns when a table totals differently from the population, by how much', () => {
    const doc = fixtureWith({ 'establishments[0].population.tables[1]': OGRS_TABLE_4B });
    const result = loadScenario(doc);
    expect(result.ok).toBe(true);
    expect(warningsOf(result)).toEqual([
      'establishments[0].population.tables[1]: "Table 4b OGRS bands" totals 712, 29 fewer than the population total of 741 (3.9%); it is scaled to it',
    ]);
  });

  it('warns when cells add up to more than the table total', () => {
    const doc = fixtureWith({ 'establishments[0].population.tables[0].total': 700 });
    expect(warningsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.tables[0]: "Population by sentence, October 2014": its cells add up to 741, 41 more than its total of 700',
      'establishments[0].population.tables[0]: "Population by sentence, October 2014" totals 700, 41 fewer than the population total of 741 (5.5%); it is scaled to it',
    ]);
  });

  it('warns when a percent table adds up to more than 100', () => {
    const doc = fixtureWith({
      'establishments[0].population.tables[0]': {
        id: 'region-sentence',
        unit: 'percent',
        cells: [
          { where: { sentence: 'det-4y-plus' }, count: 37 },
          { where: { sentence: 'det-12m-4y' }, count: 28 },
          { where: { sentence: 'indeterminate' }, count: 19 },
          { where: { sentence: 'det-under-12m' }, count: 10 },
          { where: { sentence: 'recall' }, count: 8 },
        ],
      },
    });
    expect(warningsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.tables[0]: "region-sentence": its cells add up to 102%, 2 points more than 100%',
    ]);
  });

  it('warns when a complete percent table does not reach 100', () => {
    const doc = fixtureWith({
      'establishments[0].population.tables[0]': {
        id: 'region-ogrs',
        unit: 'percent',
        cells: [
          { where: { ogrs: ['0-24', '25-49'] }, count: 44 },
          { where: { ogrs: '50-74' }, count: 35 },
          { where: { ogrs: ['75-89', '90-100'] }, count: 19 },
        ],
      },
    });
    expect(warningsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.tables[0]: "region-ogrs": its cells cover every band of "ogrs" but add up to 98%, 2 points short of 100%',
    ]);
  });

  it('warns when the population total differs from the operational capacity', () => {
    const doc = fixtureWith({
      'establishments[0].population.total': 741,
      'establishments[0].operationalCapacity': 760,
    });
    expect(warningsOf(loadScenario(doc))).toEqual([
      'establishments[0].population.total: is 741, 19 fewer than the operational capacity of 760 (2.5%); 741 people are simulated',
    ]);
  });
});

describe('priors', () => {
  it('refuses a prior conditioned on a later attribute', () => {
    const doc = fixtureWith({
      priors: [{ attribute: 'ogrs', given: { attribute: 'offence', in: ['sexual'] }, shares: { '0-24': 1 } }],
    });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'priors[0].given.attribute: a prior for "ogrs" cannot depend on "offence", which comes after it in the attribute order ' +
        '(ogrs, offence, sentence, timeLeft, ovp, osp, rm2000, rosh, dv, sara, learningDisability); ' +
        'a prior may only depend on attributes listed before its own',
    ]);
  });

  it('accepts a prior conditioned on an earlier attribute', () => {
    const doc = fixtureWith({
      priors: [{ attribute: 'osp', given: { attribute: 'offence', in: ['sexual'] }, shares: { low: 1, high: 1 } }],
    });
    expect(errorsOf(loadScenario(doc))).toEqual([]);
  });

  it('refuses shares that add up to nothing, and bands the attribute lacks', () => {
    const doc = fixtureWith({ priors: [{ attribute: 'osp', shares: { low: 0, ultra: 0 } }] });
    expect(errorsOf(loadScenario(doc))).toEqual([
      'priors[0].shares.ultra: "ultra" is not a band of attribute "osp" (its bands: low, medium, high, very-high, unknown)',
      'priors[0].shares: shares must add up to more than 0, so at least one share must be positive',
    ]);
  });
});
