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
  /** The table cell of a person: unrolled for the usual one to four attributes (a hot path). */
  private readonly cellOf: (codes: Uint8Array, row: number) => number;

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
    this.cellOf = cellFunction(this.dims, this.strides);
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
    return values[this.cellOf(codes, row)] as StaticValue;
  }
}

function cellFunction(dims: Int32Array, strides: Int32Array): (codes: Uint8Array, row: number) => number {
  const [a = 0, b = 0, c = 0, d = 0] = dims;
  const [sa = 0, sb = 0, sc = 0] = strides;
  switch (dims.length) {
    case 0:
      return () => 0;
    case 1:
      return (codes, row) => codes[row + a];
    case 2:
      return (codes, row) => codes[row + a] * sa + codes[row + b];
    case 3:
      return (codes, row) => codes[row + a] * sa + codes[row + b] * sb + codes[row + c];
    case 4:
      return (codes, row) => codes[row + a] * sa + codes[row + b] * sb + codes[row + c] * sc + codes[row + d];
    default:
      return (codes, row) => {
        let cell = 0;
        for (let k = 0; k < dims.length; k++) cell += codes[row + dims[k]] * strides[k];
        return cell;
      };
  }
}
