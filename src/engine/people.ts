import type { CompiledScenario } from './compile.js';
import { COMPACT_AT, type CompactionPolicy } from './compaction.js';
import { widened, type Column } from './typedArrays.js';

/**
 * The people of one replication, column by column (one typed array per attribute), so the
 * weekly loop touches small integers in contiguous memory and allocates nothing per person.
 */
export class People {
  /** Slots in use: person indices run 0 .. count - 1 (compaction.ts renumbers them). */
  count = 0;
  capacity: number;
  /**
   * People added since the last reset, in or out: each person's `serial` is the count when he
   * was added, and stays his whatever slot compaction moves him to.
   */
  added = 0;
  /**
   * Per slot: the person's serial number (the order he was added in this replication), the key
   * of every draw made for him (hashUniform) and of the swap search's starting point, so that
   * renumbering the table (compaction.ts) changes no result. Slots keep serial order.
   */
  serial: Int32Array;
  /** Category index per attribute, person by person: person i's codes start at i * attributes. */
  codes: Uint8Array;
  readonly attributes: number;
  /**
   * A seeded draw per person (a hash of the replication and the person), the last tie-break on
   * a waiting list: after priority keys and the week joined, so equals are taken in random
   * order rather than in the order their synthetic cells were drawn.
   */
  tieBreak: Float32Array;
  establishment: Int32Array;
  /** Week of release; may lie beyond the horizon. */
  releaseWeek: Int32Array;
  /**
   * Earliest release date, for "approaching earliest release date" priority: the release week
   * for a determinate sentence; for an ISP the tariff, or the next Parole Board review for one
   * already past tariff at reception (release.ts).
   */
  earliestReleaseWeek: Int32Array;
  /** Week the person leaves custody (release or transfer out). */
  departWeek: Int32Array;
  /** Week of the last move between establishments (a referral start), or -1. */
  movedWeek: Int32Array;
  tier: Int8Array;
  /** Courses under way, and those among them that do not allow another at once. */
  activeCourses: Uint8Array;
  exclusiveCourses: Uint8Array;
  /** Per-programme bit sets, `words` 32-bit words a person. */
  completed: Uint32Array;
  joined: Uint32Array;
  /**
   * Assessed and not put on the list (not suitable, or not ready until reassessed: assessment.ts).
   * Handed over by a running start with the rest of a record (handOverRecords.ts inherit), so an opening
   * man is not assessed again where his record had been judged.
   */
  assessed: Uint32Array;
  /** Referred again after a drop-out or deselection: a new course takes fresh draws. */
  referredAgain: Uint32Array;
  /** Next person leaving in the same week (a linked list per week). */
  nextDeparture: Int32Array;
  /**
   * Previous person leaving in the same week, or -1 at the list's head: the lists are doubly
   * linked so that a departure moved (a course held, a transfer in region) leaves its old week's
   * list at once. Walking the singly linked list to unlink was 5% of a national replication: a
   * week's list there holds about 4,600 departures (linkDeparture, unlinkDeparture).
   */
  prevDeparture: Int32Array;
  /** 1 when the person's departure is a transfer out (the establishment's hazard), not release. */
  transferOut: Uint8Array;
  readonly words: number;

  constructor(attributeCount: number, programmeCount: number, initialCapacity: number) {
    this.words = Math.max(1, Math.ceil(programmeCount / 32));
    this.capacity = Math.max(16, initialCapacity);
    const n = this.capacity;
    this.attributes = attributeCount;
    this.codes = new Uint8Array(n * attributeCount);
    this.serial = new Int32Array(n);
    this.tieBreak = new Float32Array(n);
    this.establishment = new Int32Array(n);
    this.releaseWeek = new Int32Array(n);
    this.earliestReleaseWeek = new Int32Array(n);
    this.departWeek = new Int32Array(n);
    this.movedWeek = new Int32Array(n);
    this.tier = new Int8Array(n);
    this.activeCourses = new Uint8Array(n);
    this.exclusiveCourses = new Uint8Array(n);
    this.completed = new Uint32Array(n * this.words);
    this.joined = new Uint32Array(n * this.words);
    this.assessed = new Uint32Array(n * this.words);
    this.referredAgain = new Uint32Array(n * this.words);
    this.nextDeparture = new Int32Array(n);
    this.prevDeparture = new Int32Array(n);
    this.transferOut = new Uint8Array(n);
  }

  /**
   * Empty the table for the next replication, keeping its memory. Only the fields a new person
   * relies on being zero are cleared; the rest are written when a person is added.
   */
  reset(): void {
    const n = this.count;
    this.activeCourses.fill(0, 0, n);
    this.exclusiveCourses.fill(0, 0, n);
    this.completed.fill(0, 0, n * this.words);
    this.joined.fill(0, 0, n * this.words);
    this.assessed.fill(0, 0, n * this.words);
    this.referredAgain.fill(0, 0, n * this.words);
    this.count = 0;
    this.added = 0;
  }

  /** Index of a new person (all fields zero except movedWeek and serial). */
  add(): number {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.movedWeek[i] = -1;
    this.serial[i] = this.added++;
    return i;
  }

  /**
   * Renumbers the table (compaction.ts): person i moves to slot map[i] (map[i] <= i, increasing
   * over the people kept), or is dropped where map[i] is -1; `kept` people remain. The departure
   * links are renumbered too (a link to a dropped person becomes -1), and the slots freed are
   * left as add() expects them (the fields it relies on being zero, zero).
   */
  compact(map: Int32Array, kept: number): void {
    const n = this.count;
    const A = this.attributes;
    const W = this.words;
    const codes = this.codes;
    const completed = this.completed;
    const joined = this.joined;
    const assessed = this.assessed;
    const referredAgain = this.referredAgain;
    // Element by element: copyWithin's call per person and column cost more than the copy (a
    // national compaction moves about 170,000 people).
    for (let i = 0; i < n; i++) {
      const j = map[i];
      if (j < 0 || j === i) continue;
      for (let a = 0, from = i * A, to = j * A; a < A; a++) codes[to + a] = codes[from + a];
      for (let k = 0, from = i * W, to = j * W; k < W; k++) {
        completed[to + k] = completed[from + k];
        joined[to + k] = joined[from + k];
        assessed[to + k] = assessed[from + k];
        referredAgain[to + k] = referredAgain[from + k];
      }
      this.serial[j] = this.serial[i];
      this.tieBreak[j] = this.tieBreak[i];
      this.establishment[j] = this.establishment[i];
      this.releaseWeek[j] = this.releaseWeek[i];
      this.earliestReleaseWeek[j] = this.earliestReleaseWeek[i];
      this.departWeek[j] = this.departWeek[i];
      this.movedWeek[j] = this.movedWeek[i];
      this.tier[j] = this.tier[i];
      this.activeCourses[j] = this.activeCourses[i];
      this.exclusiveCourses[j] = this.exclusiveCourses[i];
      this.nextDeparture[j] = this.nextDeparture[i];
      this.prevDeparture[j] = this.prevDeparture[i];
      this.transferOut[j] = this.transferOut[i];
    }
    for (let j = 0; j < kept; j++) {
      const next = this.nextDeparture[j];
      if (next >= 0) this.nextDeparture[j] = next < n ? map[next] : -1;
      const prev = this.prevDeparture[j];
      if (prev >= 0) this.prevDeparture[j] = prev < n ? map[prev] : -1;
    }
    this.activeCourses.fill(0, kept, n);
    this.exclusiveCourses.fill(0, kept, n);
    this.completed.fill(0, kept * W, n * W);
    this.joined.fill(0, kept * W, n * W);
    this.assessed.fill(0, kept * W, n * W);
    this.referredAgain.fill(0, kept * W, n * W);
    this.count = kept;
  }

  hasCompleted(i: number, programme: number): boolean {
    return (this.completed[i * this.words + (programme >>> 5)] & (1 << (programme & 31))) !== 0;
  }

  markCompleted(i: number, programme: number): void {
    this.completed[i * this.words + (programme >>> 5)] |= 1 << (programme & 31);
  }

  hasJoined(i: number, programme: number): boolean {
    return (this.joined[i * this.words + (programme >>> 5)] & (1 << (programme & 31))) !== 0;
  }

  markJoined(i: number, programme: number): void {
    this.joined[i * this.words + (programme >>> 5)] |= 1 << (programme & 31);
  }

  /** Joined the list, or assessed and not put on it: either way, not assessed again for now. */
  wasReferred(i: number, programme: number): boolean {
    const at = i * this.words + (programme >>> 5);
    return ((this.joined[at] | this.assessed[at]) & (1 << (programme & 31))) !== 0;
  }

  markAssessed(i: number, programme: number): void {
    this.assessed[i * this.words + (programme >>> 5)] |= 1 << (programme & 31);
  }

  /** Open to referral again: a "not ready" man's reassessment, a drop-out's re-referral. */
  clearReferral(i: number, programme: number): void {
    const at = i * this.words + (programme >>> 5);
    const bit = ~(1 << (programme & 31));
    this.joined[at] &= bit;
    this.assessed[at] &= bit;
  }

  wasReferredAgain(i: number, programme: number): boolean {
    return (this.referredAgain[i * this.words + (programme >>> 5)] & (1 << (programme & 31))) !== 0;
  }

  markReferredAgain(i: number, programme: number): void {
    this.referredAgain[i * this.words + (programme >>> 5)] |= 1 << (programme & 31);
  }

  /** Puts person i at the head of week `week`'s list of departures (heads: each week's first, or -1). */
  linkDeparture(heads: Int32Array, i: number, week: number): void {
    const next = heads[week];
    this.nextDeparture[i] = next;
    this.prevDeparture[i] = -1;
    if (next >= 0) this.prevDeparture[next] = i;
    heads[week] = i;
  }

  /** Takes person i out of week `week`'s list of departures, where linkDeparture put him. */
  unlinkDeparture(heads: Int32Array, i: number, week: number): void {
    const prev = this.prevDeparture[i];
    const next = this.nextDeparture[i];
    if (prev < 0) heads[week] = next;
    else this.nextDeparture[prev] = next;
    if (next >= 0) this.prevDeparture[next] = prev;
  }

  private grow(): void {
    const n = this.capacity * 2;
    const widen = <T extends Column>(a: T, size = n): T => widened(a, size);
    this.codes = widen(this.codes, n * this.attributes);
    this.serial = widen(this.serial);
    this.tieBreak = widen(this.tieBreak);
    this.establishment = widen(this.establishment);
    this.releaseWeek = widen(this.releaseWeek);
    this.earliestReleaseWeek = widen(this.earliestReleaseWeek);
    this.departWeek = widen(this.departWeek);
    this.movedWeek = widen(this.movedWeek);
    this.tier = widen(this.tier);
    this.activeCourses = widen(this.activeCourses);
    this.exclusiveCourses = widen(this.exclusiveCourses);
    this.completed = widen(this.completed, n * this.words);
    this.joined = widen(this.joined, n * this.words);
    this.assessed = widen(this.assessed, n * this.words);
    this.referredAgain = widen(this.referredAgain, n * this.words);
    this.nextDeparture = widen(this.nextDeparture);
    this.prevDeparture = widen(this.prevDeparture);
    this.transferOut = widen(this.transferOut);
    this.capacity = n;
  }
}

/**
 * Early release (home detention curfew, parole) and remand shorten stays below the band tops
 * expectedPeople works from, so its reception rate can fall short: receptions measured against it
 * ran from 0.95 (Stafford, Wymott) to 1.36 (the bench's national scenario, short stays at local
 * prisons) times the estimate. This covers them.
 */
const EXPECTED_PEOPLE_MARGIN = 1.45;

/**
 * People one replication of `compiled` adds over `weeks` weeks: the opening population plus its
 * receptions, so the table of people and the needs ledger can be sized once rather than grown
 * (doubling copies every column, and overshoots: national passed ~805,000 people through a table
 * grown from 340,000 slots to 1,360,000). A reception rate counts as given (the highest a change
 * sets); receptions that replace departures come at the population over the mean stay (Little's
 * law), the stay of a reception being the top of its time-left band (arrivals.ts), less the time
 * left at which its segment moves on, shortened by transfers out. An estimate: the table still
 * grows past it. A table that is compacted (compaction.ts) needs far fewer: expectedSlots.
 */
export function expectedPeople(compiled: CompiledScenario, weeks: number): number {
  const bands = compiled.attributes[compiled.timeLeftAttribute]?.categories ?? [];
  const tops = bands.map((k) => Math.max(1, k.max ?? k.min ?? 0));
  const meanTop = tops.length > 0 ? tops.reduce((a, b) => a + b, 0) / tops.length : 52;
  let people = 0;
  for (const e of compiled.establishments) {
    let rate = e.receptionsPerWeek;
    for (const c of compiled.changes) {
      if (c.establishment === e.index && c.action.kind === 'receptionsPerWeek' && c.action.value !== null) {
        rate = Math.max(rate ?? 0, c.action.value);
      }
    }
    if (rate === null) {
      const source = e.receptions;
      const cells = source.drawableCells();
      let stay = 0;
      for (let k = 0; k < cells.length; k++) {
        const code = source.codeIn(cells[k], compiled.timeLeftAttribute);
        const top = code >= 0 ? (tops[code] ?? meanTop) : meanTop;
        const exit = source.stayToBandTop ? source.exitWeeksLeft(cells[k]) : 0;
        stay += source.drawShare(k) * (exit > 0 ? Math.max(1, top - exit) : top);
      }
      const effective = 1 / (1 / Math.max(1, stay) + e.transfersOutPerWeek);
      rate = e.populationTotal / effective;
    }
    people += e.populationTotal + EXPECTED_PEOPLE_MARGIN * rate * weeks;
  }
  return Math.ceil(people) + 16;
}

/**
 * Slots a table of people starts with for `weeks` weeks of `compiled`: everyone it receives
 * (expectedPeople) where it is never compacted, else room for COMPACT_AT times those inside
 * (compaction.ts renumbers it once it holds that many times the people it kept), the list places
 * of men gone included as it grows.
 */
export function expectedSlots(compiled: CompiledScenario, weeks: number, compaction: CompactionPolicy): number {
  const everyone = expectedPeople(compiled, weeks);
  if (compaction === 'never') return everyone;
  let inside = 0;
  for (const e of compiled.establishments) inside += e.populationTotal;
  return Math.min(everyone, COMPACT_AT * inside + 1024);
}
