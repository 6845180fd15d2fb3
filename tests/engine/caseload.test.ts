/**
 * The offender-management workload in a run (engine/caseload.ts): exact arithmetic on small fixed
 * populations, handover timing by sentence type, remand never POM-led, ISP work rising towards
 * tariff, and the region as the sum of its establishments in every replication.
 */
import { describe, expect, it } from 'vitest';
import {
  compileScenario,
  simulateBatch,
  summarize,
  type CompiledScenario,
  type ScenarioInput,
} from '../../src/index.js';
import { Caseload } from '../../src/engine/caseload.js';
import { People } from '../../src/engine/people.js';
import { establishment, scenario } from './scenarioBuilder.js';

/** Time-left bands one week wide, so each person's release week is exactly known. */
const exactTimeLeft = {
  id: 'timeLeft',
  ordered: true,
  categories: [40, 100, 200, 300].map((w) => ({ id: `w${w}`, min: w, max: w })),
};

type Over = Partial<ScenarioInput>;
type EstablishmentOver = Parameters<typeof establishment>[0];

/**
 * Release rules that make each kind's stay known (release.ts): an ISP is released at tariff (never
 * drawn past it), every recall is a standard recall to the end of its band, and remand lasts long
 * (up to the horizon and beyond) and is never sentenced here.
 */
const knownRelease: ScenarioInput['release'] = {
  indeterminate: { releaseProbability: 1 },
  recall: { fixedTermShare: 0 },
  remand: { meanWeeks: 520, sentencedAndStayShare: 0 },
  // Release at the automatic point exactly: no extended sentences, nobody on home detention curfew.
  extended: { share: 0 },
  hdc: { grantedShare: 0 },
};

/** One establishment of `total` people, all of one sentence and time left; nobody arrives. */
function fixedPopulation(
  sentence: string,
  left: number,
  total: number,
  over: Over = {},
  site: Partial<EstablishmentOver> = {},
) {
  return scenario({
    attributes: [exactTimeLeft],
    horizon: { value: 220, unit: 'weeks' },
    replications: 3,
    release: knownRelease,
    programmes: [],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: total,
        population: {
          total,
          tables: [],
          priors: [
            { attribute: 'sentence', shares: { [sentence]: 1 } },
            { attribute: 'timeLeft', shares: { [`w${left}`]: 1 } },
            { attribute: 'rosh', shares: { medium: 1 } },
          ],
        },
        flows: { receptionsPerWeek: 0, transfersOutPerYear: 0 },
        staffing: { pomFte: 1 },
        ...site,
      }),
    ],
    ...over,
  });
}

/**
 * One ISP driven through the caseload alone, with no simulation around it: in custody from week 0,
 * tariff in `tariffWeek`, released in `releaseWeek`, and any other attributes given by category
 * id. Runs every week to the release; returns the establishment's caseload series k in a week.
 */
function drivenIsp(
  compiled: CompiledScenario,
  tariffWeek: number,
  releaseWeek: number,
  categories: Record<string, string> = {},
  recording = true,
): (k: number, week: number) => number {
  const people = new People(compiled.attributes.length, compiled.programmes.length, 1);
  const i = people.add();
  const given = { ...categories, [compiled.attributes[compiled.sentenceAttribute].id]: 'indeterminate' };
  for (const [attribute, category] of Object.entries(given)) {
    const a = compiled.attributes.findIndex((x) => x.id === attribute);
    people.codes[i * people.attributes + a] = compiled.attributes[a].categories.findIndex((c) => c.id === category);
  }
  people.earliestReleaseWeek[i] = tariffWeek;
  people.releaseWeek[i] = releaseWeek;
  people.departWeek[i] = releaseWeek;
  const { layout } = compiled;
  const series = new Float32Array(layout.seriesCount * compiled.weeks);
  const caseload = new Caseload(
    compiled.caseload,
    layout,
    people,
    compiled.weeks,
    compiled.tierPriority,
    new Float64Array(layout.scalarCount),
    series,
    recording,
  );
  caseload.arrive(i, 0, true);
  for (let w = 0; w < releaseWeek; w++) caseload.week(w, [null]);
  return (k, week) => series[layout.caseloadSeries(0, k) * compiled.weeks + week];
}

function run(s: ReturnType<typeof scenario>) {
  const compiled = compileScenario(s);
  return summarize(compiled, [simulateBatch(compiled, 0, compiled.replications)]);
}

/** Weekly mean series of who holds the one person's case, as a string: P(OM), C(OM), -(none), .(gone). */
function holders(s: ReturnType<typeof scenario>): string {
  const r = run(s).establishments[0].offenderManagement.responsibility.series;
  return r.pomLed.mean
    .map((p, w) => (p === 1 ? 'P' : r.comLed.mean[w] === 1 ? 'C' : r.noOffenderManager.mean[w] === 1 ? '-' : '.'))
    .join('');
}

/** Runs of the same letter: "P64 C36 .120". */
function runs(text: string): string {
  return (text.match(/(.)\1*/g) ?? []).map((m) => `${m[0]}${m.length}`).join(' ');
}

const noTasks = (cm: ScenarioInput['caseManagement']): ScenarioInput['caseManagement'] => ({
  ...cm,
  workload: { tasks: [] },
});
const oneTier = { tiers: [{ id: 'all', when: { always: true }, sessionsPerYear: 4 }] };

describe('handover timing by sentence type (one person, release or tariff in week 100)', () => {
  it('determinate: POM-led until 8 months 14 days (36.7 weeks) before release, then COM-led until release', () => {
    expect(runs(holders(fixedPopulation('det-4y-plus', 100, 1)))).toBe('P64 C36 .120');
  });

  it('parole-eligible determinate (a kinds rule) and indeterminate: handed over 52 weeks before release or tariff', () => {
    const parole = fixedPopulation('det-4y-plus', 100, 1, {
      caseManagement: {
        ...oneTier,
        responsibility: {
          kinds: [{ kind: 'determinate-parole', when: { attribute: 'sentence', in: ['det-4y-plus'] } }],
        },
      },
    });
    expect(runs(holders(parole))).toBe('P48 C52 .120');
    expect(runs(holders(fixedPopulation('indeterminate', 100, 1)))).toBe('P48 C52 .120');
  });

  it('early allocation: handed over 15 months (65 weeks) before release', () => {
    const early = fixedPopulation('det-4y-plus', 100, 1, {
      caseManagement: { ...oneTier, responsibility: { earlyAllocation: { attribute: 'rosh', atLeast: 'medium' } } },
    });
    expect(runs(holders(early))).toBe('P35 C65 .120');
  });

  it('a short determinate sentence is COM-led from the start: 40 weeks left, none served (a reception) or served', () => {
    const received = fixedPopulation('det-12m-4y', 40, 1, {
      caseManagement: { ...oneTier, responsibility: { openingWeeksServedPerWeekLeft: 0 } },
    });
    expect(runs(holders(received))).toBe('C40 .180');
    // Opening population: served taken equal to time left, so 80 weeks from sentence: POM until 36.7 weeks left.
    expect(runs(holders(fixedPopulation('det-12m-4y', 40, 1)))).toBe('P4 C36 .180');
    // Under 12 months is always COM-led.
    expect(runs(holders(fixedPopulation('det-under-12m', 40, 1)))).toBe('C40 .180');
  });

  it('recall: COM-led throughout; remand: no offender manager, ever, even with early allocation', () => {
    expect(runs(holders(fixedPopulation('recall', 100, 1)))).toBe('C100 .120');
    const remand = fixedPopulation('remand', 200, 1, {
      caseManagement: { ...oneTier, responsibility: { earlyAllocation: { always: true } } },
    });
    // Remand stays are drawn (release.ts): however long each is, nobody holds the case in any
    // week, and the stays run past the 65 weeks an early-allocation handover would leave POM-led.
    const r = run(remand).establishments[0].offenderManagement.responsibility.series;
    expect(r.noOffenderManager.mean[0]).toBe(1);
    expect(r.noOffenderManager.mean.filter((n) => n > 0).length).toBeGreaterThan(65);
    expect(Math.max(...r.pomLed.p95, ...r.comLed.p95)).toBe(0);
  });

  it('remand sentenced here: no offender manager while on remand, then COM-led (a sentence under 12 months)', () => {
    // A week on remand, then sentenced and staying (release.ts): the case goes to the COM from week 1.
    const sentenced = fixedPopulation('remand', 200, 1, {
      release: { ...knownRelease, remand: { meanWeeks: 1, sentencedAndStayShare: 1, weeksAfterSentence: 520 } },
    });
    expect(runs(holders(sentenced)).slice(0, 4)).toBe('-1 C');
    const r = run(sentenced).establishments[0].offenderManagement.responsibility.series;
    expect(Math.max(...r.pomLed.p95)).toBe(0);
  });

  it('an ISP refused parole at tariff: handed over 52 weeks before tariff, then COM-led until the later release', () => {
    // Drive the caseload directly, so the release a review directs (week 204) differs from tariff (week 100).
    const at = drivenIsp(compileScenario(fixedPopulation('indeterminate', 100, 1)), 100, 204);
    let text = '';
    for (let w = 0; w < 204; w++) text += at(0, w) === 1 ? 'P' : at(1, w) === 1 ? 'C' : '.';
    expect(runs(text)).toBe('P48 C156');
  });

  it('a warm-up’s caseload (not recording) counts nothing: the warm-up hands none over', () => {
    const compiled = compileScenario(fixedPopulation('indeterminate', 100, 1));
    const at = drivenIsp(compiled, 100, 204, {}, false);
    for (let w = 0; w < 204; w++) for (const k of [0, 1, 2, 3]) expect(at(k, w)).toBe(0);
  });
});

describe('remand is never POM-led', () => {
  it('in a mixed local population, none of the remand men are POM-led or COM-led in any week', () => {
    const s = scenario({
      replications: 5,
      programmes: [],
      // Nobody sentenced here: a sentenced man is no longer on remand (see the test above).
      release: { remand: { sentencedAndStayShare: 0 } },
      establishments: [
        establishment({
          id: 'local',
          operationalCapacity: 300,
          population: {
            tables: [],
            priors: [{ attribute: 'sentence', shares: { remand: 1 } }],
          },
          flows: { receptionsPerWeek: null, transfersOutPerYear: 2 },
          staffing: { pomFte: 2 },
        }),
      ],
    });
    const om = run(s).establishments[0].offenderManagement;
    expect(om.responsibility.noOffenderManager.mean).toBeCloseTo(300, 6);
    expect(om.responsibility.pomLed.p95).toBe(0);
    expect(om.responsibility.comLed.p95).toBe(0);
    expect(Math.max(...om.responsibility.series.pomLed.p95)).toBe(0);
    expect(om.pomFteRequired.p95).toBe(0);
  });
});

describe('arithmetic on a small fixed population', () => {
  // 100 POM-led men all year (300 weeks to release), 4 sessions a year of 60 + 15 minutes, one task of 60 minutes a year.
  const withTasks = (pomFte: number) =>
    fixedPopulation(
      'det-4y-plus',
      300,
      100,
      {
        horizon: { value: 52, unit: 'weeks' },
        caseManagement: {
          ...oneTier,
          workload: { tasks: [{ id: 'review', minutesPerYear: 60 }] },
        },
      },
      { staffing: { pomFte, hoursPerFteWeek: 37.5, availability: 0.8 } },
    );

  it('counts sessions, minutes and FTE exactly', () => {
    const om = run(withTasks(1)).establishments[0].offenderManagement;
    const tier = om.byTier[0];
    expect(om.responsibility.pomLed.mean).toBe(100);
    expect(tier.contactSessionsRequired.mean).toBeCloseTo(400, 9); // 100 x 4
    expect(tier.minutesRequired.mean).toBeCloseTo(100 * (4 * 75 + 60), 7); // 36,000
    expect(om.byTask[0].minutesRequired.mean).toBeCloseTo(6000, 7);
    // A week: 36,000 / 52 minutes; one FTE gives 37.5 x 0.8 x 60 = 1,800.
    expect(om.pomFteRequired.mean).toBeCloseTo(36000 / 52 / 1800, 9);
    expect(om.pomFteAvailable.mean).toBe(1);
    expect(om.pomFteShortfall.mean).toBe(0);
    expect(om.caseloadPerPomFte.mean).toBe(100);
    expect(tier.peopleShort.mean).toBe(0);
    // Key work: 45 minutes a prisoner a week = 75 officer hours = 2 FTE of 37.5 hours; 6 prisoners an officer.
    expect(om.keyWork.hoursPerWeek.mean).toBeCloseTo(75, 9);
    expect(om.keyWork.keyWorkOfficerFteRequired.mean).toBeCloseTo(2, 9);
    expect(om.keyWork.keyWorkers.mean).toBeCloseTo(100 / 6, 9);
  });

  it('delivers only what the hours allow, and says how many men get less than their rate', () => {
    const om = run(withTasks(0.2)).establishments[0].offenderManagement;
    const tier = om.byTier[0];
    const weekly = 36000 / 52;
    const capacity = 0.2 * 1800;
    expect(tier.minutesDelivered.mean).toBeCloseTo(capacity * 52, 6);
    expect(tier.contactSessionsDelivered.mean).toBeCloseTo((400 * capacity) / weekly, 6);
    expect(tier.peopleShort.mean).toBeCloseTo(100 * (1 - capacity / weekly), 9);
    expect(om.pomFteShortfall.mean).toBeCloseTo(weekly / 1800 - 0.2, 9);
    expect(om.caseloadPerPomFte.mean).toBeCloseTo(500, 9);
  });

  it('follows a scheduled change of POM FTE from its week', () => {
    const s = withTasks(1);
    s.changes.push({ fromWeek: 26, establishment: 'a', set: { kind: 'pomFte', value: 3 }, appliesToExisting: false });
    const om = run(s).establishments[0].offenderManagement;
    expect(om.series.pomFteAvailable.mean[25]).toBe(1);
    expect(om.series.pomFteAvailable.mean[26]).toBe(3);
    expect(om.pomFteAvailable.mean).toBeCloseTo(2, 9);
  });

  it('charges handover work once, in the handover week, and COM-led support after it', () => {
    const s = fixedPopulation('det-4y-plus', 100, 10, {
      caseManagement: noTasks({
        ...oneTier,
        sessionMinutes: 60,
        recordingMinutes: 15,
        workload: { tasks: [] },
      } as ScenarioInput['caseManagement']),
    });
    s.caseManagement.workload = {
      tasks: [
        { id: 'handover', cases: 'pomLed', when: { always: true }, minutesPerYear: 0, minutesAtHandover: 180 },
        { id: 'support', cases: 'comLed', when: { always: true }, minutesPerYear: 52, minutesAtHandover: 0 },
      ],
    };
    const om = run(s).establishments[0].offenderManagement;
    expect(om.byTask[0].minutesRequired.mean).toBe(1800);
    expect(om.byTask[1].minutesRequired.mean).toBeCloseTo(10 * 36, 9); // 36 COM-led weeks at a minute a week
    const fte = om.series.pomFteRequired.mean;
    const contactWeek = (10 * 300) / 52 / 1800;
    expect(fte[63]).toBeCloseTo(contactWeek, 6);
    expect(fte[64]).toBeCloseTo((1800 + 10) / 1800, 6);
    expect(fte[65]).toBeCloseTo(10 / 1800, 6);
  });
});

describe('an ISP: workload rising towards tariff', () => {
  it('adds progression work 3 years and 18 months before tariff, then the parole report after handover', () => {
    // Default tasks; ISP with 200 weeks to tariff; medium ROSH, so no risk-management meetings.
    const om = run(fixedPopulation('indeterminate', 200, 1)).establishments[0].offenderManagement;
    const minutes = om.series.pomFteRequired.mean.map((f) => f * 1800);
    const contact = (4 * 75) / 52;
    const oasys = (240 + 90) / 52;
    expect(minutes[0]).toBeCloseTo(contact + oasys, 4);
    expect(minutes[43]).toBeCloseTo(contact + oasys, 4);
    expect(minutes[44]).toBeCloseTo(contact + oasys + 300 / 52, 4); // 156 weeks to tariff
    expect(minutes[122]).toBeCloseTo(contact + oasys + 600 / 52, 4); // 78 weeks to tariff
    for (let w = 1; w < 148; w++) expect(minutes[w]).toBeGreaterThanOrEqual(minutes[w - 1] - 1e-6);
    // Week 148: handed to the COM (handover work); then the POM supports, and writes the parole report from 26 weeks.
    expect(minutes[148]).toBeCloseTo(180 + 120 / 52, 3);
    expect(minutes[150]).toBeCloseTo(120 / 52, 4);
    expect(minutes[174]).toBeCloseTo((120 + 1440) / 52, 4);
  });
});

describe('an ISP refused parole', () => {
  it('has the parole work again before the next review, not only before tariff', () => {
    // Tariff in week 100, refused there, released at the next review in week 204 (104 weeks on).
    // Default tasks: the POM supports the COM-led case (120 minutes a year) and the parole report
    // (1,440 a year) runs in the 26 weeks before each review.
    const compiled = compileScenario(fixedPopulation('indeterminate', 100, 1, {}, { staffing: { pomFte: 1 } }));
    const at = drivenIsp(compiled, 100, 204, { rosh: 'medium' });
    const minutes = Array.from({ length: 204 }, (_, w) => at(3, w) * 1800);
    const support = 120 / 52;
    const report = 1440 / 52;
    for (const w of [60, 73, 101, 140, 177]) expect(minutes[w], `week ${w}`).toBeCloseTo(support, 3);
    for (const w of [74, 100, 178, 203]) expect(minutes[w], `week ${w}`).toBeCloseTo(support + report, 3);
  });
});

describe('the region is the sum of its establishments in every replication', () => {
  it('holds for responsibility, FTE, minutes, tiers, tasks and key work', () => {
    const site = (id: string, sentence: Record<string, number>, pomFte: number) =>
      establishment({
        id,
        operationalCapacity: 150,
        population: { tables: [], priors: [{ attribute: 'sentence', shares: sentence }] },
        flows: { receptionsPerWeek: null, transfersOutPerYear: 1 },
        staffing: { pomFte },
      });
    const s = scenario({
      replications: 6,
      programmes: [],
      caseManagement: {
        tiers: [
          { id: 'high', when: { attribute: 'rosh', atLeast: 'high' }, sessionsPerYear: 12 },
          { id: 'low', when: { always: true }, sessionsPerYear: 4 },
        ],
      },
      establishments: [
        site('local', { remand: 30, 'det-under-12m': 40, 'det-12m-4y': 30 }, 0.5),
        site('trainer', { 'det-4y-plus': 60, indeterminate: 30, recall: 10 }, 1),
        site('cat-b', { 'det-12m-4y': 50, 'det-4y-plus': 50 }, 3),
      ],
    });
    const compiled = compileScenario(s);
    const batch = simulateBatch(compiled, 0, compiled.replications);
    const { scalarCount, seriesCount } = compiled.layout;
    for (let r = 0; r < compiled.replications; r++) {
      const one = {
        firstReplication: r,
        count: 1,
        scalars: batch.scalars.slice(r * scalarCount, (r + 1) * scalarCount),
        series: batch.series.slice(r * seriesCount * compiled.weeks, (r + 1) * seriesCount * compiled.weeks),
      };
      const res = summarize(compiled, [one]);
      const region = res.region.offenderManagement;
      const sum = (pick: (om: typeof region) => number) =>
        res.establishments.reduce((t, e) => t + pick(e.offenderManagement), 0);
      const picks: ((om: typeof region) => number)[] = [
        (om) => om.responsibility.pomLed.mean,
        (om) => om.responsibility.comLed.mean,
        (om) => om.responsibility.noOffenderManager.mean,
        (om) => om.pomFteRequired.mean,
        (om) => om.pomFteAvailable.mean,
        (om) => om.pomFteShortfall.mean,
        (om) => om.minutesRequired.mean,
        (om) => om.minutesDelivered.mean,
        (om) => om.keyWork.keyWorkOfficerFteRequired.mean,
        (om) => om.series.pomFteRequired.mean[30],
        ...[0, 1].flatMap((t) => [
          (om: typeof region) => om.byTier[t].pomLed.mean,
          (om: typeof region) => om.byTier[t].contactSessionsRequired.mean,
          (om: typeof region) => om.byTier[t].minutesDelivered.mean,
          (om: typeof region) => om.byTier[t].peopleShort.mean,
          (om: typeof region) => om.byTier[t].fteRequired.mean,
        ]),
        ...compiled.caseload.tasks.map((_, k) => (om: typeof region) => om.byTask[k].minutesRequired.mean),
      ];
      for (const pick of picks) expect(pick(region)).toBeCloseTo(sum(pick), 6);
      // Everyone is counted once: POM-led + COM-led + nobody = the population.
      expect(
        region.responsibility.pomLed.mean +
          region.responsibility.comLed.mean +
          region.responsibility.noOffenderManager.mean,
      ).toBeCloseTo(res.region.population.mean, 6);
      // Staff are not shared between prisons: the region's shortfall is at least its net shortfall, and here more.
      expect(region.pomFteShortfall.mean).toBeGreaterThan(region.pomFteRequired.mean - region.pomFteAvailable.mean);
      expect(res.establishments[2].offenderManagement.pomFteShortfall.mean).toBe(0);
      expect(res.establishments[1].offenderManagement.pomFteShortfall.mean).toBeGreaterThan(0);
    }
  });
});
