/**
 * The sentence and release rules (release.ts, sentences.ts), each pinned with a small case, and
 * two closed forms over seeded runs: Little's law for receptions, and the share of ISPs past
 * tariff that the review arithmetic gives.
 */
import { describe, expect, it } from 'vitest';
import { BAND_SCHEMES, releaseRulesSchema, runScenario, type ScenarioInput } from '../../src/index.js';
import { ReleaseModel, SentenceKind } from '../../src/engine/release.js';
import { determinateTimeLeftShares, establishmentTypePriors } from '../../src/population/sentences.js';
import { stream } from '../../src/random/streams.js';
import { establishment, programme, scenario, timeLeftPrior } from './scenarioBuilder.js';

const attributes = BAND_SCHEMES['segmentation-2014'].attributes;
const sentence = attributes.find((a) => a.id === 'sentence')!;
const timeLeft = attributes.find((a) => a.id === 'timeLeft')!;
const rules = (input: Parameters<typeof releaseRulesSchema.parse>[0] = {}) => releaseRulesSchema.parse(input);

/** Mean of n plans drawn for one kind of sentence. */
function draws(model: ReleaseModel, kind: number, left: number, n: number, opening = false) {
  const rng = stream('release-test', 0, 'draws');
  const out: { release: number; sentenced: number; tariff: number }[] = [];
  for (let k = 0; k < n; k++) {
    const p = model.draw(kind, left, opening, rng);
    out.push({ release: p.weeksToRelease, sentenced: p.weeksToSentence, tariff: p.weeksToTariff });
  }
  return out;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function onlySentence(id: string, band: string, extra: Partial<ScenarioInput> = {}, capacity = 400) {
  return scenario({
    programmes: [],
    priors: [{ attribute: 'sentence', shares: { [id]: 1 } }],
    establishments: [
      establishment({
        id: 'a',
        operationalCapacity: capacity,
        population: { tables: [], priors: [timeLeftPrior(band)] },
      }),
    ],
    ...extra,
  });
}

describe('release point of determinate sentences', () => {
  it('gives time left from sentence length at halfway: 12 months to 4 years at a local', () => {
    // Stays uniform on 26-104 weeks: P(stay > r) integrates to 26, 21.67 and 17.33 over the
    // first three bands, out of 65 (nobody on home detention curfew).
    const noHdc = rules({ hdc: { grantedShare: 0 } });
    expect(determinateTimeLeftShares('det-12m-4y', timeLeft, noHdc, 'local')).toEqual({
      'under-6m': 40,
      '6-12m': 33.3,
      '1-2y': 26.7,
      '2-5y': 0,
      '5y-plus': 0,
    });
  });

  it('leaves out of the stock those granted home detention curfew once within their weeks early', () => {
    // All granted, 19 weeks early at most: a stay L (26-104) ends min(19, L / 2) weeks before the
    // release point, so nobody is inside with 13 weeks or less to it, and between 13 and 19 only
    // those with L < 2r: (2r - 26) / 78 integrates to 0.46 over 13-19, then 7 more to 26 weeks;
    // 21.67 and 17.33 over the next two bands as before. Out of 46.46: 16.1%, 46.6%, 37.3%.
    const allGranted = determinateTimeLeftShares('det-12m-4y', timeLeft, rules({ hdc: { grantedShare: 1 } }), 'local');
    expect(allGranted).toEqual({ 'under-6m': 16.1, '6-12m': 46.6, '1-2y': 37.3, '2-5y': 0, '5y-plus': 0 });
    // The default (30% granted) lies between that and no curfew at all (40% under 6 months).
    const byDefault = determinateTimeLeftShares('det-12m-4y', timeLeft, rules(), 'local')!;
    expect(byDefault['under-6m']).toBeGreaterThan(16.1);
    expect(byDefault['under-6m']).toBeLessThan(40);
    // Sentences home detention curfew does not cover keep their stock.
    const longer = (granted: number) =>
      determinateTimeLeftShares('det-4y-plus', timeLeft, rules({ hdc: { grantedShare: granted } }), 'local');
    expect(longer(1)).toEqual(longer(0));
  });

  it('counts extended sentences to the end of the custodial term, as release.ts reads their band', () => {
    const only = (input: Parameters<typeof rules>[0]) =>
      determinateTimeLeftShares('det-4y-plus', timeLeft, rules(input), 'local');
    // Every 4 years + sentence extended: the stock of a release point at the end of the term.
    expect(only({ extended: { share: 1 }, determinate: { twoThirdsShare: 0 } })).toEqual(
      only({ extended: { share: 0 }, determinate: { twoThirdsShare: 0, releasePoint: 1 } }),
    );
    // The default share (5%) lengthens time left against none.
    const some = only({})!;
    const none = only({ extended: { share: 0 } })!;
    expect(some['5y-plus']!).toBeGreaterThan(none['5y-plus']!);
    expect(some['under-6m']!).toBeLessThan(none['under-6m']!);
  });

  it('serves longer with a later release point, and less at a trainer that receives men later', () => {
    const halfway = determinateTimeLeftShares('det-4y-plus', timeLeft, rules(), 'local')!;
    const twoThirds = determinateTimeLeftShares(
      'det-4y-plus',
      timeLeft,
      rules({ determinate: { releasePoint: 2 / 3, twoThirdsShare: 0 } }),
      'local',
    )!;
    expect(twoThirds['5y-plus']!).toBeGreaterThan(halfway['5y-plus']!);
    expect(twoThirds['under-6m']!).toBeLessThan(halfway['under-6m']!);
    // Sentences under 12 months at halfway leave under 6 months to serve.
    expect(determinateTimeLeftShares('det-under-12m', timeLeft, rules(), 'local')!['under-6m']).toBe(100);
  });

  it('gives each kind of prison its defaults, marked as defaults, and none to an unspecified one', () => {
    const trainer = establishmentTypePriors('cat-c-trainer', timeLeft, sentence, rules());
    expect(trainer.length).toBeGreaterThan(5);
    expect(trainer.every((p) => p.defaults?.includes('shares'))).toBe(true);
    expect(establishmentTypePriors('unspecified', timeLeft, sentence, rules())).toEqual([]);
  });
});

describe('parole reviews of indeterminate sentences', () => {
  const model = (p: number, interval: number) =>
    new ReleaseModel(rules({ indeterminate: { releaseProbability: p, reviewIntervalWeeks: interval } }), sentence);

  it('releases at tariff when every review directs release', () => {
    expect(draws(model(1, 104), SentenceKind.Indeterminate, 80, 100).every((d) => d.release === 80)).toBe(true);
  });

  it('releases only at a review: tariff plus whole review intervals, the refusals geometric', () => {
    const d = draws(model(0.25, 52), SentenceKind.Indeterminate, 30, 20000);
    expect(d.every((x) => (x.release - 30) % 52 === 0 && x.release >= 30)).toBe(true);
    // Mean refusals (1 - p) / p = 3: mean stay 30 + 3 x 52 = 186 weeks.
    expect(mean(d.map((x) => x.release)) / 186).toBeCloseTo(1, 1);
    expect(Math.abs(mean(d.map((x) => x.release)) / 186 - 1)).toBeLessThan(0.02);
  });
});

describe('recalls', () => {
  it('fixed-term recalls stay 14 or 28 days; standard recalls serve their time left', () => {
    const m = new ReleaseModel(rules({ recall: { fixedTermShare: 0.3, fourteenDayShare: 0.5 } }), sentence);
    const d = draws(m, SentenceKind.Recall, 60, 20000).map((x) => x.release);
    expect(new Set(d)).toEqual(new Set([2, 4, 60]));
    const fixedTerm = d.filter((x) => x !== 60).length / d.length;
    expect(Math.abs(fixedTerm - 0.3)).toBeLessThan(0.015);
    const fourteen = d.filter((x) => x === 2).length / d.filter((x) => x !== 60).length;
    expect(Math.abs(fourteen - 0.5)).toBeLessThan(0.03);
  });
});

describe('remand', () => {
  it('stays weeks, with the mean of the rules, and some are sentenced and stay on', () => {
    const m = new ReleaseModel(
      rules({ remand: { meanWeeks: 9, sentencedAndStayShare: 0.25, weeksAfterSentence: 12 } }),
      sentence,
    );
    const d = draws(m, SentenceKind.Remand, 10, 40000);
    const remandOnly = d.filter((x) => x.sentenced < 0).map((x) => x.release);
    expect(Math.min(...remandOnly)).toBe(1);
    expect(Math.abs(mean(remandOnly) / 9 - 1)).toBeLessThan(0.02);
    const sentenced = d.filter((x) => x.sentenced > 0);
    expect(Math.abs(sentenced.length / d.length - 0.25)).toBeLessThan(0.01);
    // Geometric with mean 12, but no more than a sentence under 12 months allows (26 weeks):
    // the mean of min(G, 26) is 12 (1 - (11 / 12)^26).
    const after = sentenced.map((x) => x.release - x.sentenced);
    expect(Math.max(...after)).toBe(26);
    expect(Math.abs(mean(after) / (12 * (1 - (11 / 12) ** 26)) - 1)).toBeLessThan(0.03);
  });

  it('is not eligible for accredited programmes by default, until sentenced', () => {
    const withProgramme = (eligible: boolean, sentencedShare: number) =>
      runScenario(
        onlySentence('remand', 'under-6m', {
          programmes: [programme({ id: 'tsp' })],
          release: releaseRulesSchema.parse({
            remand: { programmesEligible: eligible, sentencedAndStayShare: sentencedShare },
          }),
        }),
        { replications: 4, horizonWeeks: 26 },
      ).establishments[0]!.programmes[0]!.joined.mean;
    expect(withProgramme(false, 0)).toBe(0);
    expect(withProgramme(true, 0)).toBeGreaterThan(400);
    // Sentenced and staying: assessed as anyone else from the week of sentence.
    expect(withProgramme(false, 1)).toBeGreaterThan(100);
  });
});

describe('closed forms over seeded runs', () => {
  it("receptions a year = population / mean stay with no programmes (Little's law), remand", () => {
    const s = onlySentence('remand', 'under-6m', {
      release: releaseRulesSchema.parse({ remand: { meanWeeks: 8, sentencedAndStayShare: 0 } }),
    });
    const e = runScenario(s, { replications: 10, horizonWeeks: 104 }).establishments[0]!;
    // 400 people staying 8 weeks on average: 50 a week.
    expect(Math.abs(e.receptions.mean / 104 / (400 / 8) - 1)).toBeLessThan(0.02);
  });

  it("receptions a year = population / mean stay with no programmes (Little's law), fixed-term recalls", () => {
    const s = onlySentence('recall', 'under-6m', {
      release: releaseRulesSchema.parse({ recall: { fixedTermShare: 1, fourteenDayShare: 0.5 } }),
    });
    const e = runScenario(s, { replications: 10, horizonWeeks: 104 }).establishments[0]!;
    // Stays of 2 or 4 weeks, mean 3: 400 / 3 a week.
    expect(Math.abs(e.receptions.mean / 104 / (400 / 3) - 1)).toBeLessThan(0.02);
  });

  it('the share of ISPs past tariff in a long run matches the review arithmetic', () => {
    // Time to tariff at reception about 104 weeks (the top of 1-2 years, spread over its width:
    // 103.5 on average in whole weeks); reviews every 52 weeks releasing half: 52 weeks past
    // tariff on average. Share past tariff = 52 / (103.5 + 52).
    const s = onlySentence(
      'indeterminate',
      '1-2y',
      {
        release: releaseRulesSchema.parse({ indeterminate: { reviewIntervalWeeks: 52, releaseProbability: 0.5 } }),
      },
      300,
    );
    const e = runScenario(s, { replications: 6, horizonWeeks: 1560 }).establishments[0]!;
    expect(e.indeterminate.mean).toBeCloseTo(300, 6);
    const share = e.pastTariff.mean / e.indeterminate.mean;
    expect(Math.abs(share / (52 / (103.5 + 52)) - 1)).toBeLessThan(0.02);
  });
});

describe('extended determinate sentences and home detention curfew', () => {
  const offence = attributes.find((a) => a.id === 'offence')!;
  const code = (a: typeof sentence, id: string) => a.categories.findIndex((c) => c.id === id);
  const where = { sentenceIndex: 0, offenceIndex: 1, offence };
  /** Plans for someone of this sentence and offence with `left` weeks to the release point. */
  function plans(model: ReleaseModel, sentenceId: string, offenceId: string, left: number, n: number) {
    const rng = stream('release-test', 0, 'early');
    const codes = [code(sentence, sentenceId), code(offence, offenceId)];
    const out: { release: number; earliest: number }[] = [];
    for (let k = 0; k < n; k++) {
      const p = model.draw(SentenceKind.Determinate, left, false, rng, codes, 0);
      out.push({ release: p.weeksToRelease, earliest: p.weeksToEarliestRelease });
    }
    return out;
  }

  it('extended sentences: parole from two-thirds of the term at reviews, else release at its end', () => {
    const m = new ReleaseModel(
      rules({ extended: { share: 1, paroleReleaseProbability: 0.5, reviewIntervalWeeks: 26 } }),
      sentence,
      where,
    );
    // 156 weeks to the end of the term: parole eligibility at 104, reviews at 104 and 130, else 156.
    const d = plans(m, 'det-4y-plus', 'violent', 156, 20000);
    expect(d.every((x) => x.earliest === 104)).toBe(true);
    expect(new Set(d.map((x) => x.release))).toEqual(new Set([104, 130, 156]));
    const atFirst = d.filter((x) => x.release === 104).length / d.length;
    expect(Math.abs(atFirst - 0.5)).toBeLessThan(0.015);
    // Mean 0.5 x 104 + 0.25 x 130 + 0.25 x 156 = 123.5, as the steady state assumes.
    expect(Math.abs(mean(d.map((x) => x.release)) / 123.5 - 1)).toBeLessThan(0.01);
    expect(m.meanDeterminateStay(code(sentence, 'det-4y-plus'), -1, 156)).toBeCloseTo(123.5, 6);
    // With no extended sentences, the 4 years + band is released at its release point.
    const none = new ReleaseModel(rules({ extended: { share: 0 } }), sentence, where);
    expect(plans(none, 'det-4y-plus', 'violent', 156, 200).every((x) => x.release === 156)).toBe(true);
  });

  it('extended sentences inside at the start: the stay they are on gives the reviews still to come', () => {
    const m = new ReleaseModel(
      rules({ extended: { share: 1, paroleReleaseProbability: 0.5, reviewIntervalWeeks: 26 } }),
      sentence,
      where,
    );
    const rng = stream('release-test', 0, 'opening-extended');
    const codes = [code(sentence, 'det-4y-plus'), code(offence, 'violent')];
    /** Plans of a man inside at the start, `left` weeks from the end of a term of `stay` weeks. */
    const opening = (left: number, stay: number, n: number) =>
      Array.from({ length: n }, () => {
        const p = m.draw(SentenceKind.Determinate, left, true, rng, codes, 0, stay);
        return { release: p.weeksToRelease, earliest: p.weeksToEarliestRelease };
      });
    // A term of 156 weeks, 60 + 1 left (served 95): reviews at 104 and 130, 8 and 34 weeks on.
    const before = opening(60, 156, 20000);
    expect(before.every((x) => x.earliest === 8)).toBe(true);
    expect(new Set(before.map((x) => x.release))).toEqual(new Set([8, 34, 60]));
    expect(Math.abs(before.filter((x) => x.release === 8).length / before.length - 0.5)).toBeLessThan(0.015);
    // Served 110: the review at 104 refused, the next at 130 (19 weeks on), else the term's end.
    const past = opening(45, 156, 20000);
    expect(past.every((x) => x.earliest === 19)).toBe(true);
    expect(new Set(past.map((x) => x.release))).toEqual(new Set([19, 45]));
    // Past the last review, and not on an extended sentence (0): the end of the term.
    expect(opening(20, 156, 200).every((x) => x.release === 20 && x.earliest === 20)).toBe(true);
    expect(opening(60, 0, 200).every((x) => x.release === 60 && x.earliest === 60)).toBe(true);
  });

  it('HDC: eligible shorter sentences have the curfew date as earliest release; those granted leave then', () => {
    const m = new ReleaseModel(rules({ hdc: { grantedShare: 0.3, maxWeeksEarly: 19 } }), sentence, where);
    // 60 weeks to the release point: the HDC date 19 weeks (135 days) before it.
    const d = plans(m, 'det-12m-4y', 'acquisitive', 60, 20000);
    expect(d.every((x) => x.earliest === 41)).toBe(true);
    expect(new Set(d.map((x) => x.release))).toEqual(new Set([41, 60]));
    const granted = d.filter((x) => x.release === 41).length / d.length;
    expect(Math.abs(granted - 0.3)).toBeLessThan(0.015);
    // A short stay: at most half the time to serve early.
    expect(plans(m, 'det-under-12m', 'acquisitive', 10, 200).every((x) => x.earliest === 5)).toBe(true);
  });

  it('HDC excludes sex offenders and sentences of 4 years +, and is off with no share granted', () => {
    const m = new ReleaseModel(rules({ extended: { share: 0 } }), sentence, where);
    expect(plans(m, 'det-12m-4y', 'sexual', 60, 500).every((x) => x.release === 60 && x.earliest === 60)).toBe(true);
    expect(plans(m, 'det-4y-plus', 'violent', 60, 500).every((x) => x.release === 60 && x.earliest === 60)).toBe(true);
    const off = new ReleaseModel(rules({ hdc: { grantedShare: 0 } }), sentence, where);
    expect(plans(off, 'det-12m-4y', 'violent', 60, 500).every((x) => x.earliest === 60)).toBe(true);
  });

  const hdcScenario = (grantedShare: number, delivered = false) =>
    scenario({
      programmes: [programme({ id: 'tsp', durationWeeks: 8, groupSize: 40, minWeeksLeftToStart: 16 })],
      priors: [
        { attribute: 'sentence', shares: { 'det-12m-4y': 1 } },
        { attribute: 'offence', shares: { violent: 1 } },
      ],
      establishments: [
        establishment({
          id: 'a',
          operationalCapacity: 400,
          population: { tables: [], priors: [timeLeftPrior('under-6m')] },
          programmes: delivered ? [{ programme: 'tsp', groupsPerYear: 52 }] : [],
        }),
      ],
      release: releaseRulesSchema.parse({ hdc: { grantedShare } }),
    });

  it("receptions a year = population / mean stay with HDC (Little's law)", () => {
    const receptions = (g: number) =>
      runScenario(hdcScenario(g), { replications: 6, horizonWeeks: 260 }).establishments[0]!.receptions.mean;
    // Receptions stay 22-25 weeks to the release point (mean 23.5); HDC comes min(19, half of
    // it) early, 11.5 weeks on average over those stays, for half of them: mean stay 17.75.
    const ratio = receptions(0.5) / receptions(0);
    expect(Math.abs(ratio / (23.5 / (23.5 - 0.5 * 11.5)) - 1)).toBeLessThan(0.02);
  });

  it('a man on HDC has the shorter programme window: more are released before a course', () => {
    const unmetByTime = (g: number) =>
      runScenario(hdcScenario(g, true), { replications: 4, horizonWeeks: 52 }).establishments[0]!.programmes[0]!;
    const [without, granted] = [unmetByTime(0), unmetByTime(1)];
    // Courses need 16 weeks left: receptions have 22-25, those granted HDC 11-12 fewer, too late.
    expect(granted.unmetByTimeLeft.mean).toBeGreaterThan(without.unmetByTimeLeft.mean * 1.2);
  });
});
