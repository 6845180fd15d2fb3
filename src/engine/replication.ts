/**
 * One replication, week by week: the concrete class over the concept layers (replicationState.ts
 * up to handOver.ts), which only says in what order each week runs them.
 *
 * Each week, in this order: scheduled changes; departures (release, transfer out); course
 * completions and drop-outs; reassessment of people whose time left has crossed a rule's
 * threshold (tier, eligibility); receptions (new people assessed for every programme and a
 * case-management tier); group starts, taking people from each waiting list by its priority;
 * offender-manager contact delivered by tier priority up to staff capacity.
 *
 * Waiting lists are settled lazily: an entry whose window has closed (released, transferred, or
 * too little time left to finish a course) is counted as unmet need, at the week it closed,
 * when its list is next looked at or at the end. Every entry ends in exactly one of started,
 * unmet need or waiting at the end.
 */
import { HandOver } from './handOver.js';
import type { WarmupEnd } from './serviceSnapshot.js';
import { WITHDRAWN } from './unmetReasons.js';
import { COMPACT_AT, compactionDue, markLists, remapLists, renumber } from './compaction.js';

/** settleDeparted's "no week yet": below any week a place can close. */
const NO_WEEK = -0x80000000;
/** Compact at a warm-up's end once the table holds twice the people needed (warmUp). */
const HAND_OVER_COMPACT_AT = 2;

export class Replication extends HandOver {
  run(): void {
    this.open();
    this.tallyFit(0, -1);
    this.weekByWeek();
    this.finish();
  }

  /** Runs a warm-up and hands over its end state (warmup.ts), recording nothing else. */
  warmUp(): WarmupEnd {
    this.open();
    this.weekByWeek();
    // The hand-over reads only men inside at the end and the places they hold: the rest go
    // first where they are many (twice those needed, not COMPACT_AT times: the snapshot walks the
    // whole table once), so the snapshot's arrays (sized by the table) hold about the men inside.
    if (this.compactionDue(this.weeks, HAND_OVER_COMPACT_AT)) this.compact(this.weeks);
    return {
      people: this.people,
      weeks: this.weeks,
      lists: this.lists,
      courses: this.courses,
      deliveries: this.deliveries,
      reReferrals: this.assessmentsDue.reReferralsLater,
      reassessments: this.assessmentsDue.reassessmentsLater,
      awayAtHubs: this.hubReturns?.awayAt(this.people, this.weeks) ?? [],
    };
  }

  /** The opening population, drawn from the fitted tables. */
  protected open(): void {
    // A running start assesses the opening population once every service record is handed over.
    if (this.snapshot) this.deferred = [];
    for (const e of this.c.establishments) {
      const cells = e.stock.openingCells(
        e.populationTotal,
        this.populationRng,
        this.scratch.int32('opening.cells', e.populationTotal, null),
      );
      for (const cell of cells) this.arrive(e, cell, e.stock, 0, this.populationRng);
      this.target[e.index] = e.populationTotal;
    }
    const deferred = this.deferred;
    this.deferred = null;
    if (deferred) {
      this.handOver(deferred);
      for (let n = 0; n < deferred.length; n++) this.assess(deferred[n], this.people.establishment[deferred[n]], 0, -1);
    }
    this.opening = false;
  }

  /**
   * Renumbers the table of people at the start of week w (compaction.ts): those inside and those
   * a list or a course under way still names are kept, in order, and every structure naming a
   * person is renumbered; the rest's slots are freed.
   */
  protected compact(w: number): void {
    const people = this.people;
    const count = people.count;
    // Filled before it is read (settleDeparted, then below).
    if (this.compactionMap.length < count)
      this.compactionMap = this.scratch.int32('compactionMap', people.capacity, null);
    const map = this.compactionMap;
    this.settleDeparted(w, map);
    map.fill(-1, 0, count);
    markLists(this.lists, map);
    const courses = this.courses;
    courses.compact(w, map, this.scratch.int32('compaction.courseRows', courses.count, null));
    const kept = renumber(people, w, map);
    people.compact(map, kept);
    remapLists(this.lists, map);
    courses.remapPeople(map);
    for (let at = w; at < this.weeks; at++) {
      const head = this.departuresHead[at];
      if (head >= 0) this.departuresHead[at] = map[head];
    }
    this.reassessmentsDue.remap(map, w);
    this.sentencesDue.remap(map, w);
    this.assessmentsDue.remap(map, w);
    this.needs.remap(map, count, kept);
    this.caseload.remap(map, count, kept, w);
    this.hubReturns?.remap(map);
    this.remapMoves(map);
    this.compactedTo = kept;
  }

  /**
   * Settles now the list places of men who left before week w, which would otherwise keep their
   * records in the table until each list is next looked at (never, for a list no group starts
   * from: then at the end). A place of a man who has left is settled at the week its window
   * closed, whenever it is settled, with a record nothing changes any more, and what it counts is
   * whole numbers added up (the same in any order), but for one thing: the need's last closing
   * (needs.ts close) keeps the reason of the latest of its places, the last settled among equals.
   * So a man's places are settled now only where, for each need still open, they are all its open
   * places and the latest of them share one reason; otherwise he is kept, as before. Taken off a
   * list, an entry is never chosen nor settled again: the order of a list is total (its keys, the
   * week joined, the seeded draw, then the index), so who starts does not change either.
   */
  private settleDeparted(w: number, dense: Int32Array): void {
    const people = this.people;
    const depart = people.departWeek;
    const needs = this.needs;
    const N = this.needCount;
    const P = this.programmeCount;
    // Each man gone with a place on a list gets a number 0, 1, ... (dense[i], -1 for others) and
    // N rows of scratch: places found of each need still open, the latest week one closes (not
    // withdrawn), its reason, and whether places closing that week disagree on the reason.
    dense.fill(-1, 0, people.count);
    let gone = 0;
    for (let at = 0; at < this.lists.length; at++) {
      for (let p = 0; p < P; p++) {
        const list = this.lists[at][p];
        const n = this.firstStageNeed[p];
        for (let k = 0; k < list.size; k++) {
          const i = list.person[k];
          if (depart[i] >= w) continue;
          let d = dense[i];
          if (d < 0) {
            d = dense[i] = gone++;
            if (gone * N > this.gonePlaces.length || gone > this.goneBlocked.length) this.goneScratch(gone, N);
            const places = this.gonePlaces;
            for (let m = d * N; m < gone * N; m++) places[m] = 0;
            this.goneBlocked[d] = 0;
          }
          if (n < 0 || needs.settled(i * N + n)) continue;
          const end = this.entryEnd(list, k, p, at);
          const reason = this.endReason;
          const r = d * N + n;
          if (this.gonePlaces[r]++ === 0) {
            this.goneLatest[r] = NO_WEEK;
            this.goneReason[r] = -1;
            this.goneDisagree[r] = 0;
          }
          if (reason === WITHDRAWN) continue;
          if (end > this.goneLatest[r]) {
            this.goneLatest[r] = end;
            this.goneReason[r] = reason;
            this.goneDisagree[r] = 0;
          } else if (end === this.goneLatest[r] && reason !== this.goneReason[r]) this.goneDisagree[r] = 1;
        }
      }
    }
    if (gone === 0) return;
    const blocked = this.goneBlocked;
    for (let i = 0, count = people.count; i < count; i++) {
      const d = dense[i];
      if (d < 0) continue;
      for (let n = 0; n < N; n++) {
        const r = d * N + n;
        const places = this.gonePlaces[r];
        if (places === 0) continue;
        const row = i * N + n;
        if (places !== needs.open[row] || (this.goneDisagree[r] === 1 && this.goneLatest[r] >= needs.lastEnd[row]))
          blocked[d] = 1;
      }
    }
    for (let at = 0; at < this.lists.length; at++) {
      for (let p = 0; p < P; p++) {
        const list = this.lists[at][p];
        const size = list.size;
        let n = 0;
        for (let k = 0; k < size; k++) {
          const i = list.person[k];
          if (depart[i] < w && blocked[dense[i]] === 0) {
            this.settleUnmet(at, p, list, k, this.entryEnd(list, k, p, at));
            continue;
          }
          if (k !== n) list.move(k, n);
          n++;
        }
        if (n === size) continue;
        list.size = n;
        // A heap again (its order is total, so the same entries come off its top in the same order).
        if (list.heap) for (let k = (n >>> 1) - 1; k >= 0; k--) this.siftDown(list, k, n, list.keys, w);
      }
    }
  }

  /**
   * Room in settleDeparted's scratch for `men` men gone and `needs` needs each, kept between
   * compactions (what is in it kept as it grows), and from one replication to the next.
   */
  private goneScratch(men: number, needs: number): void {
    const scratch = this.scratch;
    const rows = men * needs;
    const room = (n: number) => Math.max(1024, 2 * n);
    if (this.gonePlaces.length < rows) {
      this.gonePlaces = scratch.widen('gone.places', this.gonePlaces, room(rows));
      this.goneLatest = scratch.widen('gone.latest', this.goneLatest, room(rows));
      this.goneReason = scratch.widen('gone.reason', this.goneReason, room(rows));
      this.goneDisagree = scratch.widen('gone.disagree', this.goneDisagree, room(rows));
    }
    if (this.goneBlocked.length < men) this.goneBlocked = scratch.widen('gone.blocked', this.goneBlocked, room(men));
  }

  private gonePlaces: Int32Array = new Int32Array(0);
  private goneLatest: Int32Array = new Int32Array(0);
  private goneReason: Int8Array = new Int8Array(0);
  private goneDisagree: Uint8Array = new Uint8Array(0);
  private goneBlocked: Uint8Array = new Uint8Array(0);

  /** Whether to compact the table at the start of week w (compaction.ts compactionDue). */
  private compactionDue(w: number, at = COMPACT_AT): boolean {
    if (this.compaction === 'never') return false;
    let inside = 0;
    for (let e = 0; e < this.population.length; e++) inside += this.population[e];
    const people = this.people;
    const lastWeek = people.added - this.addedBefore;
    this.addedBefore = people.added;
    return compactionDue(this.compaction, w, people.count, people.capacity, inside, this.compactedTo, lastWeek, at);
  }

  /** Scratch of compact(): each person's new slot. */
  private compactionMap: Int32Array = new Int32Array(0);
  /** People kept at the last compaction, and added before last week (compactionDue). */
  private compactedTo = 0;
  private addedBefore = 0;

  protected weekByWeek(): void {
    const c = this.c;
    const L = c.layout;
    let nextChange = 0;
    for (let w = 0; w < this.weeks; w++) {
      if (w > 0 && this.compactionDue(w)) this.compact(w);
      while (nextChange < c.changes.length && c.changes[nextChange].week <= w) {
        this.applyChange(c.changes[nextChange], w);
        nextChange++;
      }
      this.departures(w);
      this.sentencing(w);
      this.courseEvents(w);
      this.reassess(w);
      this.assessDue(w);
      this.receptions(w);
      this.groupStarts(w);
      if (this.warmingUp) continue;
      this.caseManagement(w);
      this.caseload.week(w, this.sessionCapacity);
      for (const e of c.establishments)
        this.add(L.establishmentScalar(e.index, 'populationWeeks'), this.population[e.index]);
      if (w % 52 === 51 || w === this.weeks - 1) this.tallyFit(Math.floor(w / 52) + 1, w);
    }
  }
}
