/**
 * A criterion's answer from attribute codes alone, as a lookup table over just the attributes
 * it reads: a rule on offence and RM2000 becomes a 7 x 5 table. Asking it costs a few
 * multiply-adds and one typed-array read per person, where a cache keyed by whole profiles
 * (eleven attributes, millions of combinations) spends its time in hash lookups.
 */
import type { Attribute } from '../scenario/schema.js';
import { DEPENDS, type CompiledCriterion, type StaticValue, type Subject } from './criteria.js';

/** Tables larger than this are not built; the criterion is then asked directly. */
const MAX_CELLS = 1 << 16;

export class StaticLookup {
  private readonly dims: Int32Array;
  private readonly strides: Int32Array;
  private readonly values: Uint8Array | null;
  /**
   * The first four attributes read and their strides, as plain fields: the cell of a person is
   * one sum of four products, a missing attribute read at offset 0 with stride 0. Why not a
   * closure per arity, as before: the call site in valueFor saw five closures, went megamorphic
   * and was never inlined (staticLookup.ts cell, 2.2% of a national replication's self time).
   */
  private readonly a0: number;
  private readonly a1: number;
  private readonly a2: number;
  private readonly a3: number;
  private readonly s0: number;
  private readonly s1: number;
  private readonly s2: number;
  private readonly s3: number;
  /** More than four attributes: the cell is summed in a loop over dims. */
  private readonly wide: boolean;

  constructor(
    private readonly criterion: CompiledCriterion,
    attributes: readonly Attribute[],
  ) {
    const dims = [...criterion.attributes].sort((a, b) => a - b);
    const sizes = dims.map((a) => attributes[a]?.categories.length ?? 1);
    this.dims = Int32Array.from(dims);
    this.strides = new Int32Array(dims.length);
    let cells = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      this.strides[d] = cells;
      cells *= sizes[d] ?? 1;
    }
    const n = dims.length;
    this.wide = n > 4;
    this.a0 = n > 0 ? this.dims[0] : 0;
    this.a1 = n > 1 ? this.dims[1] : 0;
    this.a2 = n > 2 ? this.dims[2] : 0;
    this.a3 = n > 3 ? this.dims[3] : 0;
    this.s0 = n > 0 ? this.strides[0] : 0;
    this.s1 = n > 1 ? this.strides[1] : 0;
    this.s2 = n > 2 ? this.strides[2] : 0;
    this.s3 = n > 3 ? this.strides[3] : 0;
    if (cells > MAX_CELLS) {
      this.values = null;
      return;
    }
    const codes = new Int32Array(attributes.length);
    const subject: Subject = { code: (a) => codes[a] ?? 0, weeksToRelease: () => 0, completed: () => false };
    this.values = new Uint8Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      let rest = cell;
      for (let d = dims.length - 1; d >= 0; d--) {
        const size = sizes[d] ?? 1;
        codes[dims[d] ?? 0] = rest % size;
        rest = Math.floor(rest / size);
      }
      this.values[cell] = criterion.staticValue(subject);
    }
  }

  /** The static answer for the person whose codes start at `row` of `codes`. */
  valueFor(codes: Uint8Array, row: number, subject: Subject): StaticValue {
    const values = this.values;
    if (values === null) return this.criterion.isStatic ? (this.criterion.test(subject) ? 1 : 0) : DEPENDS;
    let cell: number;
    if (this.wide) {
      const dims = this.dims;
      const strides = this.strides;
      cell = 0;
      for (let k = 0; k < dims.length; k++) cell += codes[row + dims[k]] * strides[k];
    } else
      cell =
        codes[row + this.a0] * this.s0 +
        codes[row + this.a1] * this.s1 +
        codes[row + this.a2] * this.s2 +
        codes[row + this.a3] * this.s3;
    return values[cell] as StaticValue;
  }
}
