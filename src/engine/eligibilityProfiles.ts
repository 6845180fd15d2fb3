/**
 * Eligibility decided per profile, not rule by rule per person: an establishment's rules, grouped
 * so that each group's attributes make a small table, answer for a person's attribute codes with
 * one bitmask of programmes per group (a few table reads for all of them). assess() then looks
 * only at the programmes the mask leaves open, instead of asking each programme's rule in turn.
 *
 * Built once per batch from the rules (identical establishments share one), from the rules' own
 * static lookups, so the answer is the one the rule would give: a programme is "open" where its
 * rule is true or depends on time left or history, and "to check" where it depends (then the rule
 * is asked for the person, as before). Rules too large to table are always open and to check.
 */
import type { Rule } from './compile.js';
import type { Attribute } from '../scenario/schema.js';
import { DEPENDS, FALSE, type Subject } from '../rules/criteria.js';

/** A group's table is kept at most this large (cells): a few kilobytes, built in a moment. */
const MAX_GROUP_CELLS = 1 << 12;
/** The size above which a rule's own lookup has no table (staticLookup.ts). */
const MAX_RULE_CELLS = 1 << 16;
/** Programmes a mask can hold: with more, assess() asks each rule as before. */
export const MAX_PROGRAMMES = 32;

interface Group {
  /** Attribute rows read (ascending), and each one's stride in the table. */
  dims: number[];
  strides: Int32Array;
  /** Per cell: programmes whose rule is true or depends (bit p). */
  open: Int32Array;
  /** Per cell: programmes whose rule depends on the person (bit p). */
  check: Int32Array;
}

export class EligibilityProfiles {
  /**
   * The groups flat for open(), read at every arrival: all groups' attribute rows and strides in
   * turn (group g's end at `ends[g]`), and one table of both masks, open and check side by side
   * (`2 * (bases[g] + cell)`), so a cell is one cache line and no group object is read.
   */
  private readonly dims: Int32Array;
  private readonly strides: Int32Array;
  private readonly ends: Int32Array;
  private readonly bases: Int32Array;
  private readonly masks: Int32Array;
  /** Programmes whose rule has no table: open and to check for everyone. */
  private readonly untabled: number;
  /** The programmes to check for the profile open() last answered. */
  check = 0;
  /** The codes openByCodes asks the untabled rules about (row `codesRow` of `codesOf`). */
  private codesOf: Uint8Array = new Uint8Array(0);
  private codesRow = 0;
  private readonly codesSubject: Subject = {
    code: (a) => this.codesOf[this.codesRow + a],
    weeksToRelease: () => 0,
    completed: () => false,
  };

  constructor(
    readonly rules: readonly Rule[],
    attributes: readonly Attribute[],
  ) {
    const size = (a: number) => attributes[a]?.categories.length ?? 1;
    const cellsOf = (dims: Iterable<number>) => {
      let cells = 1;
      for (const a of dims) cells *= size(a);
      return cells;
    };
    // Group rules whose attributes together still make a small table, largest rules first.
    const order = rules
      .map((_, p) => p)
      .sort((a, b) => cellsOf(rules[b].criterion.attributes) - cellsOf(rules[a].criterion.attributes) || a - b);
    const members: { dims: Set<number>; programmes: number[] }[] = [];
    let untabled = 0;
    for (const p of order) {
      const own = rules[p].criterion.attributes;
      if (cellsOf(own) > MAX_RULE_CELLS) {
        untabled |= 1 << p;
        continue;
      }
      let group = members.find((g) => cellsOf(new Set([...g.dims, ...own])) <= MAX_GROUP_CELLS);
      if (!group) {
        group = { dims: new Set(), programmes: [] };
        members.push(group);
      }
      for (const a of own) group.dims.add(a);
      group.programmes.push(p);
    }
    this.untabled = untabled;
    // Each group's table, from the rules' own lookups over a made-up row of codes.
    const codes = new Uint8Array(attributes.length);
    const subject: Subject = { code: (a) => codes[a] ?? 0, weeksToRelease: () => 0, completed: () => false };
    const groups: Group[] = members.map(({ dims: set, programmes }) => {
      const dims = [...set].sort((a, b) => a - b);
      const strides = new Int32Array(dims.length);
      let cells = 1;
      for (let d = dims.length - 1; d >= 0; d--) {
        strides[d] = cells;
        cells *= size(dims[d]);
      }
      const open = new Int32Array(cells);
      const check = new Int32Array(cells);
      // Each rule's answers over the group's cells, in cell order: the codes counted up like an
      // odometer, last attribute fastest (so cell k has the codes of k in the strides above).
      const sizes = dims.map(size);
      for (const p of programmes) {
        const lookup = rules[p].lookup;
        const bit = 1 << p;
        for (const a of dims) codes[a] = 0;
        for (let cell = 0; cell < cells; cell++) {
          const value = lookup.valueFor(codes, 0, subject);
          if (value !== FALSE) open[cell] |= bit;
          if (value === DEPENDS) check[cell] |= bit;
          for (let d = dims.length - 1; d >= 0; d--) {
            if (++codes[dims[d]] < sizes[d]) break;
            codes[dims[d]] = 0;
          }
        }
      }
      return { dims, strides, open, check };
    });
    this.dims = Int32Array.from(groups.flatMap((g) => g.dims));
    this.strides = Int32Array.from(groups.flatMap((g) => [...g.strides]));
    this.ends = new Int32Array(groups.length);
    this.bases = new Int32Array(groups.length);
    let end = 0;
    let base = 0;
    groups.forEach((g, k) => {
      this.ends[k] = end += g.dims.length;
      this.bases[k] = base;
      base += g.open.length;
    });
    this.masks = new Int32Array(2 * base);
    groups.forEach((g, k) => {
      for (let cell = 0; cell < g.open.length; cell++) {
        this.masks[2 * (this.bases[k] + cell)] = g.open[cell];
        this.masks[2 * (this.bases[k] + cell) + 1] = g.check[cell];
      }
    });
  }

  /**
   * Programmes (bit p) whose rule may hold for the person whose codes start at `row`; sets
   * `check` to those among them whose rule must still be asked.
   */
  open(codes: Uint8Array, row: number): number {
    let open = this.untabled;
    let check = this.untabled;
    const dims = this.dims;
    const strides = this.strides;
    const ends = this.ends;
    const bases = this.bases;
    const masks = this.masks;
    for (let g = 0, d = 0; g < ends.length; g++) {
      let cell = bases[g];
      for (const end = ends[g]; d < end; d++) cell += codes[row + dims[d]] * strides[d];
      open |= masks[2 * cell];
      check |= masks[2 * cell + 1];
    }
    this.check = check;
    return open;
  }

  /**
   * Programmes whose rule may hold for the person whose codes start at `row`, as far as his codes
   * decide: open(), less the untabled rules his codes make false. Why: open() leaves a rule too
   * large to table open to everyone (assess() asks it of each person), which says nothing of who
   * it is open to; a running start matches records by this mask (serviceSnapshot.ts ServiceSnapshot), and
   * with today's PNI rules (ten attributes and more each) it matched a man with the record of one
   * whose needs made him eligible for other programmes: region-today opened with 46% of the
   * window-opening places on TSP's lists joined afresh in week 0 and lists that drained through
   * year 1. Not for assess(): once a rule is asked of the person anyway, this would ask it twice.
   */
  openByCodes(codes: Uint8Array, row: number): number {
    let open = this.open(codes, row);
    let untabled = open & this.untabled;
    if (untabled === 0) return open;
    this.codesOf = codes;
    this.codesRow = row;
    while (untabled !== 0) {
      const p = 31 - Math.clz32(untabled & -untabled);
      untabled &= untabled - 1;
      if (this.rules[p].criterion.staticValue(this.codesSubject) === FALSE) open &= ~(1 << p);
    }
    return open;
  }
}

/**
 * Each establishment's profiles, or null where it has too many programmes for a mask. Built once
 * per distinct list of rules: establishments with the same rules share one.
 */
export function eligibilityProfiles(
  rulesByEstablishment: readonly (readonly Rule[])[],
  attributes: readonly Attribute[],
): (EligibilityProfiles | null)[] {
  const built: EligibilityProfiles[] = [];
  return rulesByEstablishment.map((rules) => {
    if (rules.length > MAX_PROGRAMMES) return null;
    const same = built.find((b) => b.rules.length === rules.length && b.rules.every((r, p) => r === rules[p]));
    if (same) return same;
    const profiles = new EligibilityProfiles([...rules], attributes);
    built.push(profiles);
    return profiles;
  });
}
