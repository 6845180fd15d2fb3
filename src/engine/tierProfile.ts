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
import { ASKS_PERSON, firstTrue, NONE_TRUE, RuleGrid } from '../rules/ruleGrid.js';

export class TierProfile {
  /** Per cell: the tier the codes settle, or -1 where a rule before it depends on the person. */
  readonly tier: Int8Array;

  private constructor(private readonly grid: RuleGrid) {
    this.tier = new Int8Array(grid.cells);
  }

  /** The table for `tiers`, or null where it would be too large (or the tiers too many for a byte). */
  static build(tiers: readonly CompiledTier[], attributeSizes: readonly number[]): TierProfile | null {
    if (tiers.length === 0 || tiers.length > 127) return null;
    const rules = tiers.map((t) => t.when);
    const grid = RuleGrid.over(rules, attributeSizes);
    if (grid === null) return null;
    const profile = new TierProfile(grid);
    // assignTier's loop over the static answers alone, stopping where it would ask the person.
    grid.forEachCell(attributeSizes.length, (cell, row, subject) => {
      const t = firstTrue(rules, row, subject);
      profile.tier[cell] = t === ASKS_PERSON ? -1 : t === NONE_TRUE ? tiers.length - 1 : t;
    });
    return profile;
  }

  /** The table cell of the person whose codes start at `row`. */
  cellOf(codes: Uint8Array, row: number): number {
    return this.grid.cellOf(codes, row);
  }
}
