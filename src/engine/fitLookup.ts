/**
 * The source-table cell of a person, looked up rather than searched: tallyFit asks it for every
 * person and table at each snapshot, and cellOf (tableCells.ts) tries cell after cell. A table
 * reads a few attributes, so its answers fit a small table indexed by just those codes.
 */
import type { Attribute } from '../scenario/schema.js';
import { cellOf, type TableCells } from '../population/tableCells.js';

/** Tables over more combinations than this are searched as before. */
const MAX_CELLS = 1 << 16;

export class FitLookup {
  private readonly dims: Int32Array;
  private readonly strides: Int32Array;
  private readonly cells: Int32Array | null;
  /** The first three attributes read and the strides of the first two (tables read 1 to 3). */
  private readonly a0: number;
  private readonly a1: number;
  private readonly a2: number;
  private readonly s0: number;
  private readonly s1: number;

  constructor(
    private readonly table: TableCells,
    attributes: readonly Attribute[],
  ) {
    const read = new Set<number>();
    for (const admits of table.admits) for (const a of admits) read.add(a.attribute);
    const dims = [...read].sort((a, b) => a - b);
    const sizes = dims.map((a) => attributes[a]?.categories.length ?? 1);
    this.dims = Int32Array.from(dims);
    this.strides = new Int32Array(dims.length);
    let count = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      this.strides[d] = count;
      count *= sizes[d] ?? 1;
    }
    this.a0 = dims[0] ?? 0;
    this.a1 = dims[1] ?? 0;
    this.a2 = dims[2] ?? 0;
    this.s0 = this.strides[0] ?? 0;
    this.s1 = this.strides[1] ?? 0;
    if (count > MAX_CELLS) {
      this.cells = null;
      return;
    }
    // Every combination of the codes read, answered once by the search itself.
    const codes = new Uint8Array(attributes.length);
    this.cells = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      let rest = k;
      for (let d = dims.length - 1; d >= 0; d--) {
        const size = sizes[d] ?? 1;
        codes[dims[d] ?? 0] = rest % size;
        rest = Math.floor(rest / size);
      }
      this.cells[k] = cellOf(table, codes, 0);
    }
  }

  /** The cell (or remainder) of the person whose codes start at `row`. */
  cellOf(codes: Uint8Array, row: number): number {
    const cells = this.cells;
    if (cells === null) return cellOf(this.table, codes, row);
    // Tables read one to three attributes: those without the loop (tallyFit asks this for every
    // person and table at each snapshot).
    switch (this.dims.length) {
      case 1:
        return cells[codes[row + this.a0]];
      case 2:
        return cells[codes[row + this.a0] * this.s0 + codes[row + this.a1]];
      case 3:
        return cells[codes[row + this.a0] * this.s0 + codes[row + this.a1] * this.s1 + codes[row + this.a2]];
    }
    let k = 0;
    for (let d = 0; d < this.dims.length; d++) k += codes[row + this.dims[d]] * this.strides[d];
    return cells[k];
  }
}
