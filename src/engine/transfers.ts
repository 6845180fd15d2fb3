/**
 * Transfers within the region: a man transferred out (the establishment's `transfersOutPerYear`
 * hazard) goes, for the shares in `flows.transfersTo`, to another establishment of the file, the
 * rest leaving the region as before. He stays the same person: attributes, need, the week he
 * joined each list (tie-breaks), treatment history and time left all go with him, so his open
 * need follows him and is counted once, not "moved on" at the sender and joined again at the
 * receiver.
 *
 * The receiver's population keeps its size and mix: a man moved in (a transfer here, or a
 * referral start at a treatment hub) takes the place of one of the receiver's own receptions of
 * the same segment (ReceptionCredits). Without it, men moved in for treatment push receptions
 * out of the mix (issue 6's hub drift: ISPs and sex offenders growing at the hubs).
 */
import type { Scenario } from '../scenario/schema.js';

/** Per establishment: where its transfers out go in the file, as cumulative shares. */
export interface CompiledTransfers {
  to: Int32Array;
  /** Running totals of the shares; a draw at or above the last leaves the region. */
  cumulative: Float64Array;
}

/** Each establishment's destinations, or null where all its transfers leave the region. */
export function compileTransfers(scenario: Scenario): (CompiledTransfers | null)[] {
  const index = new Map(scenario.establishments.map((e, k) => [e.id, k]));
  return scenario.establishments.map((e) => {
    const list = (e.flows.transfersTo ?? []).filter((t) => t.share > 0 && index.has(t.establishment));
    if (list.length === 0 || e.flows.transfersOutPerYear <= 0) return null;
    let total = 0;
    return {
      to: Int32Array.from(list, (t) => index.get(t.establishment) as number),
      cumulative: Float64Array.from(list, (t) => (total += t.share)),
    };
  });
}

/** The establishment a transfer goes to for a uniform draw u in [0, 1), or -1: out of the region. */
export function destinationFor(t: CompiledTransfers, u: number): number {
  const c = t.cumulative;
  for (let k = 0; k < c.length; k++) if (u < c[k]) return t.to[k];
  return -1;
}

/**
 * Receptions owed to men moved in: per establishment, a count per reception cell (the segment he
 * would have been drawn as), and a count for men of no cell the receptions draw (replaced by any).
 * Nothing is owed in a run without moves, so its receptions draw exactly as before.
 */
export class ReceptionCredits {
  private readonly byCell: Map<number, number>[];
  private readonly any: Int32Array;
  private readonly pending: Int32Array;

  constructor(establishments: number) {
    this.byCell = Array.from({ length: establishments }, () => new Map<number, number>());
    this.any = new Int32Array(establishments);
    this.pending = new Int32Array(establishments);
  }

  /** A man of reception cell `cell` (-1: none) moved in at e. */
  owe(e: number, cell: number): void {
    if (cell < 0) this.any[e]++;
    else this.byCell[e].set(cell, (this.byCell[e].get(cell) ?? 0) + 1);
    this.pending[e]++;
  }

  has(e: number): boolean {
    return this.pending[e] > 0;
  }

  /** Whether a reception of `cell` at e is taken by a man already moved in (and settles it). */
  take(e: number, cell: number): boolean {
    const owed = this.byCell[e].get(cell) ?? 0;
    if (owed > 0) {
      if (owed === 1) this.byCell[e].delete(cell);
      else this.byCell[e].set(cell, owed - 1);
    } else if (this.any[e] > 0) this.any[e]--;
    else return false;
    this.pending[e]--;
    return true;
  }
}
