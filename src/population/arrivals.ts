/**
 * Receptions consistent with the population they replace.
 *
 * Source tables describe the people inside on one day: their time *left* to serve. Drawing new
 * receptions from that same mix would give them the residual time of a snapshot as their whole
 * stay, so stays would be too short and the population would drift towards short sentences.
 *
 * In a steady state, a segment's people with time left r are those whose whole stay T exceeds
 * r: the density of time left is P(T > r) / E[T] (renewal theory). So from the snapshot's
 * density of time left by band, D_1 >= D_2 >= ..., the people arriving a week with a stay of
 * exactly the top of band k number D_k - D_(k+1), and D_1 arrive in all: as many as leave.
 * Where a source's densities rise from one band to the next (no steady state has that), the
 * later density is carried back, the least change that makes them fall. The engine spreads each
 * stay over a band's width centred on the band's top (same mean stay, so the same turnover),
 * rather than putting every arrival exactly on a band edge such as 26 weeks.
 *
 * Two cases need more than that:
 * - A segment with nobody in its shortest bands (Stafford: no one in OGRS 0-24 with under 12
 *   months left) is one whose people leave before then: moved on to another prison, not released.
 *   Carrying the later density back would invent people in those bands and so arrivals that never
 *   leave in time, and the segment would grow (OGRS 0-24 at Stafford from 253 towards 329). Such a
 *   segment's arrivals are worked out from its populated bands only, and each leaves when its
 *   time left reaches the top of the empty ones (`exitWeeksLeft`).
 * - Sentences whose stay follows a rule of its own (remand, recall, indeterminate: release.ts)
 *   arrive at stock / mean stay (Little's law), their band only placing them. Remand's stay is
 *   its time on remand: those sentenced and staying then join the sentenced segment of the same
 *   codes, whose own arrivals are scaled down by the people they add, so neither cell drifts
 *   (Leicester's 84 on remand fell to 66 in a year when the whole stay was counted as remand).
 * People transferred out are replaced in kind: each cell gains its share of the transfers.
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
     * Mean actual stay of a determinate reception with `weeks` to its release point, where some
     * leave earlier (home detention curfew, extended sentences' parole: release.ts); offence -1
     * when the joint does not carry it. Arrivals scale up by weeks / stay to keep the stock.
     */
    determinateStay?: (sentenceCode: number, offenceCode: number, weeks: number) => number;
    /** The offence attribute's index, for `determinateStay`. */
    offenceIndex?: number;
    /** Transfers out a week as a share of the population: replaced in kind, cell by cell. */
    transfersOutPerWeek?: number;
    /** Remand receptions sentenced and staying: from the remand code into the sentenced one. */
    remandConversion?: { remandCode: number; sentencedCode: number; share: number; weeksAfter: number } | null;
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
  for (let j = 0; j < stock.weights.length; j++) {
    // Visit each segment once, from its cell with the first time-left code.
    if (Math.floor(j / stride) % bands !== 0) continue;
    if (rules && sd >= 0) {
      const sentenceCode = Math.floor(j / stock.strides[sd]) % stock.sizes[sd];
      if (rules.meanStay(sentenceCode, 0) !== null) {
        for (let k = 0; k < bands; k++) {
          const stay = rules.meanStay(sentenceCode, k) ?? 1;
          weights[j + k * stride] = stock.weights[j + k * stride] / Math.max(1, stay);
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
    let carried = 0;
    for (let n = bands - 1; n >= first; n--) {
      const k = order[n];
      carried = Math.max(carried, density[k]);
      density[k] = carried;
    }
    for (let n = first; n < bands; n++) {
      const k = order[n];
      const next = n + 1 < bands ? density[order[n + 1]] : 0;
      weights[j + k * stride] = density[k] - next;
    }
    // Early releases (HDC, parole of extended sentences) shorten stays: more arrivals keep the stock.
    if (rules?.determinateStay && sd >= 0) {
      const sentenceCode = Math.floor(j / stock.strides[sd]) % stock.sizes[sd];
      const od = rules.offenceIndex === undefined ? -1 : stock.dims.indexOf(rules.offenceIndex);
      const offenceCode = od >= 0 ? Math.floor(j / stock.strides[od]) % stock.sizes[od] : -1;
      for (let k = 0; k < bands; k++) {
        const top = timeLeft.categories[k].max ?? timeLeft.categories[k].min ?? 1;
        const stay = rules.determinateStay(sentenceCode, offenceCode, Math.max(1, top));
        if (stay > 0 && stay < top) weights[j + k * stride] *= top / stay;
      }
    }
  }
  const conversion = rules?.remandConversion;
  if (conversion && sd >= 0) convertRemand(stock, weights, stride, bands, stock.strides[sd], sd, conversion);
  // People transferred out (other than release) are replaced by people like them.
  const transfers = rules?.transfersOutPerWeek ?? 0;
  if (transfers > 0) for (let j = 0; j < weights.length; j++) weights[j] += transfers * stock.weights[j];
  return { ...stock, weights, fit: [], exitWeeksLeft };
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
  conversion: { remandCode: number; sentencedCode: number; share: number; weeksAfter: number },
): void {
  const sentences = stock.sizes[sentenceDim];
  const added = new Float64Array(weights.length);
  const shift = (conversion.sentencedCode - conversion.remandCode) * sentenceStride;
  for (let j = 0; j < weights.length; j++) {
    if (weights[j] <= 0 || Math.floor(j / sentenceStride) % sentences !== conversion.remandCode) continue;
    const target = j + shift;
    // The segment is named by its cell with the first time-left code.
    const base = target - (Math.floor(target / bandStride) % bands) * bandStride;
    added[base] += weights[j] * conversion.share * conversion.weeksAfter;
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
