/**
 * A table over the attributes some rules read, one cell per combination of their bands: for
 * answers worked out once per profile of codes, not rule by rule for every person (the
 * case-management tier, caseload.ts's kinds and tasks). Each cell is asked of the rules' static
 * lookups alone; a rule that depends on more than codes (time left, history) is left to the
 * person.
 */
import type { CompiledCriterion, StaticValue, Subject } from './criteria.js';
import { DEPENDS, TRUE } from './criteria.js';

/** A rule as its static lookup answers it (compile.ts Rule). */
interface GridRule {
  criterion: CompiledCriterion;
  lookup: { valueFor(codes: Uint8Array, row: number, subject: Subject): StaticValue };
}

/** firstTrue: no rule is true for the codes. */
export const NONE_TRUE = -1;
/** firstTrue: a rule before the first true one depends on more than the codes. */
export const ASKS_PERSON = -2;

/** Grids larger than this are not built (the rules are asked directly). */
const MAX_CELLS = 1 << 16;

export class RuleGrid {
  readonly cells: number;
  private readonly dims: Int32Array;
  private readonly sizes: Int32Array;
  private readonly strides: Int32Array;

  private constructor(dims: readonly number[], sizes: readonly number[]) {
    this.dims = Int32Array.from(dims);
    this.sizes = Int32Array.from(sizes);
    this.strides = new Int32Array(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      this.strides[d] = stride;
      stride *= sizes[d];
    }
    this.cells = stride;
  }

  /** The grid over the attributes `rules` read, or null where it would be too large. */
  static over(rules: readonly GridRule[], attributeSizes: readonly number[]): RuleGrid | null {
    const dims = [...new Set(rules.flatMap((r) => [...r.criterion.attributes]))].sort((a, b) => a - b);
    const sizes = dims.map((a) => attributeSizes[a] ?? 1);
    if (sizes.reduce((n, k) => n * k, 1) > MAX_CELLS) return null;
    return new RuleGrid(dims, sizes);
  }

  /** The cell of the person whose codes start at `row`. */
  cellOf(codes: Uint8Array, row: number): number {
    const dims = this.dims;
    const strides = this.strides;
    let cell = 0;
    for (let d = 0; d < dims.length; d++) cell += codes[row + dims[d]] * strides[d];
    return cell;
  }

  /**
   * Calls `visit` for every cell with a row of codes (the grid's attributes set, the rest 0) and
   * a subject reading it, for asking the rules' static lookups.
   */
  forEachCell(attributeCount: number, visit: (cell: number, row: Uint8Array, subject: Subject) => void): void {
    const row = new Uint8Array(attributeCount);
    const subject: Subject = { code: (a) => row[a] ?? 0, weeksToRelease: () => 0, completed: () => false };
    for (let cell = 0; cell < this.cells; cell++) {
      let rest = cell;
      for (let d = this.dims.length - 1; d >= 0; d--) {
        row[this.dims[d]] = rest % this.sizes[d];
        rest = Math.floor(rest / this.sizes[d]);
      }
      visit(cell, row, subject);
    }
  }
}

/**
 * The first of `rules` the codes in `row` make true, as the rules are asked in turn; NONE_TRUE
 * where none is, ASKS_PERSON where one before it needs more than the codes.
 */
export function firstTrue(rules: readonly GridRule[], row: Uint8Array, subject: Subject): number {
  for (let r = 0; r < rules.length; r++) {
    const known = rules[r].lookup.valueFor(row, 0, subject);
    if (known === DEPENDS) return ASKS_PERSON;
    if (known === TRUE) return r;
  }
  return NONE_TRUE;
}
