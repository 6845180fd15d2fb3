/**
 * The case-management tier a person's codes settle, read from one table over the attributes the
 * tier rules read (ogrs, offence, OVP, RM2000, sentence in the built-ins: 6,125 cells), instead
 * of asking the rules one by one at every arrival, sentencing and reassessment.
 *
 * A cell holds the tier the rules give in turn (the first whose rule is true, the last if none
 * is) where no rule before that one depends on time left or history; -1 where one does, and the
 * rules are then asked for the person as before (caseManagement.ts assignTier). The same -1 is
 * custody.ts timeMatters' test whether the tier can change with time left.
 */
import type { CompiledTier } from './compile.js';
import { DEPENDS, TRUE, type Subject } from '../rules/criteria.js';

/** Tables larger than this are not built (the rules are asked directly). */
const MAX_CELLS = 1 << 16;

export class TierProfile {
  /** Per cell: the tier the codes settle, or -1 where a rule before it depends on the person. */
  readonly tier: Int8Array;
  private readonly dims: Int32Array;
  private readonly strides: Int32Array;

  private constructor(dims: readonly number[], sizes: readonly number[], cells: number) {
    this.dims = Int32Array.from(dims);
    this.strides = new Int32Array(dims.length);
    let stride = 1;
    for (let d = dims.length - 1; d >= 0; d--) {
      this.strides[d] = stride;
      stride *= sizes[d];
    }
    this.tier = new Int8Array(cells);
  }

  /** The table for `tiers`, or null where it would be too large (or the tiers too many for a byte). */
  static build(tiers: readonly CompiledTier[], attributeSizes: readonly number[]): TierProfile | null {
    if (tiers.length === 0 || tiers.length > 127) return null;
    const dims = [...new Set(tiers.flatMap((t) => [...t.when.criterion.attributes]))].sort((a, b) => a - b);
    const sizes = dims.map((a) => attributeSizes[a] ?? 1);
    const cells = sizes.reduce((n, k) => n * k, 1);
    if (cells > MAX_CELLS) return null;
    const profile = new TierProfile(dims, sizes, cells);
    const row = new Uint8Array(attributeSizes.length);
    const subject: Subject = { code: (a) => row[a] ?? 0, weeksToRelease: () => 0, completed: () => false };
    for (let cell = 0; cell < cells; cell++) {
      let rest = cell;
      for (let d = dims.length - 1; d >= 0; d--) {
        row[dims[d]] = rest % sizes[d];
        rest = Math.floor(rest / sizes[d]);
      }
      // assignTier's loop over the static answers alone, stopping where it would ask the person.
      let tier = tiers.length - 1;
      for (let t = 0; t < tiers.length; t++) {
        const known = tiers[t].when.lookup.valueFor(row, 0, subject);
        if (known === DEPENDS) {
          tier = -1;
          break;
        }
        if (known === TRUE) {
          tier = t;
          break;
        }
      }
      profile.tier[cell] = tier;
    }
    return profile;
  }

  /** The table cell of the person whose codes start at `row`. */
  cellOf(codes: Uint8Array, row: number): number {
    const dims = this.dims;
    const strides = this.strides;
    let cell = 0;
    for (let d = 0; d < dims.length; d++) cell += codes[row + dims[d]] * strides[d];
    return cell;
  }
}
