import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { errorsOf, fixtureWith, REMOVE, warningsOf } from './helpers.js';

/** A local prison that delivers no programmes and refers its need on (Leicester, 004_). */
const LEICESTER = {
  id: 'leicester',
  name: 'HMP Leicester',
  operationalCapacity: 408,
  population: { tables: [] },
  referrals: [{ programme: 'C-SOTP', to: 'stafford' }],
};

const load = (edits: Record<string, unknown>) => loadScenario(fixtureWith(edits));

describe('unique ids', () => {
  it('refuses a programme id used twice, pointing at the first use', () => {
    expect(errorsOf(load({ 'programmes[1].id': 'TSP' }))).toContain(
      'programmes[1].id: duplicate programme id "TSP": already used by programmes[0]',
    );
  });

  it('refuses duplicate establishment, tier and table ids', () => {
    const errors = errorsOf(
      load({
        'establishments[1]': { ...LEICESTER, id: 'stafford', referrals: [] },
        'caseManagement.tiers[1].id': 'high',
        'establishments[0].population.tables[1]': { id: 'sentence', cells: [{ where: { ogrs: '0-24' }, count: 1 }] },
      }),
    );
    expect(errors).toContain(
      'establishments[1].id: duplicate establishment id "stafford": already used by establishments[0]',
    );
    expect(errors).toContain(
      'caseManagement.tiers[1].id: duplicate tier id "high": already used by caseManagement.tiers[0]',
    );
    expect(errors).toContain(
      'establishments[0].population.tables[1].id: duplicate table id "sentence": already used by establishments[0].population.tables[0]',
    );
  });

  it('refuses duplicate attribute ids and duplicate categories within an attribute', () => {
    const attribute = { id: 'cat', ordered: false, categories: [{ id: 'B' }, { id: 'C' }, { id: 'B' }] };
    const errors = errorsOf(load({ attributes: [attribute, { id: 'cat', categories: [{ id: 'A' }] }] }));
    expect(errors).toEqual([
      'attributes[1].id: duplicate attribute id "cat": already used by attributes[0]',
      'attributes[0].categories[2].id: duplicate category id "B": already used by attributes[0].categories[0]',
    ]);
  });

  it('refuses a programme delivered twice at one establishment', () => {
    expect(errorsOf(load({ 'establishments[0].programmes[1].programme': 'TSP' }))).toContain(
      'establishments[0].programmes[1].programme: programme "TSP" is already listed at establishments[0].programmes[0]',
    );
  });
});

describe('attributes and bands', () => {
  it('refuses atLeast on an attribute with no order', () => {
    expect(errorsOf(load({ 'programmes[1].eligibility.all[0]': { attribute: 'offence', atLeast: 'sexual' } }))).toEqual(
      [
        'programmes[1].eligibility.all[0].atLeast: attribute "offence" has no order, so "atLeast" cannot be used on it; list the categories with "in"',
      ],
    );
  });

  it('checks bands against the scenario band scheme', () => {
    const errors = errorsOf(load({ bandScheme: 'oasys-current' }));
    expect(errors).toContain(
      'programmes[0].eligibility.any[0].atLeast: "50-74" is not a band of attribute "ogrs" (its bands: low, medium, high, very-high)',
    );
  });

  it('uses a declared attribute in place of the built-in one', () => {
    const ogrs = { id: 'ogrs', ordered: true, categories: [{ id: 'low' }, { id: 'high' }] };
    const errors = errorsOf(
      load({ attributes: [ogrs], 'programmes[0].eligibility': { attribute: 'ogrs', atLeast: 'high' } }),
    );
    expect(errors).toEqual([
      'caseManagement.tiers[0].when.atLeast: "75-89" is not a band of attribute "ogrs" (its bands: low, high)',
      'caseManagement.tiers[1].when.any[0].in[0]: "50-74" is not a band of attribute "ogrs" (its bands: low, high)',
    ]);
  });

  it('refuses a table category that does not belong to its attribute', () => {
    expect(
      errorsOf(load({ 'establishments[0].population.tables[0].cells[2].where.sentence': ['recall', 'lifer'] })),
    ).toEqual([
      'establishments[0].population.tables[0].cells[2].where.sentence[1]: "lifer" is not a category of attribute "sentence" (its categories: remand, det-under-12m, det-12m-4y, det-4y-plus, indeterminate, recall, non-criminal)',
    ]);
  });

  it('refuses an unknown attribute in a table cell', () => {
    expect(
      errorsOf(load({ 'establishments[0].population.tables[0].cells[0].where': { sentance: 'recall' } }))[0],
    ).toMatch(
      /^establishments\[0\]\.population\.tables\[0\]\.cells\[0\]\.where\.sentance: unknown attribute "sentance" \(did you mean "sentence"\?\)/,
    );
  });
});

describe('programmes', () => {
  it('refuses unknown, circular and self prerequisites', () => {
    const errors = errorsOf(
      load({ 'programmes[0].prerequisites': ['C-SOTP'], 'programmes[1].prerequisites': ['TSP', 'C-SOTP', 'E-SOTP'] }),
    );
    expect(errors).toEqual([
      'programmes[1].prerequisites[1]: a programme cannot be its own prerequisite',
      'programmes[1].prerequisites[2]: unknown programme "E-SOTP" (did you mean "C-SOTP"?) (programmes: TSP, C-SOTP)',
      'programmes[0].prerequisites: prerequisites go round in a circle (TSP needs C-SOTP needs TSP), so nobody could ever start these programmes',
    ]);
  });

  it('refuses a completed criterion naming an unknown programme', () => {
    expect(errorsOf(load({ 'caseManagement.tiers[0].when': { completed: 'SCP' } }))).toEqual([
      'caseManagement.tiers[0].when.completed: unknown programme "SCP" (programmes: TSP, C-SOTP)',
    ]);
  });

  it('warns when people could start too late to finish', () => {
    expect(warningsOf(load({ 'programmes[1].minWeeksLeftToStart': 12 }))).toEqual([
      "programmes[1].minWeeksLeftToStart: is 12 weeks, 14 fewer than the programme's 26 weeks, so some who start would be released before finishing",
    ]);
  });

  it('warns when agreed volumes disagree with each other or with the places delivered', () => {
    const warnings = warningsOf(
      load({
        'establishments[0].programmes[1].agreedCompletions': 40,
        'establishments[0].programmes[0].groupsPerYear': 7,
      }),
    );
    expect(warnings).toEqual([
      'establishments[0].programmes[0].agreedStarts: agreed starts (80) are 10 more than the 70 places that 7 groups a year of 10 give',
      'establishments[0].programmes[1].agreedCompletions: agreed completions (40) are 4 more than agreed starts (36)',
    ]);
  });

  it('warns when groups a year give less than one place', () => {
    const warnings = warningsOf(load({ 'establishments[0].programmes[0].groupsPerYear': 0.05 }));
    expect(warnings).toEqual([
      'establishments[0].programmes[0].groupsPerYear: 0.05 groups a year of 10 give 0.5 places a year, less than one place',
    ]);
  });
});

describe('referrals', () => {
  it('accepts a referral to a site that runs the programme and takes referrals', () => {
    const result = load({ 'establishments[1]': LEICESTER });
    expect(errorsOf(result)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('refuses a referral to an unknown establishment or to itself', () => {
    expect(
      errorsOf(load({ 'establishments[1]': { ...LEICESTER, referrals: [{ programme: 'TSP', to: 'staford' }] } })),
    ).toEqual([
      'establishments[1].referrals[0].to: unknown establishment "staford" (did you mean "stafford"?) (establishments: stafford, leicester)',
    ]);
    expect(
      errorsOf(load({ 'establishments[1]': { ...LEICESTER, referrals: [{ programme: 'TSP', to: 'leicester' }] } })),
    ).toEqual(['establishments[1].referrals[0].to: an establishment cannot refer people to itself']);
  });

  it('warns when the receiving site does not take referrals for the programme', () => {
    const result = load({ 'establishments[1]': { ...LEICESTER, referrals: [{ programme: 'TSP', to: 'stafford' }] } });
    expect(warningsOf(result)).toEqual([
      'establishments[1].referrals[0].to: "stafford" does not accept referrals for "TSP" (its acceptsReferrals is false)',
    ]);
  });

  it('warns when the receiving site delivers nothing', () => {
    const sender = { ...LEICESTER, id: 'stoke', referrals: [{ programme: 'TSP', to: 'leicester' }] };
    const result = load({ 'establishments[1]': { ...LEICESTER, referrals: [] }, 'establishments[2]': sender });
    expect(warningsOf(result)).toEqual([
      'establishments[2].referrals[0].to: "leicester" delivers no programmes, so people referred there for "TSP" can never start',
    ]);
  });

  it('warns when the receiving site does not deliver that programme', () => {
    const result = load({
      'establishments[0].programmes[0]': REMOVE,
      'establishments[1]': { ...LEICESTER, referrals: [{ programme: 'TSP', to: 'stafford' }] },
    });
    expect(warningsOf(result)).toEqual([
      'establishments[1].referrals[0].to: "stafford" does not deliver "TSP", so people referred there for it can never start',
    ]);
  });

  it('refuses a referral for an unknown programme', () => {
    expect(
      errorsOf(load({ 'establishments[1]': { ...LEICESTER, referrals: [{ programme: 'SOTP', to: 'stafford' }] } })),
    ).toEqual(['establishments[1].referrals[0].programme: unknown programme "SOTP" (programmes: TSP, C-SOTP)']);
  });
});

describe('case management', () => {
  it('warns when the last tier is not a catch-all', () => {
    const result = load({ 'caseManagement.tiers[2].when': { attribute: 'ogrs', atMost: '25-49' } });
    expect(result.ok).toBe(true);
    expect(warningsOf(result)).toEqual([
      'caseManagement.tiers[2].when: the last tier ("low") is not a catch-all such as { "always": true }, so someone could match no tier',
    ]);
  });

  it('takes a last tier that covers every band as a catch-all', () => {
    expect(warningsOf(load({ 'caseManagement.tiers[2].when': { attribute: 'ogrs', atMost: '90-100' } }))).toEqual([]);
  });

  it('refuses priority ids that are not tiers, or listed twice', () => {
    expect(errorsOf(load({ 'caseManagement.priority': ['high', 'hgh', 'high'] }))).toEqual([
      'caseManagement.priority[1]: unknown tier "hgh" (tiers: high, medium, low)',
      'caseManagement.priority[2]: tier "high" is listed more than once',
    ]);
  });
});

describe('scheduled changes', () => {
  const change = {
    fromWeek: 26,
    establishment: 'stafford',
    set: { kind: 'groupsPerYear', programme: 'TSP', value: 10 },
  };

  it('accepts a valid change', () => {
    const result = load({ changes: [change] });
    expect(errorsOf(result)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('needs exactly one of fromDate and fromWeek', () => {
    const neither = { ...change, fromWeek: undefined };
    const both = { ...change, fromDate: '2014-10-01' };
    expect(errorsOf(load({ changes: [neither, both] }))).toEqual([
      'changes[0]: needs a fromDate or a fromWeek to say when it takes effect',
      'changes[1]: has both fromDate and fromWeek; give only one',
    ]);
  });

  it('refuses a change dated before the scenario starts', () => {
    expect(errorsOf(load({ changes: [{ ...change, fromWeek: undefined, fromDate: '2014-03-31' }] }))).toEqual([
      "changes[0].fromDate: 2014-03-31 is before the scenario's startDate (2014-04-01)",
    ]);
  });

  it('warns about a change after the horizon', () => {
    expect(warningsOf(load({ changes: [{ ...change, fromWeek: undefined, fromDate: '2016-01-01' }] }))).toEqual([
      'changes[0].fromDate: takes effect in week 91, after the 52-week horizon ends, so it changes nothing',
    ]);
  });

  it('refuses unknown establishments, programmes, attributes and bands in changes', () => {
    const eligibility = {
      fromWeek: 4,
      establishment: 'stafford',
      set: { kind: 'eligibility', programme: 'TSP', eligibility: { attribute: 'ogrs', in: ['75-90'] } },
    };
    const errors = errorsOf(
      load({
        changes: [{ ...change, establishment: 'wymott', set: { ...change.set, programme: 'HRP' } }, eligibility],
      }),
    );
    expect(errors).toEqual([
      'changes[0].establishment: unknown establishment "wymott" (establishments: stafford)',
      'changes[0].set.programme: unknown programme "HRP" (programmes: TSP, C-SOTP)',
      'changes[1].set.eligibility.in[0]: "75-90" is not a band of attribute "ogrs" (did you mean "75-89"?) (its bands: 0-24, 25-49, 50-74, 75-89, 90-100)',
    ]);
  });

  it('checks the tables and priors of a new reception mix', () => {
    const mix = {
      fromWeek: 10,
      establishment: 'stafford',
      set: {
        kind: 'receptionMix',
        tables: [
          {
            id: 'ogrs',
            unit: 'percent',
            cells: [
              { where: { ogrs: '0-24' }, count: 60 },
              { where: { ogrs: '0-24' }, count: 50 },
            ],
          },
        ],
        priors: [{ attribute: 'rm2000', given: { attribute: 'rosh', in: ['high'] }, shares: { high: 1 } }],
      },
    };
    const result = load({ changes: [mix] });
    expect(errorsOf(result)).toEqual([
      'changes[0].set.tables[0].cells[1]: overlaps changes[0].set.tables[0].cells[0]: someone with ogrs "0-24" would match both (the cells of one table must not overlap)',
      'changes[0].set.priors[0].given.attribute: a prior for "rm2000" cannot depend on "rosh", which comes after it in the attribute order (ogrs, offence, sentence, timeLeft, ovp, osp, rm2000, rosh, dv, sara, learningDisability); a prior may only depend on attributes listed before its own',
    ]);
    expect(warningsOf(result)).toEqual([
      'changes[0].set.tables[0]: "ogrs": its cells add up to 110%, 10 points more than 100%',
    ]);
  });
});
