/**
 * Draws synthetic people from a fitted joint distribution.
 *
 * The opening population is integerised with "truncate, replicate, sample": each joint cell
 * gets the whole part of its expected count for certain and the fractional parts are settled by
 * systematic sampling, so segment counts vary between replications by less than one person
 * rather than by multinomial noise. Receptions are single draws. Attributes outside the joint
 * are then drawn from their fill distributions, given the attributes already set.
 */
import type { Attribute } from '../scenario/schema.js';
import type { Subject } from '../rules/criteria.js';
import type { RandomStream } from '../random/streams.js';
import type { FittedJoint } from './jointFit.js';
import { distributionFor, type AttributePriors } from './priors.js';

export class Synthesizer {
  /** Joint cells with positive weight, and their cumulative weights for single draws. */
  private readonly cells: Int32Array;
  private readonly cumulative: Float64Array;
  private readonly expected: Float64Array;
  private readonly free: number[];
  /**
   * Per attribute: its distribution for each combination of the codes it depends on, indexed
   * by their mixed-radix number and worked out on first use.
   */
  private readonly cache: (FreeDistribution | undefined)[][];
  private readonly scratch: Int32Array;
  /** Number of bands of each attribute. */
  private readonly sizes: Int32Array;
  private readonly subject: Subject;

  /**
   * Whether a person's time to serve is about the top of their time-left band (receptions drawn
   * to keep a population steady, whose bands are whole stays) rather than a point within it.
   */
  readonly stayToBandTop: boolean;

  constructor(
    private readonly joint: FittedJoint,
    attributes: readonly Attribute[],
    private readonly priors: readonly AttributePriors[],
    options: { stayToBandTop?: boolean } = {},
  ) {
    this.stayToBandTop = options.stayToBandTop ?? false;
    const positive: number[] = [];
    joint.weights.forEach((w, j) => {
      if (w > 0) positive.push(j);
    });
    this.cells = Int32Array.from(positive);
    this.cumulative = new Float64Array(positive.length);
    this.expected = new Float64Array(positive.length);
    let total = 0;
    positive.forEach((j, k) => {
      total += joint.weights[j];
      this.cumulative[k] = total;
    });
    positive.forEach((j, k) => (this.expected[k] = joint.weights[j] / total));
    this.free = attributes.map((_, a) => a).filter((a) => !joint.dims.includes(a));
    this.cache = attributes.map(() => []);
    this.scratch = new Int32Array(attributes.length);
    this.sizes = Int32Array.from(attributes, (a) => a.categories.length);
    const scratch = this.scratch;
    this.subject = { code: (a) => scratch[a], weeksToRelease: () => Infinity, completed: () => false };
  }

  /** Time left at which someone of joint cell `cell` moves on to another prison (0: never). */
  exitWeeksLeft(cell: number): number {
    return this.joint.exitWeeksLeft?.[cell] ?? 0;
  }

  /** Joint cell indices for an opening population of `n` people (TRS integerisation). */
  openingCells(n: number, rng: RandomStream): Int32Array {
    const out = new Int32Array(n);
    let filled = 0;
    const fractions = new Float64Array(this.cells.length);
    for (let k = 0; k < this.cells.length; k++) {
      const want = this.expected[k] * n;
      const whole = Math.floor(want);
      fractions[k] = want - whole;
      for (let i = 0; i < whole && filled < n; i++) out[filled++] = this.cells[k];
    }
    // Systematic sampling on the fractional parts: one uniform offset, step 1.
    let point = rng.next();
    let running = 0;
    for (let k = 0; k < this.cells.length && filled < n; k++) {
      running += fractions[k];
      while (running > point && filled < n) {
        out[filled++] = this.cells[k];
        point += 1;
      }
    }
    // Rounding can leave a place unfilled; give it a single draw.
    while (filled < n) out[filled++] = this.drawCell(rng);
    return out;
  }

  /** The code of `attribute` in joint cell `cell`, or -1 where the joint does not hold it (drawn from priors). */
  codeIn(cell: number, attribute: number): number {
    const { dims, sizes } = this.joint;
    let rest = cell;
    for (let d = dims.length - 1; d >= 0; d--) {
      if (dims[d] === attribute) return rest % sizes[d];
      rest = Math.floor(rest / sizes[d]);
    }
    return -1;
  }

  /** The joint cells receptions are drawn from (those with weight). */
  drawableCells(): Int32Array {
    return this.cells;
  }

  /** The share of draws that fall in the k-th of drawableCells(). */
  drawShare(k: number): number {
    return this.expected[k];
  }

  drawCell(rng: RandomStream): number {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const u = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return this.cells[lo];
  }

  /**
   * Writes the attribute codes of a person in joint cell `cell` into `codes` from `row` on (one
   * code per attribute), drawing free attributes from their priors.
   */
  fill(cell: number, codes: Uint8Array, row: number, rng: RandomStream): void {
    const { dims, sizes } = this.joint;
    let rest = cell;
    for (let d = dims.length - 1; d >= 0; d--) {
      const s = sizes[d];
      const a = dims[d];
      const code = rest % s;
      this.scratch[a] = code;
      codes[row + a] = code;
      rest = Math.floor(rest / s);
    }
    for (const a of this.free) {
      const d = this.freeDistribution(a);
      // A distribution with one possible band (no OSP for a non-sexual offence) needs no draw.
      const code = d.certain >= 0 ? d.certain : drawCategory(d.probabilities, rng.next());
      this.scratch[a] = code;
      codes[row + a] = code;
    }
  }

  private freeDistribution(a: number): FreeDistribution {
    const priors = this.priors[a];
    let key = 0;
    for (const dep of priors.dependsOn) key = key * this.sizes[dep] + this.scratch[dep];
    const cache = this.cache[a];
    let d = cache[key];
    if (d === undefined) {
      const probabilities = distributionFor(priors, this.subject);
      const possible = [...probabilities].flatMap((share, k) => (share > 0 ? [k] : []));
      d = { probabilities, certain: possible.length === 1 ? possible[0] : -1 };
      cache[key] = d;
    }
    return d;
  }
}

interface FreeDistribution {
  probabilities: Float64Array;
  /** The only band with a positive share, or -1 when there is a choice. */
  certain: number;
}

export function drawCategory(probabilities: Float64Array, u: number): number {
  let running = 0;
  const last = probabilities.length - 1;
  for (let k = 0; k < last; k++) {
    running += probabilities[k];
    if (u < running) return k;
  }
  return last;
}
