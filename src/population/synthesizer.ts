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
import { receptionStay } from './arrivals.js';

export class Synthesizer {
  /** Joint cells with positive weight, and their cumulative weights for single draws. */
  private readonly cells: Int32Array;
  private readonly cumulative: Float64Array;
  private readonly expected: Float64Array;
  private readonly free: number[];
  /** The joint's attributes and band counts. */
  private readonly jointDims: Int32Array;
  private readonly jointSizes: Int32Array;
  /**
   * Per joint cell, one record of what a person drawn there reads first, `recordBytes` long
   * (`cell * recordBytes`): his joint codes (bytes 0-7, read off once, so they are copied, not
   * divided out of the cell number) and, for receptions keeping a population steady, his stay
   * law's top and spread (`recordInts` at `cell * 8 + 2` and `+ 3`, as StayLaw's) and the time left
   * he moves on at (`recordReals` at `cell * 4 + 2`, as exitWeeksLeft's). The joint has tens of
   * thousands of cells of which a replication draws about a thousand, so each of those read from a
   * table of its own over the whole joint was a first read on a line of its own, four a reception;
   * a record is one line. Null (and the tables read) where the joint has over 8 attributes or is
   * too large to spell out.
   */
  private readonly records: Uint8Array | null;
  private readonly recordInts: Int32Array | null;
  readonly recordReals: Float64Array | null;
  private readonly recordBytes: number;
  /**
   * Per free attribute (in `free`'s order): its distributions for every combination of the codes
   * it depends on, worked out when built; null where the combinations are too many (then worked
   * out on first use, in `cache`).
   */
  private readonly tables: (FreeTable | null)[];
  private readonly cache: (FreeDistribution | undefined)[][];
  /** Where binary searches of `cumulative` start: per bucket of the draw, the band it falls in. */
  private readonly guide: Int32Array;
  private readonly guideScale: number;
  private readonly scratch: Int32Array;
  /**
   * Whether some free attribute has no table (freeDistribution reads the codes drawn so far from
   * `scratch`): only then does fill() copy each code there too; the tables read the row itself.
   */
  private readonly untabled: boolean;
  /** Number of bands of each attribute. */
  private readonly sizes: Int32Array;
  private readonly subject: Subject;

  /**
   * Whether a person's time to serve is about the top of their time-left band (receptions drawn
   * to keep a population steady, whose bands are whole stays) rather than a point within it.
   */
  readonly stayToBandTop: boolean;

  constructor(
    readonly joint: FittedJoint,
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
    this.jointDims = Int32Array.from(joint.dims);
    this.jointSizes = Int32Array.from(joint.sizes);
    const steady = this.stayToBandTop;
    this.recordBytes = steady ? STEADY_RECORD_BYTES : CODES_RECORD_BYTES;
    const records = cellRecordsOf(this.jointSizes, joint.weights.length, this.recordBytes);
    this.records = records;
    this.recordInts = steady && records !== null ? new Int32Array(records.buffer) : null;
    this.recordReals = steady && records !== null ? new Float64Array(records.buffer) : null;
    if (this.recordInts !== null && this.recordReals !== null) {
      const law = joint.stays;
      const exits = joint.exitWeeksLeft;
      for (let cell = 0; cell < joint.weights.length; cell++) {
        if (law) {
          this.recordInts[cell * 8 + 2] = law.top[cell];
          this.recordInts[cell * 8 + 3] = law.spread[cell];
        }
        if (exits) this.recordReals[cell * 4 + 2] = exits[cell];
      }
    }
    this.tables = this.free.map((a) => this.freeTable(a));
    this.untabled = this.tables.some((t) => t === null);
    // About one cell a bucket: a draw's search starts next to its answer.
    const buckets = Math.max(1, Math.min(this.cells.length, 1 << 16));
    this.guide = new Int32Array(buckets + 1);
    this.guideScale = total > 0 ? buckets / total : 0;
    for (let g = 0, k = 0; g <= buckets; g++) {
      const u = g / this.guideScale;
      while (k < this.cumulative.length - 1 && this.cumulative[k] <= u) k++;
      this.guide[g] = k;
    }
  }

  /** What keptWith keeps: per name, the latest value and what it was made from. */
  private readonly kept = new Map<string, { from: readonly unknown[]; value: unknown }>();

  /**
   * A value made from this source and others (`from`, compared one by one by identity), kept with
   * this source until asked for one made from others: a fit that later compiles reuse (compile.ts
   * CompileCache) brings it along, so the new context of each edit does not make it again
   * (transfers.ts segmentsOf). `make` must read nothing but `from` and what `name` says.
   */
  keptWith<T>(name: string, from: readonly unknown[], make: () => T): T {
    const known = this.kept.get(name);
    if (known !== undefined && known.from.length === from.length && known.from.every((x, k) => x === from[k]))
      return known.value as T;
    const value = make();
    this.kept.set(name, { from: [...from], value });
    return value;
  }

  /** Time left at which someone of joint cell `cell` moves on to another prison (0: never). */
  exitWeeksLeft(cell: number): number {
    const reals = this.recordReals;
    return reals !== null ? reals[cell * 4 + 2] : (this.joint.exitWeeksLeft?.[cell] ?? 0);
  }

  /**
   * A steady reception's weeks to serve in joint cell `cell` (u uniform on [0, 1)), or -1 where
   * its stay law gives none: arrivals.ts receptionStay, read from the cell's record where it has one.
   */
  stay(cell: number, u: number): number {
    const ints = this.recordInts;
    if (ints === null) {
      const law = this.joint.stays;
      return law ? receptionStay(law, cell, u) : -1;
    }
    const top = ints[cell * 8 + 2];
    return top > 0 ? top - Math.floor(u * ints[cell * 8 + 3]) : -1;
  }

  /**
   * Joint cell indices for an opening population of `n` people (TRS integerisation), written to
   * `out` (n long: a replication's own, reused) where given.
   */
  openingCells(n: number, rng: RandomStream, out: Int32Array = new Int32Array(n)): Int32Array {
    let filled = 0;
    // Every entry written below before it is read: kept from one call to the next.
    const fractions = (this.fractions ??= new Float64Array(this.cells.length));
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

  /**
   * openingCells' fractional parts, one per cell (made at its first call). Declared with its
   * value, so that the first call does not add a property: that changed the object's hidden
   * class after the compile had typed an establishment's `stock` by it (stableFields.ts).
   */
  private fractions: Float64Array | undefined = undefined;

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
    // The first cell whose running weight passes u (the last if none does): found from the
    // guide's bucket, then checked both ways, so rounding in the bucket cannot change the answer.
    const cumulative = this.cumulative;
    const last = cumulative.length - 1;
    let k = this.guide[Math.min(this.guide.length - 1, Math.floor(u * this.guideScale))];
    while (k > 0 && cumulative[k - 1] > u) k--;
    while (k < last && cumulative[k] <= u) k++;
    return this.cells[k];
  }

  /**
   * Writes the attribute codes of a person in joint cell `cell` into `codes` from `row` on (one
   * code per attribute), drawing free attributes from their priors.
   */
  fill(cell: number, codes: Uint8Array, row: number, rng: RandomStream): void {
    const dims = this.jointDims;
    const scratch = this.scratch;
    const records = this.records;
    const untabled = this.untabled;
    if (records !== null) {
      const at = cell * this.recordBytes;
      for (let d = 0; d < dims.length; d++) codes[row + dims[d]] = records[at + d];
      if (untabled) for (let d = 0; d < dims.length; d++) scratch[dims[d]] = records[at + d];
    } else {
      const sizes = this.jointSizes;
      let rest = cell;
      for (let d = dims.length - 1; d >= 0; d--) {
        const s = sizes[d];
        const a = dims[d];
        const code = rest % s;
        scratch[a] = code;
        codes[row + a] = code;
        rest = Math.floor(rest / s);
      }
    }
    const free = this.free;
    const sizes = this.sizes;
    for (let f = 0; f < free.length; f++) {
      const a = free[f];
      const t = this.tables[f];
      let code: number;
      if (t !== null) {
        const deps = t.dependsOn;
        let key = 0;
        for (let k = 0; k < deps.length; k++) key = key * sizes[deps[k]] + codes[row + deps[k]];
        const certain = t.certain[key];
        code = certain >= 0 ? certain : drawCumulative(t.cumulative, key * t.bands, t.bands, rng.next());
      } else {
        const d = this.freeDistribution(a);
        // A distribution with one possible band (no OSP for a non-sexual offence) needs no draw.
        code = d.certain >= 0 ? d.certain : drawCategory(d.probabilities, rng.next());
      }
      if (untabled) scratch[a] = code;
      codes[row + a] = code;
    }
  }

  /**
   * Free attribute a's distributions for every combination of the codes it depends on (in
   * mixed radix, first dependency slowest), as running sums, or null when they are too many.
   */
  private freeTable(a: number): FreeTable | null {
    const dependsOn = Int32Array.from(this.priors[a].dependsOn);
    const bands = this.sizes[a];
    let keys = 1;
    for (const dep of dependsOn) keys *= this.sizes[dep];
    if (keys * bands > MAX_TABLE_NUMBERS) return null;
    const certain = new Int32Array(keys);
    const cumulative = new Float64Array(keys * bands);
    const scratch = this.scratch;
    for (let key = 0; key < keys; key++) {
      // The key's codes into the scratch row the priors' conditions read.
      let rest = key;
      for (let k = dependsOn.length - 1; k >= 0; k--) {
        const s = this.sizes[dependsOn[k]];
        scratch[dependsOn[k]] = rest % s;
        rest = Math.floor(rest / s);
      }
      const probabilities = distributionFor(this.priors[a], this.subject);
      // The running sums drawCategory adds up, in its order, so a draw lands in the same band.
      let running = 0;
      let possible = 0;
      let only = -1;
      for (let k = 0; k < bands; k++) {
        const share = probabilities[k] ?? 0;
        running += share;
        cumulative[key * bands + k] = running;
        if (share > 0) {
          possible++;
          only = k;
        }
      }
      certain[key] = possible === 1 ? only : -1;
    }
    scratch.fill(0);
    return { dependsOn, bands, certain, cumulative };
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

/** Numbers a free attribute's table may hold (running sums); larger ones are worked out on use. */
const MAX_TABLE_NUMBERS = 1 << 16;
/** The largest table of cell records spelt out (Synthesizer.records), bytes. */
const MAX_CELL_RECORDS = 1 << 23;
/** A cell record of codes only, and one with a steady reception's stay and exit (half a cache line). */
const CODES_RECORD_BYTES = 8;
const STEADY_RECORD_BYTES = 32;

interface FreeTable {
  dependsOn: Int32Array;
  bands: number;
  /** Per key: the only band with a positive share, or -1 when there is a choice. */
  certain: Int32Array;
  /** Per key, `bands` running sums of the shares. */
  cumulative: Float64Array;
}

/**
 * Each joint cell's codes (last dimension fastest) at the start of its record, `bytes` a cell,
 * or null when the joint has more attributes than a record holds or is too large.
 */
function cellRecordsOf(sizes: Int32Array, cellCount: number, bytes: number): Uint8Array | null {
  const D = sizes.length;
  if (D > CODES_RECORD_BYTES || cellCount * bytes > MAX_CELL_RECORDS) return null;
  const out = new Uint8Array(cellCount * bytes);
  const codes = new Int32Array(D);
  for (let cell = 0; cell < cellCount; cell++) {
    out.set(codes, cell * bytes);
    for (let d = D - 1; d >= 0; d--) {
      if (++codes[d] < sizes[d]) break;
      codes[d] = 0;
    }
  }
  return out;
}

/** drawCategory over running sums kept from `offset` on: the same band for the same u. */
function drawCumulative(cumulative: Float64Array, offset: number, bands: number, u: number): number {
  const last = bands - 1;
  for (let k = 0; k < last; k++) if (u < cumulative[offset + k]) return k;
  return last;
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
