/**
 * The rules of DOMAIN.md section 3 ("Rules in the sources"), one block per rule.
 *
 * Catalogue rules are checked by compiling the built-in catalogue (scenarios/stafford-2014.json;
 * tests/scenarios/builtins.test.ts checks that every built-in file carries the same catalogue)
 * and applying it to hand-built people, and, where a rule says "never" or "only", to every
 * combination of the bands the rule could depend on. Engine rules are checked by running small
 * scenarios whose outcome can be worked out by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  loadScenarioText,
  resolveAttributes,
  runScenario,
  type Criterion,
  type ProgrammeResult,
  type Results,
  type Scenario,
} from '../../src/index.js';
import { compileCriterion, type CompiledCriterion, type Subject } from '../../src/rules/criteria.js';
import { establishment, programme, scenario, timeLeftPrior } from '../engine/scenarioBuilder.js';
import { defaultWarmupWeeks } from '../../src/engine/warmup.js';

/**
 * A warm-up of one course cycle (defaultWarmupWeeks), the default before the running start sized
 * it from the cold lists: the closed stocks of these cases, nobody leaving and no one coming,
 * would be treated by a warm-up long enough to clear them, leaving no one for the window.
 */
const oneCycle = (s: Scenario): Scenario => ({ ...s, start: { ...s.start, warmupWeeks: defaultWarmupWeeks(s) } });

// ------------------------------------------------------------------ the built-in catalogue

function loadBuiltin(name: string): Scenario {
  const text = readFileSync(fileURLToPath(new URL(`../../scenarios/${name}.json`, import.meta.url)), 'utf8');
  const result = loadScenarioText(text);
  if (!result.ok) throw new Error(`${name} does not load: ${JSON.stringify(result.errors)}`);
  return result.scenario;
}

const stafford = loadBuiltin('stafford-2014');
const attributes = resolveAttributes(stafford.bandScheme, stafford.attributes);
const programmeIds = stafford.programmes.map((p) => p.id);
const context = { attributes, programmeIds };
const compile = (c: Criterion): CompiledCriterion => compileCriterion(c, context);

function catalogueProgramme(id: string) {
  const p = stafford.programmes.find((x) => x.id === id);
  if (!p) throw new Error(`the catalogue has no programme "${id}"`);
  return p;
}
const eligibility = (id: string) => compile(catalogueProgramme(id).eligibility);

type Bands = Record<string, string>;

/** Bands a person has unless a test says otherwise: nothing that any rule selects on. */
const BASE: Bands = {
  ogrs: '0-24',
  offence: 'other',
  sentence: 'det-4y-plus',
  timeLeft: '2-5y',
  ovp: 'unknown',
  osp: 'unknown',
  rm2000: 'unknown',
  rosh: 'low',
  dv: 'no',
  sara: 'unknown',
  learningDisability: 'no',
};

interface PersonOptions {
  weeksLeft?: number;
  completed?: readonly string[];
}

/** A person described by band ids; an unknown attribute or band id is a mistake in the test. */
function person(bands: Bands, options: PersonOptions = {}): Subject {
  const all = { ...BASE, ...bands };
  const codes = attributes.map((a) => {
    const id = all[a.id];
    if (id === undefined) throw new Error(`no band given for attribute "${a.id}"`);
    const k = a.categories.findIndex((c) => c.id === id);
    if (k < 0) throw new Error(`"${id}" is not a band of "${a.id}"`);
    return k;
  });
  for (const key of Object.keys(all)) {
    if (!attributes.some((a) => a.id === key)) throw new Error(`unknown attribute "${key}"`);
  }
  const completed = options.completed ?? [];
  for (const c of completed) if (!programmeIds.includes(c)) throw new Error(`unknown programme "${c}"`);
  return {
    code: (a) => codes[a] as number,
    weeksToRelease: () => options.weeksLeft ?? 150,
    completed: (p) => completed.includes(programmeIds[p] as string),
  };
}

const bandsOf = (id: string): string[] => {
  const a = attributes.find((x) => x.id === id);
  if (!a) throw new Error(`no attribute "${id}"`);
  return a.categories.map((c) => c.id);
};
const OGRS = bandsOf('ogrs');
const OFFENCES = bandsOf('offence');
const SENTENCES = bandsOf('sentence');
const OVP = bandsOf('ovp');
const RM2000 = bandsOf('rm2000');
const DV = bandsOf('dv');
const SARA = bandsOf('sara');
const LD = bandsOf('learningDisability');

/** Every combination of the given attributes' bands (the others at BASE). */
function* grid(dims: Record<string, readonly string[]>): Generator<Bands> {
  const keys = Object.keys(dims);
  const at = new Array<number>(keys.length).fill(0);
  for (;;) {
    yield Object.fromEntries(keys.map((k, d) => [k, (dims[k] as readonly string[])[at[d] as number] as string]));
    let d = keys.length - 1;
    while (d >= 0 && (at[d] as number) + 1 >= (dims[keys[d] as string] as readonly string[]).length) at[d--] = 0;
    if (d < 0) return;
    at[d] = (at[d] as number) + 1;
  }
}

/** Every profile in the grid for which `rule` fails, described, so a failure names its people. */
function counterExamples(dims: Record<string, readonly string[]>, rule: (b: Bands) => boolean, limit = 5): string[] {
  const out: string[] = [];
  for (const b of grid(dims)) {
    if (!rule(b)) {
      out.push(JSON.stringify(b));
      if (out.length >= limit) break;
    }
  }
  return out;
}

const atLeast = (attribute: string, value: string, pivot: string): boolean => {
  const a = attributes.find((x) => x.id === attribute)!;
  const v = a.categories.find((c) => c.id === value)?.min;
  const p = a.categories.find((c) => c.id === pivot)?.min;
  return v !== undefined && p !== undefined && v >= p;
};

// ------------------------------------------------------------------ programme eligibility

describe('catalogue: programme eligibility (DOMAIN.md 3, "Programme eligibility and priority")', () => {
  describe('TSP: OGRS 50-74 and 75-89 take the places, sex offenders included', () => {
    const tsp = eligibility('tsp');
    it('admits every offence type in OGRS 50-74 and 75-89 (Stafford; Wymott: OGRS 50+)', () => {
      for (const ogrs of ['50-74', '75-89']) {
        for (const offence of OFFENCES) expect(tsp.test(person({ ogrs, offence })), `${ogrs} ${offence}`).toBe(true);
      }
    });
    it('lets sex offenders take TSP places (Stafford: 18 of 72 completions)', () => {
      expect(tsp.test(person({ ogrs: '50-74', offence: 'sexual', rm2000: 'high' }))).toBe(true);
      expect(tsp.test(person({ ogrs: '75-89', offence: 'sexual', rm2000: 'low' }))).toBe(true);
    });
    it('takes violent offenders in OGRS 25-49 ("violent OGRS 25-49 included when places allow")', () => {
      expect(tsp.test(person({ ogrs: '25-49', offence: 'violent' }))).toBe(true);
      expect(tsp.test(person({ ogrs: '25-49', offence: 'violent', ovp: 'low' }))).toBe(true);
    });
    it('does not take non-violent offenders in OGRS 25-49, whatever else they have', () => {
      const bad = counterExamples(
        {
          ogrs: ['25-49'],
          offence: OFFENCES.filter((o) => o !== 'violent'),
          sentence: SENTENCES,
          ovp: OVP,
          rm2000: RM2000,
        },
        (b) => !tsp.test(person(b)),
      );
      expect(bad).toEqual([]);
    });
    it('does not take OGRS 0-24 ("unlikely to benefit ... can be damaging")', () => {
      const bad = counterExamples(
        { ogrs: ['0-24'], offence: OFFENCES, sentence: SENTENCES, ovp: OVP, rm2000: RM2000 },
        (b) => !tsp.test(person(b)),
      );
      expect(bad).toEqual([]);
    });
    it('puts higher OGRS first on the waiting list', () => {
      expect(catalogueProgramme('tsp').priority[0]).toEqual({ by: 'ogrs', order: 'desc' });
    });
  });

  describe('RESOLVE: violent offenders with OVP medium or above', () => {
    const resolve = eligibility('resolve');
    it('admits violent offenders with medium OVP, and with OVP 60%+ (Stafford assesses them too)', () => {
      for (const ovp of ['medium', 'high', 'very-high'])
        expect(resolve.test(person({ offence: 'violent', ovp, ogrs: '50-74' })), ovp).toBe(true);
    });
    it('is exactly "violent and OVP medium+" over every offence, OVP and OGRS band', () => {
      const bad = counterExamples(
        { ogrs: OGRS, offence: OFFENCES, ovp: OVP, sentence: SENTENCES },
        (b) => resolve.test(person(b)) === (b.offence === 'violent' && atLeast('ovp', b.ovp!, 'medium')),
      );
      expect(bad).toEqual([]);
    });
    it('does not admit low OVP or no valid OASys', () => {
      expect(resolve.test(person({ offence: 'violent', ovp: 'low' }))).toBe(false);
      expect(resolve.test(person({ offence: 'violent', ovp: 'unknown' }))).toBe(false);
    });
  });

  describe('SCP: OVP 60%+ (high and above), violent', () => {
    const scp = eligibility('scp');
    it('admits violent offenders with high and very high OVP', () => {
      expect(scp.test(person({ offence: 'violent', ovp: 'high' }))).toBe(true);
      expect(scp.test(person({ offence: 'violent', ovp: 'very-high' }))).toBe(true);
    });
    it('does not admit OVP below 60% (medium goes to RESOLVE)', () => {
      expect(scp.test(person({ offence: 'violent', ovp: 'medium' }))).toBe(false);
      expect(scp.test(person({ offence: 'violent', ovp: 'low' }))).toBe(false);
      expect(scp.test(person({ offence: 'violent', ovp: 'unknown' }))).toBe(false);
    });
    it('never admits anyone below OVP high, in any band', () => {
      const bad = counterExamples(
        { ogrs: OGRS, offence: OFFENCES, ovp: OVP, sentence: SENTENCES },
        (b) => !scp.test(person(b)) || atLeast('ovp', b.ovp!, 'high'),
      );
      expect(bad).toEqual([]);
    });
    it('needs enough time left: at least its own length', () => {
      const p = catalogueProgramme('scp');
      expect(p.minWeeksLeftToStart).toBeGreaterThanOrEqual(p.durationWeeks);
    });
  });

  describe('C-SOTP: RM2000 medium or above; RM2000 low only if ISP or intellectually disabled', () => {
    const core = eligibility('c-sotp');
    it('admits sex offenders with RM2000 medium, high and very high', () => {
      for (const rm2000 of ['medium', 'high', 'very-high'])
        expect(core.test(person({ offence: 'sexual', rm2000 })), rm2000).toBe(true);
    });
    it('does not admit RM2000 low with a determinate sentence and no intellectual disability', () => {
      for (const sentence of ['det-4y-plus', 'det-12m-4y', 'recall']) {
        expect(core.test(person({ offence: 'sexual', rm2000: 'low', sentence })), sentence).toBe(false);
      }
    });
    it('admits RM2000 low when indeterminate (ISP/life)', () => {
      expect(core.test(person({ offence: 'sexual', rm2000: 'low', sentence: 'indeterminate' }))).toBe(true);
    });
    it('admits RM2000 low when intellectually disabled', () => {
      expect(core.test(person({ offence: 'sexual', rm2000: 'low', learningDisability: 'yes' }))).toBe(true);
    });
    it('never admits a non-sex offender, or RM2000 low without ISP or disability, in any combination', () => {
      const bad = counterExamples(
        { ogrs: OGRS, offence: OFFENCES, sentence: SENTENCES, rm2000: RM2000, learningDisability: LD },
        (b) => {
          if (!core.test(person(b))) return true;
          if (b.offence !== 'sexual') return false;
          if (atLeast('rm2000', b.rm2000!, 'medium')) return true;
          return b.rm2000 === 'low' && (b.sentence === 'indeterminate' || b.learningDisability === 'yes');
        },
      );
      expect(bad).toEqual([]);
    });
  });

  describe('E-SOTP: RM2000 high or very high, after Core', () => {
    const extended = eligibility('e-sotp');
    it('admits RM2000 high and very high sex offenders who completed C-SOTP', () => {
      expect(extended.test(person({ offence: 'sexual', rm2000: 'high' }, { completed: ['c-sotp'] }))).toBe(true);
      expect(extended.test(person({ offence: 'sexual', rm2000: 'very-high' }, { completed: ['c-sotp'] }))).toBe(true);
    });
    it('does not admit them before they complete C-SOTP', () => {
      expect(extended.test(person({ offence: 'sexual', rm2000: 'very-high' }))).toBe(false);
      expect(extended.test(person({ offence: 'sexual', rm2000: 'very-high' }, { completed: ['tsp'] }))).toBe(false);
    });
    it('does not admit RM2000 medium even after Core', () => {
      expect(extended.test(person({ offence: 'sexual', rm2000: 'medium' }, { completed: ['c-sotp'] }))).toBe(false);
    });
    it('lists C-SOTP as a prerequisite, so the engine waits for the Core completion', () => {
      expect(catalogueProgramme('e-sotp').prerequisites).toContain('c-sotp');
    });
    it('is exactly "sexual, RM2000 high+, C-SOTP completed" over every combination', () => {
      for (const completed of [[], ['c-sotp']]) {
        const bad = counterExamples(
          { ogrs: OGRS, offence: OFFENCES, sentence: SENTENCES, rm2000: RM2000 },
          (b) =>
            extended.test(person(b, { completed })) ===
            (b.offence === 'sexual' && atLeast('rm2000', b.rm2000!, 'high') && completed.includes('c-sotp')),
        );
        expect(bad, `completed ${JSON.stringify(completed)}`).toEqual([]);
      }
    });
  });

  describe('A-SOTP: intellectually disabled sex offenders', () => {
    const adapted = eligibility('a-sotp');
    it('admits intellectually disabled sex offenders', () => {
      expect(adapted.test(person({ offence: 'sexual', learningDisability: 'yes', rm2000: 'medium' }))).toBe(true);
    });
    it('is exactly "sexual and intellectually disabled"', () => {
      const bad = counterExamples(
        { ogrs: OGRS, offence: OFFENCES, rm2000: RM2000, learningDisability: LD },
        (b) => adapted.test(person(b)) === (b.offence === 'sexual' && b.learningDisability === 'yes'),
      );
      expect(bad).toEqual([]);
    });
  });

  describe('HRP: DV flag and SARA above low', () => {
    const hi = eligibility('hrp-hi');
    const mi = eligibility('hrp-mi');
    it('never admits anyone without the DV flag or with SARA not above low (either intensity)', () => {
      const bad = counterExamples(
        { ogrs: OGRS, offence: OFFENCES, ovp: OVP, dv: DV, sara: SARA },
        (b) => (!hi.test(person(b)) && !mi.test(person(b))) || (b.dv === 'yes' && b.sara === 'above-low'),
      );
      expect(bad).toEqual([]);
    });
    it('admits DV perpetrators with SARA above low (OGRS 50+, Wymott) to exactly one intensity', () => {
      for (const b of grid({ ogrs: ['50-74', '75-89', '90-100'], offence: OFFENCES, ovp: OVP })) {
        const p = person({ ...b, dv: 'yes', sara: 'above-low' });
        expect(Number(hi.test(p)) + Number(mi.test(p)), JSON.stringify(b)).toBe(1);
      }
    });
    it('does not admit SARA low, or no DV flag', () => {
      const base = { ogrs: '75-89', offence: 'violent', ovp: 'high' };
      for (const extra of [
        { dv: 'yes', sara: 'low' },
        { dv: 'no', sara: 'above-low' },
        { dv: 'yes', sara: 'unknown' },
      ]) {
        const p = person({ ...base, ...extra });
        expect(hi.test(p) || mi.test(p), JSON.stringify(extra)).toBe(false);
      }
    });
  });

  it('a start needs long enough left to serve to finish before release: every catalogue programme', () => {
    const short = stafford.programmes
      .filter((p) => p.minWeeksLeftToStart < p.durationWeeks)
      .map((p) => `${p.id}: needs ${p.minWeeksLeftToStart} weeks left, lasts ${p.durationWeeks}`);
    expect(short).toEqual([]);
  });

  it('approaching earliest release date is prioritised (C-SOTP)', () => {
    expect(catalogueProgramme('c-sotp').priority.map((k) => k.by)).toContain('releaseDate');
  });
});

// ------------------------------------------------------------------ case management

describe('catalogue: case-management tiers (DOMAIN.md 3, "Case-management intensity")', () => {
  const tiers = stafford.caseManagement.tiers.map((t) => ({
    id: t.id,
    rate: t.sessionsPerYear,
    when: compile(t.when),
  }));
  const tierOf = (bands: Bands, weeksLeft = 150): string => {
    const p = person(bands, { weeksLeft });
    // First match wins, as the engine assigns.
    return (tiers.find((t) => t.when.test(p)) ?? tiers[tiers.length - 1]!).id;
  };
  const rateOf = (bands: Bands, weeksLeft = 150): number => tiers.find((t) => t.id === tierOf(bands, weeksLeft))!.rate;
  const HIGHEST = 12;
  const MEDIUM = 9;
  const LOW = 4;

  const noOverride = (b: Bands) =>
    !(b.offence === 'violent' && atLeast('ovp', b.ovp!, 'medium')) &&
    !(b.offence === 'sexual' && atLeast('rm2000', b.rm2000!, 'medium')) &&
    b.sentence !== 'indeterminate';

  it('has the three OMiC contact rates, 12 / 9 / 4 sessions a year', () => {
    expect(tiers.map((t) => t.rate).sort((a, b) => b - a)).toEqual([HIGHEST, MEDIUM, LOW]);
  });

  it('OGRS 0-49 is low by default (4 sessions a year)', () => {
    expect(rateOf({ ogrs: '0-24', offence: 'acquisitive' })).toBe(LOW);
    expect(rateOf({ ogrs: '25-49', offence: 'drugs' })).toBe(LOW);
    expect(rateOf({ ogrs: '25-49', offence: 'violent', ovp: 'low' })).toBe(LOW);
    expect(rateOf({ ogrs: '0-24', offence: 'sexual', rm2000: 'low' })).toBe(LOW);
    const bad = counterExamples(
      { ogrs: ['0-24', '25-49'], offence: OFFENCES, sentence: SENTENCES, ovp: OVP, rm2000: RM2000 },
      (b) => !noOverride(b) || rateOf(b) === LOW,
    );
    expect(bad).toEqual([]);
  });

  it('OGRS 50-74 is medium (9 sessions a year), whatever else', () => {
    const bad = counterExamples(
      { ogrs: ['50-74'], offence: OFFENCES, sentence: SENTENCES, ovp: OVP, rm2000: RM2000 },
      (b) => rateOf(b) === MEDIUM,
    );
    expect(bad).toEqual([]);
  });

  it('OGRS 75-89 is highest (12 sessions a year), with any time left', () => {
    for (const weeks of [10, 40, 60, 300]) {
      const bad = counterExamples(
        { ogrs: ['75-89'], offence: OFFENCES, sentence: SENTENCES, ovp: OVP, rm2000: RM2000 },
        (b) => rateOf(b, weeks) === HIGHEST,
      );
      expect(bad, `${weeks} weeks left`).toEqual([]);
    }
  });

  it('OGRS 90-100 is highest only with over 12 months to serve', () => {
    expect(rateOf({ ogrs: '90-100', offence: 'acquisitive' }, 60)).toBe(HIGHEST);
    expect(rateOf({ ogrs: '90-100', offence: 'acquisitive' }, 300)).toBe(HIGHEST);
    expect(rateOf({ ogrs: '90-100', offence: 'acquisitive' }, 40)).not.toBe(HIGHEST);
    expect(rateOf({ ogrs: '90-100', offence: 'acquisitive' }, 10)).not.toBe(HIGHEST);
  });

  describe('overrides in ANY OGRS band: not low', () => {
    const overrides: [string, Bands][] = [
      ['violent with OVP 30%+ (medium)', { offence: 'violent', ovp: 'medium' }],
      ['violent with OVP 60%+ (high)', { offence: 'violent', ovp: 'high' }],
      ['violent with OVP very high', { offence: 'violent', ovp: 'very-high' }],
      ['sexual with RM2000 medium', { offence: 'sexual', rm2000: 'medium' }],
      ['sexual with RM2000 high', { offence: 'sexual', rm2000: 'high' }],
      ['sexual with RM2000 very high', { offence: 'sexual', rm2000: 'very-high' }],
      ['ISP (indeterminate), acquisitive', { offence: 'acquisitive', sentence: 'indeterminate' }],
      ['ISP (indeterminate), sexual with RM2000 low', { offence: 'sexual', rm2000: 'low', sentence: 'indeterminate' }],
    ];
    for (const [name, bands] of overrides) {
      it(`${name}: never low, and medium in OGRS 0-49`, () => {
        for (const ogrs of OGRS) {
          for (const weeks of [20, 100])
            expect(rateOf({ ...bands, ogrs }, weeks), `${ogrs}, ${weeks} weeks left`).not.toBe(LOW);
        }
        expect(rateOf({ ...bands, ogrs: '0-24' })).toBe(MEDIUM);
        expect(rateOf({ ...bands, ogrs: '25-49' })).toBe(MEDIUM);
        // An override never lowers a higher tier.
        expect(rateOf({ ...bands, ogrs: '75-89' })).toBe(HIGHEST);
      });
    }
  });
});

// ------------------------------------------------------------------ engine rules

const at = (r: Results, e = 0, p = 0): ProgrammeResult => r.establishments[e]!.programmes[p]!;
const segment = (list: ProgrammeResult['byOgrs'], id: string) => {
  const s = list.find((x) => x.segment === id);
  if (!s) throw new Error(`no segment "${id}"`);
  return s;
};

/** Within k standard errors of a binomial mean of n trials at rate p, over R replications. */
function expectBinomialMean(observed: number, n: number, p: number, replications: number, k = 4): void {
  const se = Math.sqrt((n * p * (1 - p)) / replications);
  expect(Math.abs(observed - n * p)).toBeLessThanOrEqual(k * se + 1e-9);
}

/**
 * A population table whose cells make up the whole population. The total is given: a count table
 * without one does not hold the population to its cells (see tests/domain/population.test.ts).
 */
const table = (cells: { where: Record<string, string>; count: number }[]) => ({
  id: 't',
  total: cells.reduce((n, c) => n + c.count, 0),
  cells,
});

describe('engine: priority among the eligible', () => {
  // Two OGRS bands on one list, 30 in each; one group of 20, nobody leaves. The lower band's
  // men are created first, so a list in arrival order would pick them.
  const twoBands = (order: 'desc' | 'asc') =>
    oneCycle(
      scenario({
        programmes: [programme({ id: 'tsp', priority: [{ by: 'ogrs', order }] })],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 60,
            population: {
              tables: [
                table([
                  { where: { ogrs: '25-49' }, count: 30 },
                  { where: { ogrs: '75-89' }, count: 30 },
                ]),
              ],
              priors: [timeLeftPrior('5y-plus')],
            },
            programmes: [{ programme: 'tsp', groupsPerYear: 1, firstStartWeek: 0, groupSize: 20 }],
          }),
        ],
      }),
    );

  it('higher OGRS first: every start of a group smaller than the list is from the higher band', () => {
    const r = at(runScenario(twoBands('desc'), { replications: 5, horizonWeeks: 8 }));
    expect(r.joined.mean).toBe(60);
    expect(r.starts.mean).toBe(20);
    expect(segment(r.byOgrs, '75-89').starts.mean).toBe(20);
    expect(segment(r.byOgrs, '25-49').starts.mean).toBe(0);
    expect(segment(r.byOgrs, '25-49').waitingAtEnd.mean).toBe(30);
  });

  it('(control) the order key decides it: ascending OGRS takes the lower band instead', () => {
    const r = at(runScenario(twoBands('asc'), { replications: 5, horizonWeeks: 8 }));
    expect(segment(r.byOgrs, '25-49').starts.mean).toBe(20);
    expect(segment(r.byOgrs, '75-89').starts.mean).toBe(0);
  });

  it('approaching earliest release date is prioritised: those starting have less time left than those waiting', () => {
    // 40 acquisitive men with 1-2 years left, 40 violent men with 2-5 years left (offence marks
    // the time-left band in the results). One group of 25 in week 0. The violent men are created
    // first (offence is the earlier attribute), so a list in arrival order would pick them.
    const s = scenario({
      programmes: [programme({ id: 'tsp', priority: [{ by: 'releaseDate' }] })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 80,
          population: {
            tables: [
              table([
                { where: { timeLeft: '1-2y', offence: 'acquisitive' }, count: 40 },
                { where: { timeLeft: '2-5y', offence: 'violent' }, count: 40 },
              ]),
            ],
            priors: [],
          },
          programmes: [{ programme: 'tsp', groupsPerYear: 1, firstStartWeek: 0, groupSize: 25 }],
          // No receptions: with none of them under 2 years left beside men who are, the violent
          // men move on at 2 years left (arrivals.ts), and their replacements would join too.
          flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
        }),
      ],
    });
    const r = at(runScenario(s, { replications: 5, horizonWeeks: 8 }));
    expect(r.joined.mean).toBe(80);
    expect(segment(r.byOffence, 'acquisitive').starts.mean).toBe(25);
    const violent = segment(r.byOffence, 'violent');
    expect(violent.starts.mean).toBe(0);
    expect(violent.waitingAtEnd.mean + violent.unmetNeed.mean).toBe(40);
  });
});

describe('engine: a start needs long enough left to serve', () => {
  it('people whose window closes before a group never start: unmet need by time left', () => {
    // 50 people with 26-52 weeks left, 20 needed to start; the only group is in week 40, when
    // every window (closing at release - 20 + 1 <= week 33) has closed. No receptions.
    const s = scenario({
      programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 20 })],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 50,
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
          flows: { receptionsPerWeek: 0 },
          programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 100, firstStartWeek: 40 }],
        }),
      ],
    });
    const r = at(runScenario(s, { replications: 5, horizonWeeks: 52 }));
    expect(r.joined.mean).toBe(50);
    expect(r.starts.mean).toBe(0);
    expect(r.unmetNeed.mean).toBe(50);
    expect(r.unmetByTimeLeft.mean).toBe(50);
    expect(r.unmetByDeparture.mean).toBe(0);
  });

  it('those who do start have time to finish before release (they complete, none cut short)', () => {
    // Time left 26-52 weeks, group in week 10 needing 30 weeks left and lasting 30: only those
    // with release at week 40 or later may start, and every one of them finishes.
    const s = oneCycle(
      scenario({
        programmes: [programme({ id: 'tsp', minWeeksLeftToStart: 30, durationWeeks: 30, completionRate: 1 })],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 200,
            population: { tables: [], priors: [timeLeftPrior('6-12m')] },
            flows: { receptionsPerWeek: 0 },
            programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 500, firstStartWeek: 10 }],
          }),
        ],
      }),
    );
    const r = at(runScenario(s, { replications: 10, horizonWeeks: 52 }));
    expect(r.starts.mean).toBeGreaterThan(0);
    expect(r.unmetByTimeLeft.mean).toBeGreaterThan(0);
    expect(r.starts.mean + r.unmetNeed.mean + r.waitingAtEnd.mean).toBeCloseTo(r.joined.mean, 9);
    expect(r.nonCompletions.mean).toBe(0);
    expect(r.completions.mean).toBe(r.starts.mean);
  });
});

describe('engine: prerequisites (Extended SOTP only after Core)', () => {
  const withCore = (coreGroups: number) =>
    oneCycle(
      scenario({
        programmes: [
          programme({ id: 'core', durationWeeks: 10, completionRate: 1 }),
          programme({ id: 'ext', prerequisites: ['core'] }),
        ],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 40,
            programmes: [
              { programme: 'core', groupsPerYear: coreGroups, groupSize: 20 },
              { programme: 'ext', groupsPerYear: 13, groupSize: 20 },
            ],
          }),
        ],
      }),
    );

  it('with no Core groups nobody joins or starts the Extended programme', () => {
    const r = runScenario(withCore(0), { replications: 3, horizonWeeks: 52 });
    expect(at(r, 0, 1).joined.mean).toBe(0);
    expect(at(r, 0, 1).starts.mean).toBe(0);
  });

  it('(control) Core completers go on to start it', () => {
    const r = runScenario(withCore(1), { replications: 3, horizonWeeks: 52 });
    expect(at(r, 0, 0).completions.mean).toBe(20);
    expect(at(r, 0, 1).joined.mean).toBe(20);
    expect(at(r, 0, 1).starts.mean).toBe(20);
  });
});

describe('engine: a programme that is not delivered and not referred', () => {
  // 100 eligible men; transfers out at 1 a year, each replaced, so eligible men keep arriving.
  const s = scenario({
    programmes: [programme({ id: 'tsp' }), programme({ id: 'other' })],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: 100,
        flows: { transfersOutPerYear: 1 },
        programmes: [{ programme: 'other', groupsPerYear: 4 }],
      }),
    ],
  });
  const r = at(runScenario(s, { replications: 5, horizonWeeks: 52 }));

  it('is reported as not delivered, with no starts and no referrals', () => {
    expect(r.delivered).toBe(false);
    expect(r.starts).toEqual({ mean: 0, p5: 0, p50: 0, p95: 0 });
    expect(r.completions.mean).toBe(0);
    expect(r.referredOut.mean).toBe(0);
    expect(r.placesPerYear).toBe(0);
  });

  it('counts its eligible people as joined, ending as unmet need or still waiting', () => {
    expect(r.joined.mean).toBeGreaterThan(100);
    expect(r.unmetNeed.mean).toBeGreaterThan(0);
    expect(r.unmetNeed.mean + r.waitingAtEnd.mean).toBeCloseTo(r.joined.mean, 9);
  });

  it('warns that there are no places', () => {
    expect(r.loadWarning).toMatch(/no places/i);
  });

  // Even with nobody joining after the start, eligible people waiting for a programme this
  // prison does not run must be flagged.
  it('warns that there are no places even when every eligible person was there at the start', () => {
    const stock = scenario({
      programmes: [programme({ id: 'tsp' })],
      establishments: [establishment({ id: 'a', operationalCapacity: 100, programmes: [] })],
    });
    const q = at(runScenario(stock, { replications: 2, horizonWeeks: 26 }));
    expect(q.delivered).toBe(false);
    expect(q.joined.mean).toBe(100);
    expect(q.loadWarning ?? '(none)').toMatch(/no places/i);
  });
});

describe('engine: a prison that delivers nothing refers its need to a treatment site', () => {
  // Origin: 50 violent men, no programmes, refers TSP to the hub. Hub: 50 acquisitive men,
  // delivers TSP with room for everyone in week 0 and takes referrals.
  const s = oneCycle(
    scenario({
      programmes: [programme({ id: 'tsp' })],
      establishments: [
        establishment({
          id: 'origin',
          operationalCapacity: 50,
          population: {
            tables: [],
            priors: [timeLeftPrior('5y-plus'), { attribute: 'offence', shares: { violent: 1 } }],
          },
          // No receptions: the men who move to the hub are not replaced, so 50 are referred in all.
          flows: { receptionsPerWeek: 0 },
          referrals: [{ programme: 'tsp', to: 'hub' }],
        }),
        establishment({
          id: 'hub',
          operationalCapacity: 50,
          population: {
            tables: [],
            priors: [timeLeftPrior('5y-plus'), { attribute: 'offence', shares: { acquisitive: 1 } }],
          },
          programmes: [
            { programme: 'tsp', groupsPerYear: 1, firstStartWeek: 0, groupSize: 200, acceptsReferrals: true },
          ],
        }),
      ],
    }),
  );
  const r = runScenario(s, { replications: 3, horizonWeeks: 20 });
  const origin = at(r, 0);
  const hub = at(r, 1);
  const region = r.region.programmes[0]!;

  it("counts the origin's eligible men as referred out, with no starts and no unmet need there", () => {
    expect(origin.delivered).toBe(false);
    expect(origin.referredOut.mean).toBe(50);
    expect(origin.starts.mean).toBe(0);
    expect(origin.unmetNeed.mean).toBe(0);
  });

  it("includes the referred men in the hub's starts", () => {
    expect(hub.starts.mean).toBe(100);
    expect(segment(hub.byOffence, 'violent').starts.mean).toBe(50);
    expect(segment(hub.byOffence, 'acquisitive').starts.mean).toBe(50);
  });

  it('adds up over the region: starts, joined and referrals', () => {
    expect(region.starts.mean).toBe(origin.starts.mean + hub.starts.mean);
    expect(region.joined.mean).toBe(origin.joined.mean + hub.joined.mean);
    expect(region.referredOut.mean).toBe(50);
    expect(region.starts.mean).toBe(100);
  });

  it('moves the referred men to the hub when they start', () => {
    expect(r.establishments[1]!.population.mean).toBeGreaterThan(50);
  });

  /** Origin (20 men, no programmes) refers `referred` to the hub, which runs them as given. */
  const toHub = (referred: string[], hubProgrammes: NonNullable<Parameters<typeof establishment>[0]['programmes']>) =>
    runScenario(
      scenario({
        programmes: [programme({ id: 'p', durationWeeks: 5 }), programme({ id: 'q', durationWeeks: 5 })],
        establishments: [
          establishment({
            id: 'origin',
            operationalCapacity: 20,
            flows: { receptionsPerWeek: 0 },
            referrals: referred.map((id) => ({ programme: id, to: 'hub' })),
          }),
          establishment({
            id: 'hub',
            operationalCapacity: 1,
            flows: { receptionsPerWeek: 0 },
            programmes: hubProgrammes,
          }),
        ],
      }),
      { replications: 2, horizonWeeks: 30 },
    );

  // A man referred to the hub for p and q starts p there (and moves there); his q entry on the
  // hub's own list stays open, because he is now where the list is.
  it('a man referred to the hub for two programmes can start the second there after the first', () => {
    const r = toHub(
      ['p', 'q'],
      [
        { programme: 'p', groupsPerYear: 1, firstStartWeek: 0, groupSize: 100, acceptsReferrals: true },
        { programme: 'q', groupsPerYear: 1, groupSize: 100, firstStartWeek: 10, acceptsReferrals: true },
      ],
    );
    const q = at(r, 1, 1);
    expect(at(r, 1, 0).starts.mean).toBe(21);
    expect(q.unmetByDeparture.mean).toBe(0);
    expect(q.starts.mean).toBe(21);
  });

  // `acceptsReferrals: false`: the need stays at the origin as not delivered.
  it('a hub that does not accept referrals for a programme takes none', () => {
    const r = toHub(
      ['p'],
      [{ programme: 'p', groupsPerYear: 1, firstStartWeek: 0, groupSize: 100, acceptsReferrals: false }],
    );
    expect(at(r, 0, 0).referredOut.mean).toBe(0);
    expect(at(r, 1, 0).starts.mean).toBe(1);
  });
});

describe('engine: suitability rate', () => {
  const withRate = (suitabilityRate: number) =>
    scenario({
      programmes: [programme({ id: 'tsp', suitabilityRate })],
      establishments: [establishment({ id: 'a', operationalCapacity: 500 })],
    });
  it('joins the eligible at the suitability rate (binomial mean)', () => {
    const R = 60;
    expectBinomialMean(at(runScenario(withRate(0.4), { replications: R, horizonWeeks: 2 })).joined.mean, 500, 0.4, R);
  });
  it('joins everyone at rate 1 and no one at rate 0', () => {
    expect(at(runScenario(withRate(1), { replications: 2, horizonWeeks: 2 })).joined.mean).toBe(500);
    expect(at(runScenario(withRate(0), { replications: 2, horizonWeeks: 2 })).joined.mean).toBe(0);
  });
});

describe('engine: completion rate', () => {
  it('completes starts at the completion rate once courses have ended', () => {
    const s = oneCycle(
      scenario({
        programmes: [programme({ id: 'tsp', completionRate: 0.75, durationWeeks: 5 })],
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 300,
            programmes: [{ programme: 'tsp', groupsPerYear: 1, firstStartWeek: 0, groupSize: 300 }],
          }),
        ],
      }),
    );
    const R = 60;
    const r = at(runScenario(s, { replications: R, horizonWeeks: 10 }));
    expect(r.starts.mean).toBe(300);
    expect(r.inProgressAtEnd.mean).toBe(0);
    expectBinomialMean(r.completions.mean, 300, 0.75, R);
    expect(r.completions.mean + r.nonCompletions.mean).toBeCloseTo(300, 9);
  });
});

describe('engine: agreed volumes against projected (Notice of Change)', () => {
  // 300 eligible men who stay; 5 groups of 10 a year: 50 starts a year, all complete.
  const run = (agreedStarts: number, agreedCompletions: number, materialityThreshold = 0.1, weeks = 52) =>
    at(
      runScenario(
        scenario({
          materialityThreshold,
          programmes: [programme({ id: 'tsp', durationWeeks: 4, completionRate: 1 })],
          establishments: [
            establishment({
              id: 'a',
              operationalCapacity: 300,
              programmes: [{ programme: 'tsp', groupsPerYear: 5, groupSize: 10, agreedStarts, agreedCompletions }],
            }),
          ],
        }),
        { replications: 3, horizonWeeks: weeks },
      ),
    );

  it('reports the variance (projected minus agreed) and flags it material beyond the threshold', () => {
    const r = run(80, 72);
    expect(r.starts.mean).toBe(50);
    expect(r.agreed).not.toBeNull();
    expect(r.agreed!.agreedStarts).toBe(80);
    expect(r.agreed!.startsVariance).toBeCloseTo(-30, 9);
    expect(r.agreed!.startsMaterial).toBe(true);
    expect(r.agreed!.completionsVariance).toBeCloseTo(50 - 72, 9);
    expect(r.agreed!.completionsMaterial).toBe(true);
  });

  it('does not flag a variance within the threshold', () => {
    const r = run(52, 50);
    expect(r.agreed!.startsVariance).toBeCloseTo(-2, 9);
    expect(r.agreed!.startsMaterial).toBe(false);
    expect(r.agreed!.completionsVariance).toBeCloseTo(0, 9);
    expect(r.agreed!.completionsMaterial).toBe(false);
  });

  it('uses the scenario materialityThreshold', () => {
    // |50 - 80| / 80 = 0.375: material at 0.1, not at 0.5.
    expect(run(80, 50, 0.5).agreed!.startsMaterial).toBe(false);
    expect(run(80, 50, 0.3).agreed!.startsMaterial).toBe(true);
  });

  it('compares a year: a two-year horizon is scaled to a year', () => {
    const r = run(50, 50, 0.1, 104);
    expect(r.starts.mean).toBe(100);
    expect(r.agreed!.startsVariance).toBeCloseTo(0, 9);
    expect(r.agreed!.startsMaterial).toBe(false);
  });
});

describe('engine: load above 1 gives a warning', () => {
  // 200 men with 6-12 months left, each release replaced: about 260 eligible arrivals a year.
  const run = (groupsPerYear: number, groupSize: number) =>
    at(
      runScenario(
        scenario({
          establishments: [
            establishment({
              id: 'a',
              operationalCapacity: 200,
              population: { tables: [], priors: [timeLeftPrior('6-12m')] },
              programmes: [{ programme: 'tsp', groupsPerYear, groupSize }],
            }),
          ],
        }),
        { replications: 3, horizonWeeks: 52 },
      ),
    );

  it('warns when more join a year than there are places', () => {
    const r = run(2, 10);
    expect(r.joiningPerYear.mean).toBeGreaterThan(100);
    expect(r.load.mean).toBeGreaterThan(1);
    expect(r.loadWarning).not.toBeNull();
    expect(r.loadWarning).toMatch(/load/i);
  });

  it('(control) no warning when places exceed those joining', () => {
    const r = run(26, 100);
    expect(r.load.mean).toBeLessThan(1);
    expect(r.loadWarning).toBeNull();
  });
});

describe('engine: scheduled changes', () => {
  const base = (changes: Scenario['changes']) =>
    runScenario(
      scenario({
        changes,
        establishments: [
          establishment({
            id: 'a',
            operationalCapacity: 300,
            programmes: [{ programme: 'tsp', groupsPerYear: 2, groupSize: 10 }],
          }),
        ],
      }),
      { replications: 3, horizonWeeks: 52 },
    );

  it('a groupsPerYear change from a week increases starts after it, not before', () => {
    const before = at(base([]));
    const after = at(
      base([
        {
          fromWeek: 26,
          establishment: 'a',
          set: { kind: 'groupsPerYear', programme: 'tsp', value: 12 },
          appliesToExisting: false,
        },
      ]),
    );
    expect(before.starts.mean).toBe(20);
    expect(after.starts.mean).toBeGreaterThan(before.starts.mean + 40);
    // Identical up to the week before the change.
    expect(after.series.cumulativeStarts.mean[25]).toBe(before.series.cumulativeStarts.mean[25]);
    expect(after.series.cumulativeStarts.mean[25]).toBe(10);
  });

  // 50 violent and 50 acquisitive men who stay; TSP for violent men; from week 10, for both.
  const eligibilityChange = (appliesToExisting: boolean, receptionsPerWeek: number) =>
    at(
      runScenario(
        scenario({
          programmes: [programme({ id: 'tsp', eligibility: { attribute: 'offence', in: ['violent'] } })],
          changes: [
            {
              fromWeek: 10,
              establishment: 'a',
              set: {
                kind: 'eligibility',
                programme: 'tsp',
                eligibility: { attribute: 'offence', in: ['violent', 'acquisitive'] },
              },
              appliesToExisting,
            },
          ],
          establishments: [
            establishment({
              id: 'a',
              operationalCapacity: 100,
              population: {
                tables: [
                  table([
                    { where: { offence: 'violent' }, count: 50 },
                    { where: { offence: 'acquisitive' }, count: 50 },
                  ]),
                ],
                priors: [timeLeftPrior('5y-plus')],
              },
              flows: { receptionsPerWeek },
              programmes: [{ programme: 'tsp', groupsPerYear: 0 }],
            }),
          ],
        }),
        { replications: 5, horizonWeeks: 30 },
      ),
    );

  it('an eligibility change with appliesToExisting: true brings in the people already inside', () => {
    const r = eligibilityChange(true, 0);
    expect(segment(r.byOffence, 'violent').joined.mean).toBe(50);
    expect(segment(r.byOffence, 'acquisitive').joined.mean).toBe(50);
    // The violent men waited from the start; the acquisitive joined in year 1, at the change.
    expect(r.waitingAtStart.mean).toBe(50);
    expect(r.perYear[0]!.joined.mean).toBe(50);
  });

  it('with appliesToExisting: false only new receptions are assessed under the new rule', () => {
    const none = eligibilityChange(false, 0);
    expect(segment(none.byOffence, 'acquisitive').joined.mean).toBe(0);
    expect(none.joined.mean).toBe(50);
    // With receptions (about 1 a week, half acquisitive), the new acquisitive arrivals join.
    const some = eligibilityChange(false, 1);
    const acquisitive = segment(some.byOffence, 'acquisitive').joined.mean;
    expect(acquisitive).toBeGreaterThan(0);
    expect(acquisitive).toBeLessThan(30);
  });
});

describe('engine: transfers out make unmet need by departure', () => {
  const run = (transfersOutPerYear: number) =>
    at(
      runScenario(
        scenario({
          establishments: [
            establishment({
              id: 'a',
              operationalCapacity: 200,
              flows: { transfersOutPerYear },
              programmes: [{ programme: 'tsp', groupsPerYear: 1, groupSize: 10, firstStartWeek: 51 }],
            }),
          ],
        }),
        { replications: 3, horizonWeeks: 52 },
      ),
    );

  it('eligible men transferred out before starting are unmet need by departure', () => {
    const r = run(1);
    expect(r.unmetByDeparture.mean).toBeGreaterThan(50);
    expect(r.unmetByTimeLeft.mean).toBe(0);
    expect(r.unmetNeed.mean).toBeCloseTo(r.unmetByDeparture.mean + r.unmetByTimeLeft.mean, 9);
  });

  it('(control) with no transfers and long sentences there is no unmet need', () => {
    expect(run(0).unmetNeed.mean).toBe(0);
  });
});

describe('engine: case-management tiers, first match wins', () => {
  it('puts each person in the first tier whose rule matches, and requires its contact rate', () => {
    const s = scenario({
      caseManagement: {
        tiers: [
          { id: 'high', when: { attribute: 'ogrs', atLeast: '75-89' }, sessionsPerYear: 12 },
          { id: 'medium', when: { attribute: 'ogrs', atLeast: '50-74' }, sessionsPerYear: 9 },
          { id: 'low', when: { always: true }, sessionsPerYear: 4 },
        ],
      },
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 90,
          population: {
            tables: [
              table([
                { where: { ogrs: '90-100' }, count: 30 },
                { where: { ogrs: '50-74' }, count: 30 },
                { where: { ogrs: '0-24' }, count: 30 },
              ]),
            ],
            priors: [timeLeftPrior('5y-plus')],
          },
        }),
      ],
    });
    const [high, medium, low] = runScenario(s, { replications: 2, horizonWeeks: 52 }).establishments[0]!.caseManagement;
    expect(high!.people.mean).toBe(30);
    expect(medium!.people.mean).toBe(30);
    expect(low!.people.mean).toBe(30);
    expect(high!.sessionsRequired.mean).toBeCloseTo(30 * 12, 6);
    expect(medium!.sessionsRequired.mean).toBeCloseTo(30 * 9, 6);
    expect(low!.sessionsRequired.mean).toBeCloseTo(30 * 4, 6);
  });
});

describe('engine: rules that depend on time left are applied as time passes', () => {
  // DOMAIN.md 3 puts OGRS 90-100 in the highest tier only "with over 12 months to serve" (the
  // built-in tiers: weeksToRelease min 52): a prolific man leaves it as his time left falls.
  it('OGRS 90-100 leaves the highest tier once under 12 months are left (built-in tiers)', () => {
    // 100 prolific men with 1-2 years (52-103 weeks) left, none released within the year: each is
    // over 12 months from release for about half the year on average.
    const s = scenario({
      caseManagement: stafford.caseManagement,
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 100,
          population: { tables: [table([{ where: { ogrs: '90-100' }, count: 100 }])], priors: [timeLeftPrior('1-2y')] },
        }),
      ],
    });
    const tiers = runScenario(s, { replications: 2, horizonWeeks: 52 }).establishments[0]!.caseManagement;
    const highest = tiers.find((t) => t.sessionsPerYear === 12)!;
    expect(highest.people.mean).toBeLessThan(75);
    expect(highest.people.mean).toBeGreaterThan(25);
  });

  // `weeksToRelease: { max: N }` ("in the last N weeks before release", as the built-in FOR
  // programme uses it) admits people as they reach their last N weeks, not only on arrival.
  it('a programme for the last 26 weeks before release admits men as they reach them', () => {
    const s = scenario({
      programmes: [
        programme({
          id: 'for',
          eligibility: { weeksToRelease: { max: 26 } },
          minWeeksLeftToStart: 6,
          durationWeeks: 4,
        }),
      ],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 50,
          flows: { receptionsPerWeek: 0 },
          // 26-51 weeks left: each man enters his last 26 weeks within the first 26 weeks.
          population: { tables: [], priors: [timeLeftPrior('6-12m')] },
          programmes: [{ programme: 'for', groupsPerYear: 26, firstStartWeek: 0, groupSize: 100 }],
        }),
      ],
    });
    const r = at(runScenario(s, { replications: 2, horizonWeeks: 52 }));
    // A running start: men with 26 weeks left at the start may be on a course already (in
    // progress at the start, neither joined nor started in the window).
    expect(r.joined.mean + r.inProgressAtStart.mean).toBeGreaterThanOrEqual(45);
    expect(r.starts.mean + r.inProgressAtStart.mean).toBeGreaterThanOrEqual(45);
  });
});

// ------------------------------------------------------------------ sites' own rules (annexes' Table 4b)

describe("sites' own rules: TSP and HRP as each annex targets them", () => {
  const wymott = loadBuiltin('wymott-2014');
  const siteRule = (s: Scenario, site: string, id: string) => {
    const d = s.establishments.find((e) => e.id === site)?.programmes.find((p) => p.programme === id);
    if (!d?.eligibility) throw new Error(`${site} has no rule of its own for ${id}`);
    return compile(d.eligibility);
  };
  const segmentsOf = (s: Scenario, site: string, id: string) =>
    s.establishments.find((e) => e.id === site)?.programmes.find((p) => p.programme === id)?.segments ?? [];

  it('Wymott: TSP never for acquisitive or robbery offenders in OGRS 50+ (003_ Table 4b)', () => {
    const tsp = siteRule(wymott, 'wymott', 'tsp');
    expect(
      counterExamples(
        { ogrs: ['50-74', '75-89', '90-100'], offence: OFFENCES, sentence: SENTENCES, rm2000: RM2000 },
        (b) => tsp.test(person(b)) === !['acquisitive', 'robbery'].includes(b.offence!),
      ),
    ).toEqual([]);
  });

  it('Wymott: TSP in OGRS 0-24 only for ISPs and RM2000 medium+; in 25-49 for everyone (others after)', () => {
    const tsp = siteRule(wymott, 'wymott', 'tsp');
    expect(
      counterExamples(
        { ogrs: ['0-24'], offence: OFFENCES, sentence: SENTENCES, rm2000: RM2000 },
        (b) => tsp.test(person(b)) === (b.sentence === 'indeterminate' || atLeast('rm2000', b.rm2000!, 'medium')),
      ),
    ).toEqual([]);
    expect(
      counterExamples({ ogrs: ['25-49'], offence: OFFENCES, sentence: SENTENCES, rm2000: RM2000 }, (b) =>
        tsp.test(person(b)),
      ),
    ).toEqual([]);
    // Men of greater risk and need come before the other men of OGRS 25-49.
    const priority = wymott.establishments[0]!.programmes.find((p) => p.programme === 'tsp')!.priority!;
    const greater = priority.find(
      (k): k is Extract<typeof k, { by: 'criteria' }> =>
        k.by === 'criteria' && compile(k.when).test(person({ ogrs: '25-49', sentence: 'indeterminate' })),
    );
    expect(greater).toBeDefined();
    expect(compile(greater!.when).test(person({ ogrs: '25-49', offence: 'violent' }))).toBe(false);
  });

  it('Wymott: HRP in every OGRS band ("available to offenders in all OGRS bands")', () => {
    const hi = siteRule(wymott, 'wymott', 'hrp-hi');
    const mi = siteRule(wymott, 'wymott', 'hrp-mi');
    const dv = { dv: 'yes', sara: 'above-low', offence: 'violent' };
    // The catalogue's split stays (high intensity: OGRS 75+ or OVP high+); only its OGRS 50+ goes.
    for (const ogrs of OGRS) {
      expect(hi.test(person({ ...dv, ogrs, ovp: 'high' })), `hrp-hi ${ogrs}`).toBe(true);
      expect(hi.test(person({ ...dv, ogrs, ovp: 'high', dv: 'no' })), `hrp-hi ${ogrs} without DV`).toBe(false);
    }
    for (const ogrs of ['0-24', '25-49', '50-74']) {
      expect(mi.test(person({ ...dv, ogrs, ovp: 'low' })), `hrp-mi ${ogrs}`).toBe(true);
      expect(mi.test(person({ ...dv, ogrs, ovp: 'high' })), `hrp-mi ${ogrs} at high intensity`).toBe(false);
    }
    expect(eligibility('hrp-hi').test(person({ ...dv, ogrs: '0-24', ovp: 'high' }))).toBe(false);
  });

  it("Wymott: Table 4b's TSP completions by OGRS band are its plan by segment (38, 27, 33, 18, 1)", () => {
    const plan = segmentsOf(wymott, 'wymott', 'tsp');
    expect(plan.map((g) => [g.when, g.plannedCompletions])).toEqual(
      ['0-24', '25-49', '50-74', '75-89', '90-100'].map((b, k) => [
        { attribute: 'ogrs', in: [b] },
        [38, 27, 33, 18, 1][k],
      ]),
    );
  });

  it('Stafford: TSP for OGRS 25+ of any offence and for sex offenders in any band (000_ Table 4b)', () => {
    const tsp = siteRule(stafford, 'stafford', 'tsp');
    expect(
      counterExamples(
        { ogrs: OGRS, offence: OFFENCES, rm2000: RM2000 },
        (b) =>
          tsp.test(person(b)) ===
          (b.ogrs !== '0-24' || (b.offence === 'sexual' && atLeast('rm2000', b.rm2000!, 'medium'))),
      ),
    ).toEqual([]);
  });

  it("Stafford: Table 4b's planned completions by segment, with TSP places kept in their proportion", () => {
    const plan = (id: string) =>
      segmentsOf(stafford, 'stafford', id).map((g) => [g.id, g.plannedCompletions, g.reservedShare ?? null]);
    expect(plan('tsp')).toEqual([
      ['sexual', 18, 18 / 72],
      ['violent', 54, 54 / 72],
    ]);
    expect(plan('resolve')).toEqual([['violent', 18, null]]);
    expect(plan('c-sotp')).toEqual([['sexual', 34, null]]);
  });

  it("the West Midlands' Stafford has the same rules as the Stafford file", () => {
    const region = loadBuiltin('west-midlands-2014');
    const pick = (s: Scenario) =>
      s.establishments
        .find((e) => e.id === 'stafford')!
        .programmes.map(({ programme, eligibility, priority, segments }) => ({
          programme,
          eligibility,
          priority,
          segments,
        }));
    expect(pick(region)).toEqual(pick(stafford));
  });
});
