/**
 * Receptions consistent with the population they replace.
 *
 * Source tables describe the people inside on one day: their time *left* to serve. Drawing new
 * receptions from that same mix would give them the residual time of a snapshot as their whole
 * stay, so stays would be too short and the population would drift towards short sentences.
 *
 * In a steady state, a segment's people with time left r are those whose whole stay T exceeds
 * r: the density of time left is P(T > r) / E[T] (renewal theory). Receptions of band k stay at
 * most its top whole week (25 weeks for under 6 months) and their sentence's release bound,
 * spread a few weeks below it so they are not all on one threshold (StayLaw); solved from the
 * longest band down, each band keeps the count the tables give, counting those transferred out
 * (a weekly hazard), those granted home detention curfew gone from their last weeks, and those on
 * an extended sentence paroled at a review from two-thirds of their term (solveParoleSegment). The
 * opening's time left is drawn from the same law's density (openingWeeksLeft), so the stock opens
 * where its receptions hold it. Where a source's densities rise from one band to the next (no
 * steady state has that), the band receives none of its own and stays over-filled by those
 * passing through, as when the later density was carried back.
 *
 * Why (Hewell, docs/notes/hewell-lists-west-midlands.md): stays were spread over a band's width
 * centred on its top while the opening drew time left uniformly in the band, so a sentence under
 * 12 months could have 51 weeks to serve and a local's stock moved a quarter of its short
 * sentences past 26 weeks in its first weeks (FOR's list 386 -> 258, TSP's 217 -> 282).
 *
 * Two cases need more than that:
 * - A segment with nobody in its shortest bands (Stafford: no one in OGRS 0-24 with under 12
 *   months left) is one whose people leave before then: moved on to another prison, not released.
 *   Carrying the later density back would invent people in those bands and so arrivals that never
 *   leave in time, and the segment would grow (OGRS 0-24 at Stafford from 253 towards 329). Such a
 *   segment's arrivals are worked out from its populated bands only, and each leaves when its
 *   time left reaches the top of the empty ones (`exitWeeksLeft`).
 * - Sentences whose stay follows a rule of its own (remand, indeterminate: release.ts) arrive at
 *   stock / weeks present (Little's law, with transfers out), their band only placing them.
 *   Recalls renew as above for the standard recalls, who serve to their sentence's end; the
 *   fixed-term ones (weeks) are a share of every band's receptions and sit in the shortest band.
 *   Remand's stay is its time on remand: those sentenced and staying then join the sentenced
 *   segment of the same codes, whose own arrivals are scaled down by the people they add, so
 *   neither cell drifts (Leicester's 84 on remand fell to 66 in a year when the whole stay was
 *   counted as remand).
 */
import type { Attribute } from '../scenario/schema.js';
import type { FittedJoint } from './jointFit.js';

/**
 * A joint over the same dimensions as `stock` whose weights are arrivals a week by segment and
 * band of time to serve. Requires the time-left attribute to be one of the stock's dimensions.
 */
export function steadyStateArrivals(
  stock: FittedJoint,
  timeLeft: Attribute,
  timeLeftIndex: number,
  rules?: {
    sentenceIndex: number;
    /** Mean stay of a reception of this sentence code and time-left band, or null for no rule. */
    meanStay: (sentenceCode: number, band: number) => number | null;
    /**
     * Extended sentences among these codes (release.ts): the share of receptions on one, the
     * weeks to Parole Board eligibility for `left` weeks to the end of the custodial term, and
     * each review's chance of directing release, every interval weeks until then; null for
     * other codes. Part of the renewal (solveParoleSegment), as HDC is, not a scaling.
     */
    extended?: (sentenceCode: number) => ExtendedRule | null;
    /** The offence attribute's index, for `hdc`. */
    offenceIndex?: number;
    /**
     * Transfers out a week as a share of the population (a hazard: attrition.ts): part of the
     * renewal below for sentences served to a release point, replaced in kind for the others.
     */
    transfersOutPerWeek?: number;
    /**
     * The most weeks a reception of this sentence code can have to serve (its release rule:
     * sentences.ts `maxWeeksToServe`); Infinity where no rule bounds it.
     */
    maxStay?: (sentenceCode: number) => number;
    /** Remand receptions sentenced and staying: from the remand code into the sentenced one. */
    remandConversion?: {
      remandCode: number;
      sentencedCode: number;
      share: number;
      weeksAfter: number;
      longest?: number;
    } | null;
    /**
     * Recalls: the share of receptions on a fixed-term recall and its mean weeks (release.ts);
     * the rest serve to their sentence's end, their band's stay. Null for other sentences.
     */
    fixedTerm?: (sentenceCode: number) => { share: number; meanWeeks: number } | null;
    /**
     * Home detention curfew for these codes (offence -1: not known): the share granted and the
     * most weeks early (release.ts), or null. Part of the renewal (solveSegment), not a scaling.
     */
    hdc?: (sentenceCode: number, offenceCode: number) => { share: number; maxWeeksEarly: number } | null;
  },
): FittedJoint {
  const d = stock.dims.indexOf(timeLeftIndex);
  if (d < 0) throw new Error('the time-left attribute must be a dimension of the joint');
  const stride = stock.strides[d];
  const sd = rules ? stock.dims.indexOf(rules.sentenceIndex) : -1;
  const exitWeeksLeft = new Float64Array(stock.weights.length);
  const bands = timeLeft.categories.length;
  // Bands from the shortest time left to the longest, with their widths in weeks.
  const order = timeLeft.categories
    .map((_, k) => k)
    .sort((a, b) => (timeLeft.categories[a].min ?? 0) - (timeLeft.categories[b].min ?? 0));
  const width = timeLeft.categories.map((c) => Math.max(1, (c.max ?? c.min ?? 1) - (c.min ?? 0)));

  const weights = new Float64Array(stock.weights.length);
  const density = new Float64Array(bands);
  const cells = stock.weights.length;
  const law: StayLaw = {
    survival: Math.exp(-(rules?.transfersOutPerWeek ?? 0)),
    low: new Int32Array(cells),
    top: new Int32Array(cells),
    spread: new Int32Array(cells),
    above: new Float64Array(cells),
    own: new Float64Array(cells),
    hdcShare: new Float64Array(cells),
    hdcWeeks: 0,
    fixedShare: new Float64Array(cells).fill(-1),
    paroleShare: new Float64Array(cells),
    parole: null,
    bandStride: stride,
    bandOrder: order,
    paroleProfiles: new Map(),
    // Filled, not grown: set at scattered cells, a `[]` went over to a dictionary (a hash look-up a draw).
    cumulative: Array.from({ length: cells }, () => undefined),
    paroleSources: Array.from({ length: cells }, () => undefined),
  };
  const longest = Math.max(...timeLeft.categories.map((c) => c.max ?? c.min ?? 0)) + 2;
  const pw = Float64Array.from({ length: longest }, (_, t) => law.survival ** t);
  const memo = new Map<string, { diag: Float64Array; pass: Float64Array }>();
  const paroleMemo = { single: new Map<number, number>(), prefix: new Map<number, Float64Array>() };
  for (let j = 0; j < stock.weights.length; j++) {
    // Visit each segment once, from its cell with the first time-left code.
    if (Math.floor(j / stride) % bands !== 0) continue;
    const fixed =
      rules && sd >= 0 ? (rules.fixedTerm?.(Math.floor(j / stock.strides[sd]) % stock.sizes[sd]) ?? null) : null;
    if (rules && sd >= 0 && !fixed) {
      const sentenceCode = Math.floor(j / stock.strides[sd]) % stock.sizes[sd];
      if (rules.meanStay(sentenceCode, 0) !== null) {
        for (let k = 0; k < bands; k++) {
          law.top[j + k * stride] = RULED;
          // Little's law with the transfers out: weeks present of a stay of this mean, read as
          // geometric (remand's is), each week kept with the chance of no transfer. Adding the
          // transfers to stock / stay instead over-counted (a local's remand +3% a year).
          const stay = Math.max(1, rules.meanStay(sentenceCode, k) ?? 1);
          const present = 1 / (1 - (1 - 1 / stay) * law.survival);
          weights[j + k * stride] = stock.weights[j + k * stride] / present;
        }
        continue;
      }
    }
    for (let k = 0; k < bands; k++) density[k] = stock.weights[j + k * stride] / width[k];
    // Leading empty bands: people leave this prison before reaching them.
    let first = 0;
    while (first < bands && density[order[first]] <= 0) first++;
    if (first === bands) continue;
    const exit = first > 0 ? (timeLeft.categories[order[first]].min ?? 0) : 0;
    for (let k = 0; k < bands; k++) exitWeeksLeft[j + k * stride] = exit;
    const sentenceCode = sd >= 0 ? Math.floor(j / stock.strides[sd]) % stock.sizes[sd] : -1;
    const bound = rules?.maxStay ? rules.maxStay(sentenceCode) : Infinity;
    const od = rules?.offenceIndex === undefined ? -1 : stock.dims.indexOf(rules.offenceIndex);
    const offenceCode = od >= 0 ? Math.floor(j / stock.strides[od]) % stock.sizes[od] : -1;
    const extended = sd >= 0 ? (rules?.extended?.(sentenceCode) ?? null) : null;
    if (extended && extended.share > 0) {
      // Extended sentences' parole, as release.ts draws it (it takes the rule before HDC).
      law.parole = extended;
      solveParoleSegment(stock.weights, weights, law, j, stride, order, first, timeLeft, bound, pw, paroleMemo);
      continue;
    }
    const hdc = sd >= 0 ? (rules?.hdc?.(sentenceCode, offenceCode) ?? null) : null;
    if (hdc) {
      law.hdcWeeks = Math.floor(hdc.maxWeeksEarly);
      for (let k = 0; k < bands; k++) law.hdcShare[j + k * stride] = hdc.share;
    }
    if (fixed && fixed.share < 1) {
      // Standard recalls renew as any sentence served to an end; fixed-term recalls (weeks) are
      // a share of every band's receptions and sit in the shortest band, which the standard
      // ones fill the rest of. A few rounds settle the two (the fixed-term stock is a tenth).
      const r = law.survival;
      const w = Math.max(1, Math.round(fixed.meanWeeks));
      const presence = (fixed.meanWeeks * geometricSum(r, w)) / w;
      let less = 0;
      for (let round = 0; round < 4; round++) {
        solveSegment(stock.weights, weights, law, j, stride, order, first, timeLeft, bound, pw, memo, less);
        let standard = 0;
        for (let k = 0; k < bands; k++) standard += law.own[j + k * stride];
        less = (fixed.share / (1 - fixed.share)) * standard * presence;
      }
      for (let k = 0; k < bands; k++) {
        weights[j + k * stride] /= 1 - fixed.share;
        law.fixedShare[j + k * stride] = 0;
      }
      const shortest = j + order[first] * stride;
      if (stock.weights[shortest] > 0) law.fixedShare[shortest] = Math.min(1, less / stock.weights[shortest]);
      continue;
    }
    solveSegment(stock.weights, weights, law, j, stride, order, first, timeLeft, bound, pw, memo);
  }
  const conversion = rules?.remandConversion;
  if (conversion && sd >= 0)
    convertRemand(stock, weights, stride, bands, stock.strides[sd], sd, conversion, law.survival);
  return { ...stock, weights, fit: [], exitWeeksLeft, stays: law };
}

/** StayLaw.top of a cell whose sentence has a rule of its own (release.ts): no law here. */
export const RULED = -1;

/**
 * Receptions' stays and the opening's time left, one law per joint cell (steadyStateArrivals).
 * A reception of band k stays T - j weeks, j uniform on 0..m - 1: at most T, the band's top value
 * (its highest whole week of time left) or the sentence's release bound if lower, and a spread
 * of m weeks below it so short sentences are not all on one threshold (26 weeks). Someone inside
 * then has v weeks left with density (weekly, in v) above x r^(top - v) from the receptions of
 * longer bands passing through, plus own x P(L >= v) r^(L - v) from the band's own, r the chance
 * of not being transferred out in a week. The opening's time left is drawn from that density,
 * so the stock starts where its receptions keep it.
 */
export interface StayLaw {
  /** Weekly chance of not being transferred out (exp(-transfers a week)). */
  survival: number;
  /** Per cell: lowest whole week of time left in the band (its exit + 1 in a segment that moves on). */
  low: Int32Array;
  /** Per cell: the longest stay T (0: not reached by receptions; RULED: a sentence rule's own). */
  top: Int32Array;
  /** Per cell: m, the stays' spread below T (1: all at T). */
  spread: Int32Array;
  /** Per cell: receptions of longer bands passing through, as density at the band's top value. */
  above: Float64Array;
  /** Per cell: receptions of this band a week. */
  own: Float64Array;
  /** Per cell: the share granted home detention curfew (0: none), leaving hdcEarly(L) weeks early. */
  hdcShare: Float64Array;
  /** Most weeks early of home detention curfew (whole weeks). */
  hdcWeeks: number;
  /** Per cell of a recall: the share of its people inside on a fixed-term recall (-1: not a recall). */
  fixedShare: Float64Array;
  /**
   * Per cell of an extended sentence's code: the share of its receptions on one (0: none). Their
   * time left counts to the end of the custodial term; those paroled are gone from its last weeks.
   */
  paroleShare: Float64Array;
  /** The parole rule of those cells (release.ts), or null where no cell has one. */
  parole: ExtendedRule | null;
  /** The time-left attribute's stride in the joint, and its bands from the shortest time left. */
  bandStride: number;
  bandOrder: readonly number[];
  /** The opening's density of a unit of receptions by band law (paroleProfile), by `top m`. */
  paroleProfiles: Map<number, Float64Array>;
  /** Tables the opening's draws read (openingWeeksLeft, paroleStay), worked out on first use. */
  opening?: OpeningTables;
  /** Per cell: the opening's cumulated density of time left, worked out on first use (openingWeeksLeft). */
  cumulative: (Float64Array | undefined)[];
  /** Per parole cell: the cells whose receptions are present in it, worked out on first use (paroleStay). */
  paroleSources: (ParoleSources | undefined)[];
}

/**
 * What an opening man's draw reads per step, per man (openingWeeksLeft, paroleStay: several
 * hundred men a replication, a dozen steps each), up to the longest stay of the law. Each by the
 * same expression as the solve's, so the draws are the same.
 */
interface OpeningTables {
  /** survival ** t. */
  survival: Float64Array;
  /** hdcEarly(law, L). */
  hdcEarly: Int32Array;
  /** The parole rule's paroleWeeks(L) (whole weeks; empty with no rule). */
  paroleWeeks: Float64Array;
  /**
   * paroleStillIn less the share not extended, d = 0, 1, ... weeks past the parole point (empty
   * with no rule): no division per step (the review interval is whole weeks, so is d).
   */
  stillInPast: Float64Array;
}

/** A parole cell's paroleFrom cells, with each one's paroleProfile. */
interface ParoleSources {
  cells: Int32Array;
  profiles: Float64Array[];
}

/** Extended sentences (release.ts ReleaseModel.extendedOf). */
export interface ExtendedRule {
  /** Share of the code's receptions on an extended sentence. */
  share: number;
  /** Weeks from reception to Parole Board eligibility, for `left` weeks to the end of the term. */
  paroleWeeks: (left: number) => number;
  /** Each review's chance of directing release. */
  releaseProbability: number;
  /** Weeks between reviews, until the end of the term. */
  reviewIntervalWeeks: number;
}

/**
 * The chance that a reception of L weeks to the end of his term is still inside after `a` weeks
 * (a < L): not extended, or extended and refused at every review by then (reviews at the parole
 * point and every interval after it, before L: release.ts earlyRelease).
 */
function paroleStillIn(rule: ExtendedRule, L: number, a: number, parole = rule.paroleWeeks(L)): number {
  if (a < parole) return 1;
  const reviews = Math.floor((a - parole) / rule.reviewIntervalWeeks) + 1;
  return 1 - rule.share + rule.share * (1 - rule.releaseProbability) ** reviews;
}

/** Weeks before release of an HDC date for L weeks to serve (release.ts hdcWeeksEarly). */
function hdcEarly(law: StayLaw, L: number): number {
  return Math.max(0, Math.min(law.hdcWeeks, Math.floor(L / 2)));
}

/**
 * The share of a band's width the receptions' stays spread over below its top, at most: a
 * sixth (4 weeks of the 6-month bands, 8 of 1-2 years, 26 of 2-5 years). Less where the band
 * below would need fewer than none (solveSegment). Why not more: a wider spread shortens the
 * mean stay, and the band counts then need more receptions (a spread of m weeks in a band of
 * n asks n / (n - (m - 1) / 2) times the receptions of all stays at the top).
 */
const SPREAD_SHARE = 6;

/** Sum of r^t for t = 0..n - 1. */
function geometricSum(r: number, n: number): number {
  if (n <= 0) return 0;
  return r >= 1 ? n : (1 - r ** n) / (1 - r);
}

/** Whole weeks of time left a band's people can have: [low, high]. */
function bandValues(timeLeft: Attribute, k: number, lowest: boolean): [number, number] {
  const c = timeLeft.categories[k];
  const min = c.min ?? 0;
  const low = lowest ? min + 1 : Math.max(1, min);
  return [low, Math.max(low, (c.max ?? min + 1) - 1)];
}

/**
 * One segment's receptions by band, from the longest band down: band k holds
 * above_k x g(n_k) from receptions of longer bands and own_k x E[g(L - low + 1)] from its own,
 * g(n) the sum of r^t for t < n. Its spread is the widest (up to the cap) that leaves the band
 * below a non-negative number of its own receptions; where no spread does, all at the top. A band
 * already over-filled by the receptions passing through (a table whose density rises with time
 * left, which no steady state has) receives none of its own: it stays over-filled, as it did
 * when such a density was carried back.
 */
function solveSegment(
  stock: Float64Array,
  weights: Float64Array,
  law: StayLaw,
  j: number,
  stride: number,
  order: readonly number[],
  first: number,
  timeLeft: Attribute,
  bound: number,
  pw: Float64Array,
  memo: Map<string, { diag: Float64Array; pass: Float64Array }>,
  less = 0,
): void {
  const r = law.survival;
  const g = law.hdcShare[j];
  const M = law.hdcWeeks;
  // r^t from a table (pw, r^t for t = 0..): this runs for every segment of every prison.
  const power = (t: number) => (t >= 0 && t < pw.length ? pw[t] : r ** t);
  const sum = (n: number) => (n <= 0 ? 0 : r >= 1 ? n : (1 - power(n)) / (1 - r));
  const upTo = (low: number, c: number, top: number) => (c < low ? 0 : power(top - c) * sum(c - low + 1));
  // Weeks present in [low, high] a unit of density at `high` from longer stays brings, and a
  // reception of L weeks brings: those granted HDC are gone from the last hdcEarly(L) weeks.
  const aboveMass = (low: number, high: number) =>
    sum(high - low + 1) - (g > 0 ? g * upTo(low, Math.min(high, M), high) : 0);
  const ownMass = (L: number, low: number) =>
    sum(L - low + 1) - (g > 0 ? g * upTo(low, Math.min(L, hdcEarly(law, L)), L) : 0);
  // The people the table puts in band k, less `less` in the shortest band (fixed-term recalls).
  const people = (n: number) => Math.max(0, stock[j + order[n] * stride] - (n === first ? less : 0));
  let above = 0;
  let aboveTop = 0;
  for (let n = order.length - 1; n >= first; n--) {
    const k = order[n];
    const at = j + k * stride;
    const [low, high] = bandValues(timeLeft, k, n === first);
    if (n < order.length - 1) above *= power(aboveTop - high);
    aboveTop = high;
    law.low[at] = low;
    law.above[at] = above;
    const top = Math.min(high, Math.floor(bound));
    if (top < low) continue;
    const width = high - low + 1;
    const excess = people(n) - above * aboveMass(low, high);
    const cap = Math.max(1, Math.min(top - low + 1, Math.floor(width / SPREAD_SHARE)));
    // diag[m - 1]: a reception's mean weeks here, E[g(L - low + 1)]; pass[m - 1]: E[r^-j]. The
    // same for every segment with this band, bound and HDC share: worked out once (a prison has
    // thousands of segments).
    const key = `${low} ${top} ${cap} ${g}`;
    let sums = memo.get(key);
    if (!sums) {
      sums = { diag: new Float64Array(cap), pass: new Float64Array(cap) };
      let sumDiag = 0;
      let sumPass = 0;
      for (let m = 1; m <= cap; m++) {
        sumDiag += ownMass(top - (m - 1), low);
        sumPass += 1 / power(m - 1);
        sums.diag[m - 1] = sumDiag / m;
        sums.pass[m - 1] = sumPass / m;
      }
      memo.set(key, sums);
    }
    const { diag, pass } = sums;
    let m = 1;
    let own = 0;
    if (excess > 0) {
      m = cap;
      if (n > first) {
        const b = order[n - 1];
        const [lowBelow, highBelow] = bandValues(timeLeft, b, n - 1 === first);
        const room = people(n - 1) / aboveMass(lowBelow, highBelow);
        for (; m > 1; m--) {
          const next = above * power(high - highBelow) + (excess / diag[m - 1]) * pass[m - 1] * power(top - highBelow);
          if (next <= room * (1 + 1e-12)) break;
        }
      }
      own = excess / diag[m - 1];
    }
    law.top[at] = top;
    law.spread[at] = m;
    law.own[at] = own;
    weights[at] = own;
    above += own * pass[m - 1] * power(top - high);
  }
}

/**
 * One segment of extended sentences' code, from the longest band down, as solveSegment but with
 * parole in the law: a share of receptions (those on an extended sentence) leave at a review from
 * two-thirds of their term, so the receptions of longer bands pass through the lower bands thinned
 * by parole, and each band's own receptions make up what the table gives less what passes through.
 * Each band's people are counted over whole weeks (paroleMass), so the count holds in the solve.
 * Why: extended sentences' parole was a scale on every band's receptions (stay / mean), which
 * left the lower bands short of passers-through and the upper ones over-received: a local's
 * stock above 2 years drifted up to 5% (+3% in 2-5 years) where 3% held below.
 */
function solveParoleSegment(
  stock: Float64Array,
  weights: Float64Array,
  law: StayLaw,
  j: number,
  stride: number,
  order: readonly number[],
  first: number,
  timeLeft: Attribute,
  bound: number,
  pw: Float64Array,
  memo: { single: Map<number, number>; prefix: Map<number, Float64Array> },
): void {
  const rule = law.parole!;
  const prefix = memo.prefix;
  const r = law.survival;
  const power = (t: number) => (t >= 0 && t < pw.length ? pw[t] : r ** t);
  // Weeks present in [low, high] of one reception of L weeks: sum over v of r^(L - v) x still in.
  const single = (L: number, low: number, high: number): number => {
    const key = (L * 8192 + low) * 8192 + high;
    let sum = memo.single.get(key);
    if (sum === undefined) {
      sum = 0;
      const parole = rule.paroleWeeks(L);
      for (let v = Math.max(1, low); v <= Math.min(high, L); v++)
        sum += power(L - v) * paroleStillIn(rule, L, L - v, parole);
      memo.single.set(key, sum);
    }
    return sum;
  };
  // The same, a reception of stay top - u, u uniform on 0..m - 1: sums over the stays from the
  // top down, kept per top and band (every segment of the code asks the same few).
  const sumsOf = (top: number, m: number, low: number, high: number): Float64Array => {
    const key = (top * 8192 + low) * 8192 + high;
    let sums = prefix.get(key);
    if (!sums || sums.length < m) {
      sums = new Float64Array(Math.max(m, 64));
      let sum = 0;
      for (let u = 0; u < sums.length; u++) sums[u] = sum += top - u >= 1 ? single(top - u, low, high) : 0;
      prefix.set(key, sums);
    }
    return sums;
  };
  const mass = (top: number, m: number, low: number, high: number) => sumsOf(top, m, low, high)[m - 1] / m;
  const from: number[] = [];
  const passing = (low: number, high: number): number => {
    let sum = 0;
    for (const c of from) sum += law.own[c] * mass(law.top[c], law.spread[c], low, high);
    return sum;
  };
  const people = (n: number) => Math.max(0, stock[j + order[n] * stride]);
  for (let n = order.length - 1; n >= first; n--) {
    const k = order[n];
    const at = j + k * stride;
    const [low, high] = bandValues(timeLeft, k, n === first);
    law.low[at] = low;
    law.paroleShare[at] = rule.share;
    const top = Math.min(high, Math.floor(bound));
    if (top >= low) {
      const width = high - low + 1;
      const excess = people(n) - passing(low, high);
      const cap = Math.max(1, Math.min(top - low + 1, Math.floor(width / SPREAD_SHARE)));
      let m = 1;
      let own = 0;
      if (excess > 0) {
        m = cap;
        if (n > first) {
          // The widest spread that leaves the band below a non-negative number of its own.
          const [lowBelow, highBelow] = bandValues(timeLeft, order[n - 1], n - 1 === first);
          const room = people(n - 1) - passing(lowBelow, highBelow);
          const here = sumsOf(top, cap, low, high);
          const below = sumsOf(top, cap, lowBelow, highBelow);
          for (; m > 1; m--) {
            const next = (excess / here[m - 1]) * below[m - 1];
            if (next <= room + 1e-12 * people(n - 1)) break;
          }
        }
        own = excess / mass(top, m, low, high);
      }
      law.top[at] = top;
      law.spread[at] = m;
      law.own[at] = own;
      weights[at] = own;
      if (own > 0) from.push(at);
    }
  }
}

/** A reception's weeks to serve in joint cell `cell` (u uniform on [0, 1)), or -1 where the law gives none. */
export function receptionStay(law: StayLaw, cell: number, u: number): number {
  const top = law.top[cell];
  if (top <= 0) return -1;
  return top - Math.floor(u * law.spread[cell]);
}

/**
 * Weeks left of a man inside at the start, in joint cell `cell` of the time-left band `band`
 * (u uniform on [0, 1)): from the density the receptions keep (openingWeeksLeft) where the
 * establishment's receptions follow a stay law, else uniform within the band. One rule for the
 * opening (custody.ts) and for the estimate that mirrors it (treatmentHistory.ts derivedHistory).
 */
export function openingTimeLeft(
  law: StayLaw | undefined,
  cell: number,
  band: { min: number; max: number },
  u: number,
  early?: Int32Array,
): number {
  // The law gives time left at the end of a week (1 or more); the opening is the stock at the
  // end of the week before the window, so a man with 1 week left leaves in week 0, replaced
  // then, as in any other week. Drawn as at the end of week 0, week 0 had no departures nor
  // receptions: year 1 held 51 weeks of them (a year's joiners 2% under the next year's).
  const left = law ? openingWeeksLeft(law, cell, Math.max(band.min, band.max - 1), u, early) : -1;
  return left > 0 ? left - 1 : Math.max(1, Math.floor(band.min + u * (band.max - band.min)));
}

/**
 * Weeks left of someone inside at the start in joint cell `cell`, band [low, high], drawn from
 * the density the receptions keep (StayLaw), or -1 where the law gives none (a sentence with a
 * rule of its own, a band no reception reaches, or nobody there).
 */
export function openingWeeksLeft(law: StayLaw, cell: number, high: number, u: number, early?: Int32Array): number {
  if (early) early[0] = -1;
  const top = law.top[cell];
  if (top === RULED) return -1;
  const low = law.low[cell];
  // The density from the top value down, cumulated, worked out once a cell (an opening draws
  // every replication's men from the same few hundred cells).
  const cumulative = (law.cumulative[cell] ??= openingCumulative(law, cell, low, high));
  const total = cumulative.length > 0 ? cumulative[cumulative.length - 1] : 0;
  if (!(total > 0)) return -1;
  const x = u * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  const v = high - lo;
  if (law.paroleShare[cell] > 0) {
    if (early) early[0] = paroleStay(law, cell, v, Math.max(0, x - (lo > 0 ? cumulative[lo - 1] : 0)));
    return v;
  }
  // Whose stay he is on, for his HDC date (early): a longer band's reception (the most weeks
  // early), or one of this band's of L weeks.
  const g = law.hdcShare[cell];
  if (early && g > 0) {
    const tables = (law.opening ??= openingTables(law));
    const pow = tables.survival;
    const hdc = tables.hdcEarly;
    const m = law.spread[cell];
    const own = top > 0 ? law.own[cell] : 0;
    let rest = x - (lo > 0 ? cumulative[lo - 1] : 0);
    const t = high - v;
    rest -= law.above[cell] * (t < pow.length ? pow[t] : law.survival ** t) * (v <= law.hdcWeeks ? 1 - g : 1);
    early[0] = law.hdcWeeks;
    // L <= top: within the tables.
    if (rest >= 0 && own > 0)
      for (let L = Math.max(v, top - m + 1); L <= top; L++) {
        early[0] = hdc[L];
        rest -= ((own * pow[L - v]) / m) * (v <= early[0] ? 1 - g : 1);
        if (rest < 0) break;
      }
  }
  return v;
}

/**
 * The opening's density of time left in a cell's band, from its top value `high` down to `low`,
 * cumulated: above r^(high - v) + own E[1(L >= v) r^(L - v)], less those granted HDC in their
 * last hdcEarly(L) weeks (gone by then).
 */
function openingCumulative(law: StayLaw, cell: number, low: number, high: number): Float64Array {
  if (law.paroleShare[cell] > 0) return openingParoleCumulative(law, cell, low, high);
  const top = law.top[cell];
  const above = law.above[cell];
  const own = top > 0 ? law.own[cell] : 0;
  const m = law.spread[cell];
  const r = law.survival;
  const pass = passMean(r, m);
  const g = law.hdcShare[cell];
  const out = new Float64Array(Math.max(0, high - low + 1));
  let total = 0;
  let fromTop = 1;
  // r^(top - v), for v <= top, carried down with v.
  let fromOwn = top <= high ? 1 : 0;
  for (let v = high; v >= low; v--, fromTop *= r) {
    let d = above * fromTop * (g > 0 && v <= law.hdcWeeks ? 1 - g : 1);
    if (own > 0 && v <= top) {
      if (g > 0 && v <= law.hdcWeeks) {
        let sum = 0;
        for (let L = Math.max(v, top - m + 1); L <= top; L++) sum += r ** (L - v) * (v <= hdcEarly(law, L) ? 1 - g : 1);
        d += (own * sum) / m;
      } else d += v <= top - m + 1 ? own * fromOwn * pass : (own * geometricSum(r, top - v + 1)) / m;
      fromOwn *= r;
    }
    total += d;
    out[high - v] = total;
  }
  return out;
}

/**
 * The opening's density of time left (to the end of the term) in a cell of extended sentences'
 * code, cumulated from `high` down to `low`: the receptions of its own and longer bands present
 * at v, sum over their stays L of r^(L - v) x the chance of not yet paroled (paroleStillIn).
 */
function openingParoleCumulative(law: StayLaw, cell: number, low: number, high: number): Float64Array {
  const out = new Float64Array(Math.max(0, high - low + 1));
  for (const c of paroleFrom(law, cell)) {
    const profile = paroleProfile(law, law.top[c], law.spread[c]);
    const own = law.own[c];
    for (let v = Math.min(high, profile.length - 1); v >= low; v--) out[high - v] += own * profile[v];
  }
  for (let i = 1; i < out.length; i++) out[i] += out[i - 1];
  return out;
}

/**
 * The cells of a parole cell's segment whose receptions are present in its band: its own and
 * the longer bands' (passing through, less those paroled on the way).
 */
function paroleFrom(law: StayLaw, cell: number): number[] {
  const stride = law.bandStride;
  const order = law.bandOrder;
  const band = Math.floor(cell / stride) % order.length;
  const base = cell - band * stride;
  const out: number[] = [];
  for (let n = order.indexOf(band); n < order.length; n++) {
    const c = base + order[n] * stride;
    if (law.top[c] > 0 && law.own[c] > 0) out.push(c);
  }
  return out;
}

/**
 * Whose stay an opening man at time left v in a parole cell is on, `rest` into v's density
 * (openingParoleCumulative): 0 served to the end of his term (not extended), L extended on a stay
 * of L weeks, not yet paroled (release.ts reads it for the reviews still to come).
 */
function paroleStay(law: StayLaw, cell: number, v: number, rest: number): number {
  const rule = law.parole!;
  // Every opening man of the extended sentences' code comes here (Stafford: 1,200 a replication,
  // 13 steps each): no array, no power, no call worked out per man (paroleFrom, paroleProfile
  // and paroleStillIn, from tables).
  const tables = (law.opening ??= openingTables(law));
  const survival = tables.survival;
  const paroleWeeks = tables.paroleWeeks;
  const stillInPast = tables.stillInPast;
  const sources = (law.paroleSources[cell] ??= paroleSources(law, cell));
  const keep = 1 - rule.share;
  for (let n = 0; n < sources.cells.length; n++) {
    const c = sources.cells[n];
    const top = law.top[c];
    const m = law.spread[c];
    if (v > top) continue;
    const inside = law.own[c] * sources.profiles[n][v];
    if (rest >= inside) {
      rest -= inside;
      continue;
    }
    const each = law.own[c] / m;
    // L <= top: within the tables.
    for (let L = Math.max(v, top - m + 1); L <= top; L++) {
      const w = each * survival[L - v];
      rest -= w * keep;
      if (rest < 0) return 0;
      // paroleStillIn(rule, L, L - v) - keep, from the tables.
      const d = L - v - paroleWeeks[L];
      rest -= w * (d < 0 ? 1 - keep : stillInPast[d]);
      if (rest < 0) return L;
    }
  }
  return 0;
}

/** The tables the opening's draws read (StayLaw.opening), up to the longest stay of the law. */
function openingTables(law: StayLaw): OpeningTables {
  let longest = 0;
  for (let c = 0; c < law.top.length; c++) longest = Math.max(longest, law.top[c]);
  const survival = Float64Array.from({ length: longest + 2 }, (_, t) => law.survival ** t);
  const hdc = Int32Array.from({ length: longest + 2 }, (_, L) => hdcEarly(law, L));
  const rule = law.parole;
  if (!rule) return { survival, hdcEarly: hdc, paroleWeeks: new Float64Array(0), stillInPast: new Float64Array(0) };
  const paroleWeeks = Float64Array.from({ length: longest + 2 }, (_, L) => rule.paroleWeeks(L));
  // paroleStillIn itself, d weeks past a parole point at 0; `keep` as paroleStay's.
  const keep = 1 - rule.share;
  const stillInPast = Float64Array.from({ length: longest + 2 }, (_, d) => paroleStillIn(rule, d, d, 0) - keep);
  return { survival, hdcEarly: hdc, paroleWeeks, stillInPast };
}

/** A parole cell's paroleFrom cells and their profiles (StayLaw.paroleSources). */
function paroleSources(law: StayLaw, cell: number): ParoleSources {
  const cells = Int32Array.from(paroleFrom(law, cell));
  return { cells, profiles: Array.from(cells, (c) => paroleProfile(law, law.top[c], law.spread[c])) };
}

/**
 * A unit of receptions of stays top - u (u uniform on 0..m - 1): their density at each time left
 * v = 0..top, the same for every segment of the code with that band's law (worked out once).
 */
function paroleProfile(law: StayLaw, top: number, m: number): Float64Array {
  const key = top * 8192 + m;
  let profile = law.paroleProfiles.get(key);
  if (!profile) {
    const rule = law.parole!;
    profile = new Float64Array(top + 1);
    for (let L = Math.max(1, top - m + 1); L <= top; L++) {
      let fromTop = 1;
      const parole = rule.paroleWeeks(L);
      for (let v = L; v >= 1; v--, fromTop *= law.survival)
        profile[v] += (fromTop * paroleStillIn(rule, L, L - v, parole)) / m;
    }
    law.paroleProfiles.set(key, profile);
  }
  return profile;
}

/** E[r^-j] for j uniform on 0..m - 1. */
function passMean(r: number, m: number): number {
  let sum = 0;
  for (let j = 0; j < m; j++) sum += r ** -j;
  return sum / m;
}

/**
 * Remand receptions sentenced and staying add `share x weeksAfter` people a reception to the
 * sentenced segment with the same other codes; that segment's own arrivals shrink in proportion
 * (its stay pattern unchanged), so the two together keep the people the tables put there.
 */
function convertRemand(
  stock: FittedJoint,
  weights: Float64Array,
  bandStride: number,
  bands: number,
  sentenceStride: number,
  sentenceDim: number,
  conversion: { remandCode: number; sentencedCode: number; share: number; weeksAfter: number; longest?: number },
  survival = 1,
): void {
  const sentences = stock.sizes[sentenceDim];
  // Weeks a man sentenced stays in the sentenced cell: his geometric stay, cut short by a transfer
  // out (survival a week). Counted as the whole stay, a local transferring men out twice a year
  // scaled its short sentences' receptions down too far (-5% of them within the year).
  const p = conversion.weeksAfter <= 1 ? 1 : 1 / conversion.weeksAfter;
  // At most `longest` weeks (release.ts: the sentence's release point).
  const q = (1 - p) * survival;
  const weeksAfter = q >= 1 ? (conversion.longest ?? 1) : (1 - q ** (conversion.longest ?? Infinity)) / (1 - q);
  const added = new Float64Array(weights.length);
  const shift = (conversion.sentencedCode - conversion.remandCode) * sentenceStride;
  for (let j = 0; j < weights.length; j++) {
    if (weights[j] <= 0 || Math.floor(j / sentenceStride) % sentences !== conversion.remandCode) continue;
    const target = j + shift;
    // The segment is named by its cell with the first time-left code.
    const base = target - (Math.floor(target / bandStride) % bands) * bandStride;
    added[base] += weights[j] * conversion.share * weeksAfter;
  }
  for (let base = 0; base < weights.length; base++) {
    if (added[base] <= 0) continue;
    let inside = 0;
    for (let k = 0; k < bands; k++) inside += stock.weights[base + k * bandStride];
    const keep = inside > 0 ? Math.max(0, 1 - added[base] / inside) : 0;
    for (let k = 0; k < bands; k++) weights[base + k * bandStride] *= keep;
  }
}

/**
 * The time left at which someone inside at the start moves on, per joint cell: the receptions'
 * `exitWeeksLeft`, where the prison holds other people with less time left than that. Then the
 * segment's empty short bands say its people move on (Stafford's OGRS 0-24, none under 12
 * months left, beside other bands that have such men), and those inside at the start must move
 * on as its receptions do, or the segment swells for a year. Where nobody in the prison has
 * less time left, the tables say nothing about moving on: people stay to release.
 */
export function openingExitWeeksLeft(
  stock: FittedJoint,
  timeLeft: Attribute,
  timeLeftIndex: number,
  arrivals: FittedJoint,
): Float64Array | null {
  const exits = arrivals.exitWeeksLeft;
  if (!exits) return null;
  const d = stock.dims.indexOf(timeLeftIndex);
  const stride = stock.strides[d];
  const bands = stock.sizes[d];
  let shortest = Infinity;
  for (let j = 0; j < stock.weights.length; j++) {
    if (stock.weights[j] > 0)
      shortest = Math.min(shortest, timeLeft.categories[Math.floor(j / stride) % bands].min ?? 0);
  }
  const opening = new Float64Array(exits.length);
  let any = false;
  for (let j = 0; j < exits.length; j++) {
    if (exits[j] > shortest) {
      opening[j] = exits[j];
      any = true;
    }
  }
  return any ? opening : null;
}
