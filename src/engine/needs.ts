/**
 * Needs and pathways: a person counted once per need, however many programmes could meet it.
 *
 * A declared need has stages; each stage is met by any one of its alternative programmes (TSP or
 * RESOLVE; Core or Adapted SOTP), and a pathway's stages are taken in order (Core, then
 * Extended). A person with the need waits on the list of every first-stage alternative he is
 * eligible for (a pooled queue); starting one withdraws his other places (withdrawn, not unmet).
 * The need is unmet only when every place has closed without a start, for the reason of the
 * place that stayed open longest (his last chance). Later stages are visible from the start: a
 * man who will need Extended SOTP has a Core window that leaves time to finish Extended too.
 *
 * Programmes in no declared need are each their own need; their need figures are their
 * programme figures, so the engine tracks declared needs only.
 */
import { NEED_COUNTS, type Layout, type NeedCount } from './layout.js';
import * as unmetReasons from './unmetReasons.js';
import { widened, type Column } from './typedArrays.js';
import { withStableFields } from './stableFields.js';

// Copied once: under tsx each read of an imported binding calls a getter (see replicationState.ts).
const { STILL_WAITING, WITHDRAWN } = unmetReasons;

/** Positions of the need counts in a need block. */
export const NC = Object.fromEntries(NEED_COUNTS.map((name, k) => [name, k])) as Record<NeedCount, number>;
// The ones the ledger counts, as module constants (read at every join, start and close).
const NC_JOINED = NC.joined;
const NC_WAITING_AT_START = NC.waitingAtStart;
const NC_STARTS = NC.starts;
const NC_COMPLETIONS = NC.completions;
const NC_WAITING_AT_END = NC.waitingAtEnd;
const NC_UNMET_NEED = NC.unmetNeed;
const NC_RELEASED_UNTREATED = NC.releasedUntreated;
/** record(): not a yearly count too. */
const NOT_YEARLY = -1;

export interface CompiledNeed {
  index: number;
  id: string;
  name: string;
  /** Programme indices of each stage, alternatives in order of preference. */
  stages: number[][];
}

export interface CompiledNeeds {
  /** Declared needs only (the ones tracked person by person). */
  declared: CompiledNeed[];
  /** Per programme: the declared need it belongs to, or -1. */
  needOf: Int32Array;
  /** Per programme: its stage within that need (0 the first), or -1. */
  stageOf: Int32Array;
}

export function compileNeeds(
  needs: readonly { id: string; name: string; stages: readonly { alternatives: readonly string[] }[] }[],
  programmeIndex: (id: string) => number,
  programmeCount: number,
): CompiledNeeds {
  const needOf = new Int32Array(programmeCount).fill(-1);
  const stageOf = new Int32Array(programmeCount).fill(-1);
  const declared = needs.map((need, index) => {
    const stages = need.stages.map((s) => s.alternatives.map(programmeIndex));
    stages.forEach((stage, k) =>
      stage.forEach((p) => {
        needOf[p] = index;
        stageOf[p] = k;
      }),
    );
    return { index, id: need.id, name: need.name, stages };
  });
  return withStableFields(NeedsFields, { declared, needOf, stageOf });
}

/**
 * The weeks a pathway still asks for after its first stage, for a person who needs the later
 * stages (`needs(q)`: eligible and suitable for programme q once the earlier stages are done):
 * from the last stage he needs back, the shortest of its alternatives' windows (its minimum
 * weeks left to start, or its length plus what follows). 0: he needs the first stage only.
 * Writes the weeks to out[0] and the later stages he needs to out[1]; `needed` is scratch, one
 * entry a programme (planPathway runs for every person with a pathway need: nothing allocated).
 */
export function plannedRest(
  need: CompiledNeed,
  needs: (q: number) => boolean,
  minWeeksLeft: Int32Array,
  durationWeeks: Int32Array,
  needed: Uint8Array,
  out: Int32Array,
): void {
  // Stages 1 to `last` each have an alternative he needs (marked in `needed`).
  let last = 0;
  for (let s = 1; s < need.stages.length; s++) {
    const stage = need.stages[s];
    let any = false;
    for (let a = 0; a < stage.length; a++) {
      const q = stage[a];
      const yes = needs(q);
      needed[q] = yes ? 1 : 0;
      if (yes) any = true;
    }
    if (!any) break;
    last = s;
  }
  let rest = 0;
  for (let s = last; s >= 1; s--) {
    const stage = need.stages[s];
    let best = Infinity;
    for (let a = 0; a < stage.length; a++) {
      const q = stage[a];
      if (needed[q] === 1) best = Math.min(best, Math.max(minWeeksLeft[q], rest > 0 ? durationWeeks[q] + rest : 0));
    }
    rest = best;
  }
  out[0] = rest;
  out[1] = last;
}

// Per person and need.
const NONE = 0;
const OPEN = 1;
const STARTED = 2;
const CLOSED = 3;

/**
 * One replication's bookkeeping of declared needs, person by person (index i * needs + n), and
 * its counting into the need block of the layout.
 */
export class NeedLedger {
  readonly count: number;
  private capacity: number;
  state: Uint8Array;
  /** List places still open for the need. */
  open: Uint16Array;
  /** The latest week a place closed unmet, and why; or STILL_WAITING at the end. */
  lastEnd: Int32Array;
  lastReason: Uint8Array;
  startWeek: Int32Array;
  /** Establishment where the need opened (where it is counted). */
  home: Int32Array;
  /** Weeks the later stages ask for (plannedRest), or -1 not yet worked out. */
  rest: Int32Array;
  lastStage: Uint8Array;
  /**
   * The site where the person last counted as supply for the need (a list of it he could start
   * from, joined in the window or brought there by a transfer), or -1.
   */
  suppliedAt: Int32Array;

  constructor(
    readonly compiled: CompiledNeeds,
    people: number,
    private layout: Layout,
    private scalars: Float64Array,
  ) {
    this.count = compiled.declared.length;
    this.capacity = Math.max(16, people);
    const n = this.capacity * this.count;
    this.state = new Uint8Array(n);
    this.open = new Uint16Array(n);
    this.lastEnd = new Int32Array(n);
    this.lastReason = new Uint8Array(n);
    this.startWeek = new Int32Array(n);
    this.home = new Int32Array(n);
    this.rest = new Int32Array(n).fill(-1);
    this.lastStage = new Uint8Array(n);
    this.suppliedAt = new Int32Array(n).fill(-1);
    this.joinedYearly = layout.needYearly('joined', 0);
    this.startsYearly = layout.needYearly('starts', 0);
    this.completionsYearly = layout.needYearly('completions', 0);
    this.unmetYearly = layout.needYearly('unmetNeed', 0);
    this.yearStride = layout.needYearly('joined', 1) - this.joinedYearly;
  }

  /** Room for person i (the table of people grows as people arrive). */
  /** People seen since the last reset (ensure marks them): what reset has to clear. */
  private used = 0;

  /**
   * Empty the ledger for the next replication, keeping its memory (a batch reuses one ledger
   * rather than allocating the arrays again each time), and record into `scalars`, laid out by
   * `layout`, from now on.
   */
  reset(scalars: Float64Array, recording = true, layout = this.layout): void {
    const n = this.used * this.count;
    this.state.fill(0, 0, n);
    this.open.fill(0, 0, n);
    this.lastEnd.fill(0, 0, n);
    this.lastReason.fill(0, 0, n);
    this.startWeek.fill(0, 0, n);
    this.home.fill(0, 0, n);
    this.rest.fill(-1, 0, n);
    this.lastStage.fill(0, 0, n);
    this.suppliedAt.fill(-1, 0, n);
    this.used = 0;
    this.scalars = scalars;
    this.recording = recording;
    // Where establishments alike' parts share one ledger (establishmentParts.ts), each its own
    // record's layout: the need blocks' offsets follow the fit tallies, which differ by tables.
    this.layout = layout;
  }

  /**
   * False while a running start's warm-up uses the ledger: its counts are discarded (accounting.ts),
   * so record() writes nothing; the ledger's state (open, started, closed) is kept as ever.
   */
  private recording = true;

  ensure(i: number): void {
    if (i >= this.used) this.used = i + 1;
    if (i < this.capacity) return;
    let capacity = this.capacity;
    while (capacity <= i) capacity *= 2;
    const n = capacity * this.count;
    const widen = <T extends Column>(a: T, fill = 0): T => widened(a, n, fill);
    this.state = widen(this.state);
    this.open = widen(this.open);
    this.lastEnd = widen(this.lastEnd);
    this.lastReason = widen(this.lastReason);
    this.startWeek = widen(this.startWeek);
    this.home = widen(this.home);
    this.rest = widen(this.rest, -1);
    this.lastStage = widen(this.lastStage);
    this.suppliedAt = widen(this.suppliedAt, -1);
    this.capacity = capacity;
  }

  /**
   * The table of people renumbered (compaction.ts): person i's rows move to map[i]'s (-1:
   * dropped) among `kept`; the rows freed are emptied as a new person expects them.
   */
  remap(map: Int32Array, count: number, kept: number): void {
    const N = this.count;
    const n = Math.min(count, this.used);
    const { state, open, lastEnd, lastReason, startWeek, home, rest, lastStage, suppliedAt } = this;
    // Element by element: copyWithin's call per person and column cost more than the copy.
    for (let i = 0; i < n; i++) {
      const j = map[i];
      if (j < 0 || j === i) continue;
      for (let k = 0, from = i * N, to = j * N; k < N; k++, from++, to++) {
        state[to] = state[from];
        open[to] = open[from];
        lastEnd[to] = lastEnd[from];
        lastReason[to] = lastReason[from];
        startWeek[to] = startWeek[from];
        home[to] = home[from];
        rest[to] = rest[from];
        lastStage[to] = lastStage[from];
        suppliedAt[to] = suppliedAt[from];
      }
    }
    const from = Math.min(kept, n) * N;
    const to = n * N;
    this.state.fill(0, from, to);
    this.open.fill(0, from, to);
    this.lastEnd.fill(0, from, to);
    this.lastReason.fill(0, from, to);
    this.startWeek.fill(0, from, to);
    this.home.fill(0, from, to);
    this.rest.fill(-1, from, to);
    this.lastStage.fill(0, from, to);
    this.suppliedAt.fill(-1, from, to);
    this.used = Math.min(kept, this.used);
  }

  /**
   * Marks the person as supply for the need at `site` (a place on a list there he could start
   * from, in the window): true unless he was counted there last, so he counts once there however
   * many alternatives he joins, and again at a site a transfer takes his places to.
   */
  markSupplied(at: number, site: number): boolean {
    if (this.suppliedAt[at] === site) return false;
    this.suppliedAt[at] = site;
    return true;
  }

  /** Whether the need is met, closed or under way: no more places for its alternatives. */
  settled(at: number): boolean {
    return this.state[at] >= STARTED;
  }

  /** Week the person started an alternative (places on the others are withdrawn then), or Infinity. */
  withdrawnFrom(at: number): number {
    return this.state[at] === STARTED ? Math.max(0, this.startWeek[at]) : Infinity;
  }

  /**
   * Week the need was started, before the window's (negative) for a start before it, or Infinity
   * where it was not: a place joined after it is a re-referral's, which the start does not end.
   */
  startedAt(at: number): number {
    return this.state[at] === STARTED ? this.startWeek[at] : Infinity;
  }

  /** A place on an alternative's list: the first opens the need. */
  join(at: number, n: number, e: number, week: number, opening: boolean): void {
    if (this.state[at] === NONE) {
      this.state[at] = OPEN;
      this.home[at] = e;
      this.lastEnd[at] = -1;
      this.lastReason[at] = 0;
      this.record(e, n, NC_JOINED, week, opening ? NOT_YEARLY : this.joinedYearly);
      if (opening) this.record(e, n, NC_WAITING_AT_START, week, NOT_YEARLY);
    }
    this.open[at]++;
  }

  /** A start on any alternative of the first stage meets the need (the first start only). */
  start(at: number, n: number, week: number): void {
    if (this.state[at] !== OPEN) return;
    this.state[at] = STARTED;
    this.startWeek[at] = week;
    this.record(this.home[at], n, NC_STARTS, week, this.startsYearly);
  }

  /**
   * The need was started before the window opened (not counted): by a course under way then, or
   * one begun and left before it (a running start's hand-over), in `week` (negative).
   */
  startedBefore(at: number, e: number, week = -1): void {
    if (this.state[at] !== NONE) return;
    this.state[at] = STARTED;
    this.startWeek[at] = week;
    this.home[at] = e;
  }

  /** A completion of stage `stage`: the need is completed at the last stage the person needs. */
  complete(at: number, n: number, stage: number, week: number, opening: boolean): void {
    if (this.state[at] !== STARTED || stage !== this.lastStage[at]) return;
    this.record(this.home[at], n, NC_COMPLETIONS, week, opening ? NOT_YEARLY : this.completionsYearly);
  }

  /**
   * A place closed (unmet with a reason code, WITHDRAWN or STILL_WAITING). When the last open
   * place closes on a need nobody started, the need is unmet for the reason of the place that
   * stayed open longest, or still waiting if any place is.
   */
  close(at: number, n: number, week: number, reason: number, opening: boolean): void {
    this.open[at]--;
    if (this.state[at] !== OPEN) return;
    if (reason !== WITHDRAWN && (this.lastReason[at] !== STILL_WAITING || reason === STILL_WAITING)) {
      if (reason === STILL_WAITING || week >= this.lastEnd[at]) {
        this.lastEnd[at] = week;
        this.lastReason[at] = reason;
      }
    }
    if (this.open[at] > 0) return;
    this.state[at] = CLOSED;
    const e = this.home[at];
    const why = this.lastReason[at];
    if (why === STILL_WAITING) {
      this.record(e, n, NC_WAITING_AT_END, week, NOT_YEARLY);
      return;
    }
    this.record(e, n, NC_UNMET_NEED, this.lastEnd[at], opening ? NOT_YEARLY : this.unmetYearly);
    this.record(e, n, NC_RELEASED_UNTREATED + why, this.lastEnd[at], NOT_YEARLY);
  }

  /**
   * Counts count k of need n at e, and where `yearly` is a yearly count's offset in year 0 of the
   * need's block (not NOT_YEARLY), that count in the year of `week` too.
   */
  private record(e: number, n: number, k: number, week: number, yearly: number): void {
    if (!this.recording) return;
    const L = this.layout;
    const base = L.needBase(e, n);
    this.scalars[base + k] += 1;
    if (yearly !== NOT_YEARLY) {
      const y = Math.min(L.years - 1, Math.max(0, Math.floor(week / 52)));
      this.scalars[base + yearly + y * this.yearStride] += 1;
    }
  }

  /**
   * Offsets in a need block of the yearly counts (layout.ts needYearly) in year 0, and from one
   * year to the next: worked out once, not by name at every count.
   */
  private readonly joinedYearly: number;
  private readonly startsYearly: number;
  private readonly completionsYearly: number;
  private readonly unmetYearly: number;
  private readonly yearStride: number;
}

/** The class of a scenario's compiled needs (stableFields.ts says why). */
class NeedsFields {}
