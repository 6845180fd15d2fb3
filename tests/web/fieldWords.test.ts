import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/index.js';
import {
  describePath,
  informationWording,
  isExpectedWarning,
  parsePath,
  plainMessage,
  wordProblem,
} from '../../web/scenario/fieldWords.js';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'));

/** The core's own problems for a broken copy of Stafford, worded for people. */
function worded(edit: (s: ReturnType<typeof read>) => void): Map<string, string> {
  const doc = read('stafford-2014');
  edit(doc);
  const r = loadScenario(doc);
  if (r.ok) throw new Error('expected errors');
  return new Map(r.errors.map((p) => [p.path, wordProblem(doc, p)]));
}

describe('problems in the words people use', () => {
  it('parses paths with indexes and quoted keys', () => {
    expect(parsePath('establishments[0].programmes[2].groupSize')).toEqual([
      'establishments',
      0,
      'programmes',
      2,
      'groupSize',
    ]);
    expect(parsePath('a["0-24"].b')).toEqual(['a', '0-24', 'b']);
  });

  it('names a programme row by establishment and programme: "HMP Stafford, TSP: groups a year must be 0 or more"', () => {
    const w = worded((s) => {
      s.establishments[0].programmes[0].groupsPerYear = -3;
      s.establishments[0].programmes[1].groupSize = 0;
    });
    expect(w.get('establishments[0].programmes[0].groupsPerYear')).toBe(
      'HMP Stafford, TSP: groups a year must be 0 or more',
    );
    expect(w.get('establishments[0].programmes[1].groupSize')).toMatch(
      /^HMP Stafford, RESOLVE: group size must be a whole number, 1 or more$/,
    );
  });

  it('speaks of shares as the percentages the editor shows, and names catalogue, tables and tiers', () => {
    const w = worded((s) => {
      s.programmes[0].completionRate = 1.5;
      s.establishments[0].staffing.availability = 'lots';
      s.establishments[0].population.tables[1].cells[0].count = -1;
      s.caseManagement.tiers[0].sessionsPerYear = -1;
      s.replications = 0;
    });
    expect(w.get('programmes[0].completionRate')).toBe('Catalogue, TSP: completion rate must be 100% or less');
    expect(w.get('establishments[0].staffing.availability')).toBe(
      'HMP Stafford, staffing: share of hours available for contact must be a percentage, like 90',
    );
    expect(w.get('establishments[0].population.tables[1].cells[0].count')).toMatch(
      /^HMP Stafford, table “OGRS bands”, row 1 \(OGRS: Low \(0-24\)\): count must be 0 or more$/,
    );
    expect(w.get('caseManagement.tiers[0].sessionsPerYear')).toMatch(
      /^Case management, tier “.+”: sessions a year must be 0 or more$/,
    );
    expect(w.get('replications')).toBe('Replications must be a whole number, 1 or more');
    for (const text of w.values()) expect(text).not.toMatch(/establishments\[|\]\.|got /);
  });

  it('names a table row by its number and categories, and its problems in labels, never ids or paths', () => {
    const doc = read('stafford-2014');
    const t = doc.establishments[0].population.tables[2];
    expect(t.cells[0].where).toEqual({ ogrs: '0-24', offence: 'sexual' });
    t.cells[0].where.ogrs = 'lowish';
    t.cells[1].where.colour = 'red';
    t.cells.push({ where: { ogrs: '25-49', offence: ['violent', 'sexual'] }, count: 1 });
    const r = loadScenario(doc);
    if (r.ok) throw new Error('expected errors');
    const w = r.errors.map((p) => [p.path, wordProblem(doc, p)] as const);
    const at = (path: string) => w.filter(([p]) => p === path).map(([, m]) => m);
    const table = 'HMP Stafford, table “Offence within OGRS band (the cells the annex gives)”';
    expect(at('establishments[0].population.tables[2].cells[0].where.ogrs')).toEqual([
      `${table}, row 1 (OGRS: lowish; Main offence: Sexual): OGRS “lowish” is not in its list: choose one of Low (0-24), Medium (25-49), High (50-74), Very high (75-89), Prolific (90-100)`,
    ]);
    expect(at('establishments[0].population.tables[2].cells[1].where.colour')[0]).toMatch(
      /^HMP Stafford, table “.*”, row 2 \(OGRS: Low \(0-24\); Main offence: Violent; colour: red\): the file narrows the row by “colour”, which is not an attribute/,
    );
    const last = t.cells.length;
    expect(at(`establishments[0].population.tables[2].cells[${last - 1}]`)).toContain(
      `${table}, row ${last} (OGRS: Medium (25-49); Main offence: Violent or Sexual): overlaps row 7 (OGRS: Medium (25-49); Main offence: Sexual): someone with OGRS Medium (25-49) and Main offence Sexual would be counted in both. The rows of one table must not overlap: change a category in one of them`,
    );
    for (const [, text] of w) expect(text).not.toMatch(/establishments\[|cells\[|"0-24"|ogrs "/);
  });

  it('keeps messages it has no plainer words for', () => {
    expect(plainMessage('is not a programme in the catalogue', false)).toBe('is not a programme in the catalogue');
    expect(describePath({}, 'seed')).toEqual({ context: [], field: 'seed', percent: false });
  });

  it('words the expected warnings of the built-ins as information, by establishment', () => {
    const leicester = read('leicester-2014');
    const l = loadScenario(leicester);
    expect(l.ok && l.warnings.every(isExpectedWarning)).toBe(true);
    expect(informationWording(leicester, l.warnings[0]!)).toBe(
      'HMP Leicester: 2 population tables cover part of the population (226 of 408 people); each is scaled to the population simulated.',
    );
    const wm = read('west-midlands-2014');
    const r = loadScenario(wm);
    if (!r.ok) throw new Error('West Midlands does not load');
    expect(r.warnings.length).toBeGreaterThan(0); // 12 since each prison takes its kind's defaults (23 before)
    expect(r.warnings.every(isExpectedWarning)).toBe(true);
    const texts = r.warnings.map((p) => informationWording(wm, p));
    // Birmingham takes a local's sentence mix now (no regional sentence table); the regional
    // count table of high-OSP men is scaled to it.
    expect(texts).toContain(
      'HMP Birmingham: table “High-OSP sex offenders in the low OGRS band” describes a wider group (8,159 people) than the 1,450 here; it is scaled to the population simulated.',
    );
  });

  it('does not hide a warning that is not expected', () => {
    expect(
      isExpectedWarning({
        path: 'establishments[0].population.tables[2]',
        message: '"X": its cells add up to 130%, 30 points more than 100%',
      }),
    ).toBe(false);
  });

  it('names a field once when the message already starts with its words', () => {
    const doc = read('stafford-2014');
    doc.establishments[0].programmes[0].groupsPerYear = 4;
    const r = loadScenario(doc);
    if (!r.ok) throw new Error('expected Stafford with 4 TSP groups to load');
    const warning = r.warnings.find((w) => w.path === 'establishments[0].programmes[0].agreedStarts');
    expect(warning).toBeDefined();
    expect(wordProblem(doc, warning!)).toBe(
      'HMP Stafford, TSP: agreed starts (80) are 40 more than the 40 places that 4 groups a year of 10 give',
    );
  });

  it('words a run’s drift warning by the table’s labels and says what can keep the mix', () => {
    const doc = read('stafford-2014');
    const message =
      'HMP Stafford: the running population drifts from table "Indeterminate-sentenced prisoners by offence": ' +
      '"sentence indeterminate, offence sexual" from 32 people at the start to 51 at the end of year 1 ' +
      '(+59% of its share, more than 10%); the receptions do not keep the population the table describes';
    const worded = wordProblem(doc, { path: 'establishments[0].population.tables[10]', message });
    expect(worded).toBe(
      'HMP Stafford, table “Indeterminate-sentenced prisoners by offence”: the cell “Sentence type: Indeterminate ' +
        '(IPP / life); Main offence: Sexual” goes from 32 people at the start to 51 by the end of year 1 (its share of the population up 59%). Receptions do ' +
        'not keep the mix the table describes; a reception mix for HMP Stafford (Edit scenario, Flows) can.',
    );
  });

  it('words a drift the run puts down to moves between prisons as such, with the cell as the run names it', () => {
    const doc = read('west-midlands-2014');
    const message =
      'HMP Stafford: the running population drifts from table "OSP of sex offenders": "Sexual, OSP medium (12-14)" ' +
      'from 92 people at the start to 105 at the end of year 3 (+15% of its share, more than 10%); it sends people ' +
      'to and takes people from other prisons of the file (transfers in the region, men moved to a hub for a course ' +
      "and back), who bring their own prisons' mix while they are here: a move of that kind comes from the region's " +
      'flows, not from its receptions';
    const worded = wordProblem(doc, { path: 'establishments[8].population.tables[4]', message });
    expect(worded).toBe(
      'HMP Stafford, table “OSP of sex offenders”: the cell “Sexual; OSP medium (12-14)” goes from 92 people at the ' +
        'start to 105 by the end of year 3 (its share of the population up 15%). It sends people to and takes people ' +
        'from other prisons of the file (transfers in the region, men moved to a hub for a course and back), who bring ' +
        "their own prisons' mix while they are here: a move of that kind comes from the region's flows, not from its receptions.",
    );
  });
});

describe('a malformed value typed into the rule form (criteria editor)', () => {
  it('is kept as typed, and its error names the programme and the rule in words', async () => {
    const { parseWeeks } = await import('../../web/scenario/criteriaForm.js');
    // "1O" (a letter O) stays in the scenario as typed, so nothing the user typed is lost.
    expect(parseWeeks('1O')).toBe('1O');
    expect(parseWeeks(' 26 ')).toBe(26);
    expect(parseWeeks('')).toBeUndefined();
    const w = worded((s) => {
      s.programmes[0].eligibility = {
        all: [s.programmes[0].eligibility, { weeksToRelease: { min: parseWeeks('1O') } }],
      };
    });
    const message = w.get('programmes[0].eligibility.all[1].weeksToRelease.min');
    expect(message).toBeDefined();
    expect(message).toBe(
      'Catalogue, TSP, who is eligible, condition 2: weeks left to release, at least must be a number',
    );
  });
});

describe('problems in rules, priorities, prerequisites, fill distributions and declared attributes', () => {
  it('names the rule and its condition as the form numbers them, and categories by their labels', () => {
    const w = worded((s) => {
      const p = s.programmes[0];
      p.eligibility = {
        all: [
          p.eligibility,
          { weeksToRelease: { min: 30, max: 10 } },
          { attribute: 'ogrs', in: ['nope'] },
          { attribute: 'offence', atLeast: 'violent' },
          { any: [{ completed: 'nope' }] },
          { not: { attribute: 'zzz', in: ['x'] } },
        ],
      };
      p.priority = [{ by: 'criteria', when: { attribute: 'ogrs', in: ['q'] } }];
      p.prerequisites = ['nope', 'tsp'];
    });
    const tsp = 'Catalogue, TSP, who is eligible';
    expect(w.get('programmes[0].eligibility.all[1].weeksToRelease')).toBe(
      `${tsp}, condition 2: “at least” (30) is more than “at most” (10), so nobody can match`,
    );
    expect(w.get('programmes[0].eligibility.all[2].in[0]')).toBe(
      `${tsp}, condition 3: OGRS has no category “nope”: choose one of Low (0-24), Medium (25-49), High (50-74), Very high (75-89), Prolific (90-100)`,
    );
    expect(w.get('programmes[0].eligibility.all[3].atLeast')).toMatch(
      new RegExp(`^${tsp}, condition 4: Main offence has no order, so “is at least” cannot be used on it`),
    );
    expect(w.get('programmes[0].eligibility.all[4].any[0].completed')).toBe(
      `${tsp}, group 5, condition 1: programme “nope” is not in the catalogue: choose one from the list`,
    );
    expect(w.get('programmes[0].eligibility.all[5].not.attribute')).toBe(
      `${tsp}, condition 6: “zzz” is not an attribute of this scenario: choose one from the list`,
    );
    expect(w.get('programmes[0].priority[0].when.in[0]')).toMatch(
      /^Catalogue, TSP, waiting-list priority, key 1, who goes first, condition 1: OGRS has no category “q”/,
    );
    expect(w.get('programmes[0].prerequisites[0]')).toBe(
      'Catalogue, TSP: prerequisite “nope” is not in the catalogue: choose one from the list',
    );
    expect(w.get('programmes[0].prerequisites[1]')).toBe(
      'Catalogue, TSP: a programme cannot be its own prerequisite: untick it',
    );
    for (const m of w.values()) expect(m).not.toMatch(/\[\d+\]|\bitem \d|"ogrs"|atLeast|weeksToRelease/);
  });

  it('names fill distributions, declared attributes and scheduled changes as their forms do', () => {
    const w = worded((s) => {
      s.priors = [
        { attribute: 'ogrs', given: { attribute: 'ogrs', in: ['q'] }, shares: { '0-24': 1, bogus: 2 } },
        { attribute: 'zzz', shares: { a: 1 } },
      ];
      s.attributes = [
        { id: 'new', label: 'New', ordered: true, categories: [{ id: 'a', min: 5, max: 1 }, { id: 'a' }] },
      ];
      s.changes = [
        {
          fromWeek: 400,
          establishment: 'nowhere',
          set: { kind: 'eligibility', programme: 'zz', eligibility: { attribute: 'ogrs', in: ['q'] } },
        },
      ];
    });
    expect(w.get('priors[0].shares.bogus')).toMatch(
      /^Fill distribution 1: OGRS has no category “bogus”: choose one of Low/,
    );
    expect(w.get('priors[0].given.attribute')).toBe(
      'Fill distribution 1, for whom, condition 1: a condition here cannot test OGRS, the attribute this distribution fills',
    );
    expect(w.get('priors[1].attribute')).toBe(
      'Fill distribution 2: “zzz” is not an attribute of this scenario: choose one from the list',
    );
    expect(w.get('attributes[0].categories[0]')).toBe(
      'Declared attribute “New”, category “a”: “lowest value” (5) is more than “highest value” (1)',
    );
    expect(w.get('attributes[0].categories[1].id')).toBe(
      'Declared attribute “New”, category “a”: the code “a” is already used by category “a”: give each its own',
    );
    expect(w.get('changes[0].establishment')).toBe(
      'Scheduled change 1: establishment “nowhere” is not an establishment of this scenario: choose one from the list',
    );
    expect(w.get('changes[0].set.eligibility.in[0]')).toMatch(
      /^Scheduled change 1, eligibility from then, condition 1: OGRS has no category “q”/,
    );
    // A warning, so not among the errors: worded directly.
    const late = read('stafford-2014');
    late.changes = [{ fromWeek: 400, establishment: 'stafford', set: { kind: 'pomFte', value: 1 } }];
    expect(
      wordProblem(late, {
        path: 'changes[0].fromWeek',
        message: 'takes effect in week 400, after the 52-week horizon ends, so it changes nothing',
      }),
    ).toBe('Scheduled change 1: it takes effect in week 400, after the 52-week horizon ends, so it changes nothing');
    const bad = worded((s) => {
      s.priors = [{ attribute: 'ogrs', shares: { '0-24': -1 } }];
      s.establishments[0].population.priors = [{ attribute: 'ogrs', shares: { '0-24': 'x' } }];
      s.attributes = [{ id: 'new', label: 'New', categories: [{ id: 'a', min: 'x' }] }];
      s.changes = [
        { fromWeek: 26, establishment: 'stafford', set: { kind: 'groupsPerYear', programme: 'tsp', value: -1 } },
      ];
      s.programmes[0].priority = [{ by: 'nope' }];
    });
    expect(bad.get('priors[0].shares["0-24"]')).toBe('Fill distribution 1: share of Low (0-24) must be 0 or more');
    expect(bad.get('establishments[0].population.priors[0].shares["0-24"]')).toBe(
      'HMP Stafford, fill distribution 1: share of Low (0-24) must be a number',
    );
    expect(bad.get('attributes[0].categories[0].min')).toBe(
      'Declared attribute “New”, category “a”: lowest value must be a number',
    );
    expect(bad.get('changes[0].set.value')).toBe('Scheduled change 1: groups a year from then must be 0 or more');
    expect(bad.get('programmes[0].priority[0]')).toBe(
      'Catalogue, TSP, waiting-list priority, key 1: this priority key is not one the form can show: correct it under “Show as data”',
    );
  });
});

describe('a code used twice', () => {
  it('names both entries by their own names, not the code they share', () => {
    const w = worded((s) => {
      s.programmes[2].id = 'tsp';
    });
    expect(w.get('programmes[2].id')).toBe(
      'Catalogue, Self Change Programme: the code “tsp” is already used by TSP: give each its own',
    );
  });
});
