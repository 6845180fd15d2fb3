/**
 * Time left to serve by sentence type, as each kind of prison holds it: the defaults used where
 * no table of an establishment gives time left (DOMAIN.md section 7).
 *
 * For determinate sentences the time left follows from the sentence and the release rules: a
 * sentence of length L is served to its release point f L (halfway, or two-thirds for the cases
 * the law names), less the weeks already served before this prison received the person (a
 * trainer receives men from a local). In a steady state the people inside with r weeks left are
 * those whose stay here exceeds r, so the share in a band of time left is the integral of
 * P(stay > r) over the band (renewal theory, as in arrivals.ts). Indeterminate sentences count
 * time to the next release point (tariff, or the next Parole Board review); recalls and remand
 * follow their own rules in the engine (release.ts), the bands here only place them.
 */
import type { Attribute, EstablishmentType, Prior, ReleaseRules } from '../scenario/schema.js';

const YEAR = 52;

/** Sentence lengths in weeks of each determinate band; the 4 years + band is open above. */
function sentenceRanges(rules: ReleaseRules): Record<string, [number, number]> {
  return {
    'det-under-12m': [2, YEAR],
    'det-12m-4y': [YEAR, 4 * YEAR],
    'det-4y-plus': [4 * YEAR, rules.determinate.longestSentenceYears * YEAR],
  };
}

/** Where a prison of each kind receives people: weeks of the sentence already served. */
function weeksServedBefore(type: EstablishmentType, rules: ReleaseRules): number {
  switch (type) {
    case 'cat-c-trainer':
    case 'sex-offender-trainer':
    case 'high-security':
      return rules.determinate.weeksServedBeforeTrainer;
    case 'open':
      // Men move to open conditions for the last part of a sentence.
      return rules.determinate.weeksServedBeforeTrainer * 4;
    default:
      return 0;
  }
}

/**
 * One determinate band's stays here as a mixture of uniform ranges (weeks), with weights, in the
 * terms release.ts reads a band in: release at the release point, and for 4 years + a share at
 * two-thirds of 7 years and more; extended sentences (a share of 4 years +) to the end of the
 * custodial term, since that is what their band gives (release.ts paroles them from two-thirds
 * of it). `hdcEarly` marks the ranges of sentences eligible for home detention curfew: a share of
 * them leave up to that many weeks before the release point (see survival).
 */
function stayRanges(
  sentence: string,
  rules: ReleaseRules,
  served: number,
): { lo: number; hi: number; w: number; hdcShare: number }[] {
  const range = sentenceRanges(rules)[sentence];
  if (!range) return [];
  const [a, b] = range;
  const f = rules.determinate.releasePoint;
  const hdc = rules.hdc;
  const hdcShare = hdc.sentences.includes(sentence) && hdc.maxWeeksEarly >= 1 ? hdc.grantedShare : 0;
  const out = [{ lo: f * a - served, hi: f * b - served, w: 1, hdcShare }];
  if (sentence === 'det-4y-plus' && rules.determinate.twoThirdsShare > 0) {
    const share = rules.determinate.twoThirdsShare;
    out[0].w = 1 - share;
    const from = Math.max(a, 7 * YEAR);
    out.push({ lo: (2 / 3) * from - served, hi: (2 / 3) * Math.max(from, b) - served, w: share, hdcShare });
  }
  if (sentence === 'det-4y-plus' && rules.extended.share > 0) {
    const share = rules.extended.share;
    for (const r of out) r.w *= 1 - share;
    out.push({ lo: a - served, hi: b - served, w: share, hdcShare: 0 });
  }
  return out.map((r) => ({ ...r, lo: Math.max(1, r.lo), hi: Math.max(1, r.lo, r.hi) }));
}

/**
 * The most weeks a reception of this sentence can have to serve by its release rule: the release
 * point of the longest sentence of its band (26 weeks for a sentence under 12 months released at
 * halfway; an extended sentence to the end of its custodial term), rounded up to whole weeks.
 * Infinity for sentences without a release point here (indeterminate, recall, remand: release.ts).
 */
export function maxWeeksToServe(sentence: string | undefined, rules: ReleaseRules): number {
  const ranges = sentence === undefined ? [] : stayRanges(sentence, rules, 0);
  if (ranges.length === 0) return Infinity;
  return Math.ceil(Math.max(...ranges.map((r) => r.hi)) - 1e-9);
}

/** P(stay > r) for a stay uniform on [lo, hi]. */
function uniformSurvival(r: number, lo: number, hi: number): number {
  if (r < lo) return 1;
  if (r >= hi) return 0;
  return (hi - r) / Math.max(1e-9, hi - lo);
}

/**
 * The density of people inside with r weeks to their release point, for stays L uniform on
 * [lo, hi]: P(L > r). A man granted home detention curfew leaves e(L) = min(M, L / 2) weeks
 * before it (release.ts), so he is inside with r left only while r > e(L): for r > M that is
 * every L > r, below it only L < 2r.
 */
function survival(r: number, range: { lo: number; hi: number; hdcShare: number }, maxWeeksEarly: number): number {
  const all = uniformSurvival(r, range.lo, range.hi);
  if (range.hdcShare <= 0 || r > maxWeeksEarly) return all;
  const granted = all - uniformSurvival(2 * r, range.lo, range.hi);
  return (1 - range.hdcShare) * all + range.hdcShare * granted;
}

/**
 * Shares of a determinate band's people over the time-left bands, in a steady state: the
 * integral of P(stay > r) across each band, weekly.
 */
export function determinateTimeLeftShares(
  sentence: string,
  timeLeft: Attribute,
  rules: ReleaseRules,
  type: EstablishmentType,
): Record<string, number> | null {
  const ranges = stayRanges(sentence, rules, weeksServedBefore(type, rules));
  if (ranges.length === 0) return null;
  const maxWeeksEarly = Math.floor(rules.hdc.maxWeeksEarly);
  const shares: Record<string, number> = {};
  let total = 0;
  for (const band of timeLeft.categories) {
    const lo = band.min ?? 0;
    // The top band is open: integrate to the longest stay.
    const last = band === timeLeft.categories[timeLeft.categories.length - 1];
    const hi = last ? Math.max(...ranges.map((r) => r.hi), band.max ?? lo) : (band.max ?? lo);
    let mass = 0;
    for (let r = lo; r < hi; r++) for (const s of ranges) mass += s.w * survival(r + 0.5, s, maxWeeksEarly);
    shares[band.id] = mass;
    total += mass;
  }
  if (total <= 0) return null;
  for (const id of Object.keys(shares)) shares[id] = Math.round((shares[id] / total) * 1000) / 10;
  return shares;
}

/**
 * Time to the next release point of ISPs, standard recalls' time to sentence end, by kind of
 * prison: no source gives these, so they are defaults. A trainer's ISPs are mostly past tariff
 * (85% of IPP prisoners were in 2017), so their next review is within two years.
 */
const OTHER_SHARES: Record<string, Partial<Record<EstablishmentType, Record<string, number>>>> = {
  indeterminate: {
    local: { 'under-6m': 30, '6-12m': 30, '1-2y': 30, '2-5y': 10 },
    'cat-c-trainer': { 'under-6m': 20, '6-12m': 20, '1-2y': 35, '2-5y': 20, '5y-plus': 5 },
    'sex-offender-trainer': { 'under-6m': 20, '6-12m': 20, '1-2y': 35, '2-5y': 20, '5y-plus': 5 },
    'high-security': { 'under-6m': 10, '6-12m': 10, '1-2y': 20, '2-5y': 30, '5y-plus': 30 },
    yoi: { 'under-6m': 10, '6-12m': 15, '1-2y': 25, '2-5y': 40, '5y-plus': 10 },
    'young-people': { 'under-6m': 10, '6-12m': 15, '1-2y': 25, '2-5y': 40, '5y-plus': 10 },
    womens: { 'under-6m': 25, '6-12m': 25, '1-2y': 30, '2-5y': 15, '5y-plus': 5 },
    open: { 'under-6m': 45, '6-12m': 40, '1-2y': 15 },
  },
  recall: {
    local: { 'under-6m': 65, '6-12m': 25, '1-2y': 10 },
    'cat-c-trainer': { 'under-6m': 35, '6-12m': 30, '1-2y': 25, '2-5y': 10 },
    'sex-offender-trainer': { 'under-6m': 35, '6-12m': 30, '1-2y': 25, '2-5y': 10 },
    'high-security': { 'under-6m': 20, '6-12m': 20, '1-2y': 30, '2-5y': 30 },
    yoi: { 'under-6m': 65, '6-12m': 25, '1-2y': 10 },
    'young-people': { 'under-6m': 80, '6-12m': 20 },
    womens: { 'under-6m': 65, '6-12m': 25, '1-2y': 10 },
    open: { 'under-6m': 60, '6-12m': 30, '1-2y': 10 },
  },
  remand: {},
  'non-criminal': {},
};

/**
 * Sentence mix by kind of prison, where no table gives one: defaults (Leicester, a local, holds
 * 20% unsentenced, 004_; Stafford and Wymott, trainers, 81% and 74% determinate 4 years +, 10%
 * and 16% indeterminate, 000_ and 003_; the rest are not given by any source).
 */
const SENTENCE_MIX: Partial<Record<EstablishmentType, Record<string, number>>> = {
  local: { remand: 20, 'det-under-12m': 25, 'det-12m-4y': 25, 'det-4y-plus': 15, indeterminate: 3, recall: 12 },
  'cat-c-trainer': { 'det-under-12m': 2, 'det-12m-4y': 23, 'det-4y-plus': 55, indeterminate: 12, recall: 8 },
  'sex-offender-trainer': { 'det-12m-4y': 15, 'det-4y-plus': 65, indeterminate: 12, recall: 8 },
  'high-security': { 'det-4y-plus': 45, indeterminate: 50, recall: 5 },
  yoi: { remand: 15, 'det-under-12m': 15, 'det-12m-4y': 35, 'det-4y-plus': 25, indeterminate: 5, recall: 5 },
  // Under-18s: many on remand or short detention and training orders, few long sentences (default).
  'young-people': { remand: 25, 'det-under-12m': 35, 'det-12m-4y': 27, 'det-4y-plus': 10, indeterminate: 2, recall: 1 },
  womens: { remand: 10, 'det-under-12m': 25, 'det-12m-4y': 35, 'det-4y-plus': 20, indeterminate: 3, recall: 7 },
  open: { 'det-12m-4y': 35, 'det-4y-plus': 50, indeterminate: 10, recall: 5 },
};

/**
 * Default priors of time left given sentence type for a kind of prison: tried after the
 * establishment's own priors and before the scenario's and the band scheme's (regional) ones.
 * An `unspecified` prison gets none, so it keeps the regional profile.
 */
export function establishmentTypePriors(
  type: EstablishmentType,
  timeLeft: Attribute,
  sentence: Attribute,
  rules: ReleaseRules,
): Prior[] {
  if (type === 'unspecified') return [];
  const out: Prior[] = [];
  const mix = SENTENCE_MIX[type];
  if (mix) {
    out.push({
      attribute: sentence.id,
      shares: mix,
      source: `Default sentence mix for a ${type} prison (see sentences.ts for the sources it leans on)`,
      defaults: ['shares'],
    });
  }
  const shortest = [...timeLeft.categories].sort((a, b) => (a.min ?? 0) - (b.min ?? 0))[0];
  for (const s of sentence.categories) {
    const given = { attribute: sentence.id, in: [s.id] };
    const det = determinateTimeLeftShares(s.id, timeLeft, rules, type);
    if (det) {
      out.push({
        attribute: timeLeft.id,
        given,
        shares: det,
        source:
          `Default for a ${type} prison: sentences of ${s.label ?? s.id} served to the release point ` +
          `(release rules), less the weeks served before arriving; steady state of stays, with those granted ` +
          `home detention curfew gone before it (every offence: the rule's excluded offences are not told ` +
          `apart here) and extended sentences counted to the end of the custodial term`,
        defaults: ['shares'],
      });
      continue;
    }
    const other = OTHER_SHARES[s.id]?.[type];
    if (other) {
      out.push({
        attribute: timeLeft.id,
        given,
        shares: other,
        source: `Default for a ${type} prison: no source gives time left for ${s.label ?? s.id}`,
        defaults: ['shares'],
      });
    } else if (s.id === 'remand' || s.id === 'non-criminal') {
      out.push({
        attribute: timeLeft.id,
        given,
        shares: { [shortest?.id ?? 'under-6m']: 1 },
        source: 'Default: remand and non-criminal stays are weeks (release rules set them)',
        defaults: ['shares'],
      });
    }
  }
  return out;
}
