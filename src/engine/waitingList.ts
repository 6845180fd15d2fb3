/**
 * One waiting list's storage: its entries (person, week joined, where he joined from) as parallel
 * typed arrays (structure of arrays) with a length of their own, grown by doubling. Joining,
 * leaving and a group start then allocate nothing: a list of JS arrays grew element by element,
 * and was about a fifth of a national replication's joining time. The order of the entries (a
 * heap, or the order joined) is kept by waitingLists.ts; this module only stores them.
 */
import type { CompiledPriorityKey } from './compile.js';
import type { CompiledCriterion } from '../rules/criteria.js';
import { widened } from './typedArrays.js';

/** Entries a list can hold before it first grows: most lists stay this short. */
const INITIAL_CAPACITY = 16;

export class WaitingList {
  /** Entries in use: person[0 .. size - 1] (the arrays' own length is their capacity). */
  size = 0;
  person: Int32Array;
  /** Week joined (negative for a place held since the warm-up). */
  joinWeek: Int32Array;
  /** Establishment the person was at when they joined (differs for referrals). */
  origin: Int32Array;

  /**
   * Each entry's place in the list's order as one number, where the order is fixed at joining
   * (keys of OGRS, release date and waiting time only): the keys and the week joined packed at
   * addEntry (waitingLists.ts). Null where not kept.
   */
  rank: Float64Array | null = null;
  /**
   * Bit g set where the entry's person is in segment g of the delivery's plan, where every
   * segment's criterion is fixed for a person (attribute codes that never change). Null where
   * not kept.
   */
  member: Int32Array | null = null;
  /** The segments' criteria `member` is kept for. */
  memberOf: readonly CompiledCriterion[] = [];

  constructor(
    /**
     * Kept as a binary heap by priority when groups start from this list and the programme's
     * priority depends only on things fixed at joining (OGRS, release date, join week, static
     * criteria). A group start then takes people off the top until the group is full, instead
     * of ranking the whole list.
     */
    readonly heap: boolean,
    /** The order of this list: the site's priority for the programme, or the catalogue's. */
    readonly keys: readonly CompiledPriorityKey[],
    /** The same keys as numbers (KEY_*), compared without reading strings. */
    readonly kinds: Int8Array,
  ) {
    this.person = new Int32Array(INITIAL_CAPACITY);
    this.joinWeek = new Int32Array(INITIAL_CAPACITY);
    this.origin = new Int32Array(INITIAL_CAPACITY);
  }

  /** Keeps rank per entry or not, and membership of the segments of `memberOf` (null: not kept). */
  keep(rank: boolean, memberOf: readonly CompiledCriterion[] | null): void {
    const capacity = this.person.length;
    this.rank = rank ? (this.rank?.length === capacity ? this.rank : new Float64Array(capacity)) : null;
    this.member = memberOf ? (this.member?.length === capacity ? this.member : new Int32Array(capacity)) : null;
    this.memberOf = memberOf ?? [];
  }

  /** Appends an entry at the end (index size - 1 afterwards). */
  push(person: number, joinWeek: number, origin: number): void {
    const k = this.size;
    if (k === this.person.length) this.grow();
    this.person[k] = person;
    this.joinWeek[k] = joinWeek;
    this.origin[k] = origin;
    this.size = k + 1;
  }

  /** Copies entry `from` over entry `to` (compacting in place). */
  move(from: number, to: number): void {
    this.person[to] = this.person[from];
    this.joinWeek[to] = this.joinWeek[from];
    this.origin[to] = this.origin[from];
    if (this.rank !== null) this.rank[to] = this.rank[from];
    if (this.member !== null) this.member[to] = this.member[from];
  }

  swap(a: number, b: number): void {
    const { person, joinWeek, origin } = this;
    const p = person[a];
    person[a] = person[b];
    person[b] = p;
    const j = joinWeek[a];
    joinWeek[a] = joinWeek[b];
    joinWeek[b] = j;
    const o = origin[a];
    origin[a] = origin[b];
    origin[b] = o;
    const rank = this.rank;
    if (rank !== null) {
      const r = rank[a];
      rank[a] = rank[b];
      rank[b] = r;
    }
    const member = this.member;
    if (member !== null) {
      const m = member[a];
      member[a] = member[b];
      member[b] = m;
    }
  }

  /** Takes entry k out, keeping the others in order. */
  removeAt(k: number): void {
    const n = this.size;
    this.person.copyWithin(k, k + 1, n);
    this.joinWeek.copyWithin(k, k + 1, n);
    this.origin.copyWithin(k, k + 1, n);
    this.rank?.copyWithin(k, k + 1, n);
    this.member?.copyWithin(k, k + 1, n);
    this.size = n - 1;
  }

  /** The entry of person i, or -1. */
  indexOf(i: number): number {
    const person = this.person;
    for (let k = 0, n = this.size; k < n; k++) if (person[k] === i) return k;
    return -1;
  }

  private grow(): void {
    const capacity = this.person.length * 2;
    this.person = widened(this.person, capacity);
    this.joinWeek = widened(this.joinWeek, capacity);
    this.origin = widened(this.origin, capacity);
    if (this.rank !== null) this.rank = widened(this.rank, capacity);
    if (this.member !== null) this.member = widened(this.member, capacity);
  }
}
