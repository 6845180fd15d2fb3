/**
 * Groups and courses: when each delivery starts a group (closed groups on their schedule, or a
 * bed-based unit refilling its free beds each week), who the group takes from the list (the best
 * of those free to start, places reserved for segments kept for them), the course each starter
 * begins and whether he completes it, and what a course's end means: a completion (which can open
 * the way to another programme) or a non-completion (re-referred later, or need unmet).
 */
import * as layout from './layout.js';
import * as streams from '../random/streams.js';
import * as allocation from './allocation.js';
import * as unmetReasons from './unmetReasons.js';
import * as attrition from './attrition.js';
import * as beds from './beds.js';
import * as assessment from './assessment.js';
import { Referrals } from './referrals.js';
import { type WaitingList } from './waitingLists.js';
import type { CompiledSegment } from './compile.js';
import { stayUnderWay } from './warmup.js';
import * as state from './replicationState.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { EXTRA, O } = layout;
const { hashUniform } = streams;
const { hasReservations, pickWithReservations, reservedPlaces } = allocation;
const { Reason } = unmetReasons;
const { heldDepartWeek, rescheduleDeparture } = attrition;
const { bedPlacesPerWeek } = beds;
const { AssessmentKind } = assessment;
const { COMPLETES, DROPOUT_WEEK, RE_REFERRED } = state;
const { COMPLETES_AGAIN, DROPOUT_WEEK_AGAIN } = state;
type AssessmentKind = assessment.AssessmentKind;

/** No places reserved at a start (a delivery without reservations). */
const NO_RESERVATIONS: readonly number[] = [];
/** startGroup's scratch before its first use (never written to). */
const NO_POSITIONS = new Int32Array(0);
/** chooseRanked's scratch before its first use (never written to). */
const NO_BARS = new Float64Array(0);

export interface DeliveryState {
  groupsPerYear: number;
  groupSize: number;
  nextStart: number;
  lastStart: number;
  /** Groups started in this run: which group of a reserved share's rounding comes next. */
  groups: number;
  /** Beds of a bed-based delivery (beds.ts), or null for closed groups; and beds taken now. */
  beds: number | null;
  occupied: number;
}

export abstract class Courses extends Referrals {
  // A starter waiting at another site moves to the treatment site (moves.ts).
  protected abstract move(i: number, to: number, w: number): void;
  protected abstract hubHazardFrom(i: number, w: number): void;
  protected abstract segmentOf(i: number, e: number): number;

  protected groupStarts(w: number): void {
    for (const e of this.c.establishments) {
      const states = this.deliveries[e.index];
      for (let p = 0; p < states.length; p++) {
        const d = states[p];
        if (d?.beds !== null && d?.beds !== undefined) {
          this.fillBeds(e.index, p, d, d.beds, w);
          continue;
        }
        if (!d || d.groupsPerYear <= 0) continue;
        while (d.nextStart <= w) {
          this.startGroup(e.index, p, d.groupSize, w, d.groups++);
          d.lastStart = w;
          d.nextStart += 52 / d.groupsPerYear;
        }
      }
    }
  }

  /** Rolling intake: each leaver's bed is refilled from the list; the unit offers beds / mean stay a week. */
  protected fillBeds(e: number, p: number, d: DeliveryState, beds: number, w: number): void {
    if (beds <= 0) return;
    this.addProgramme(e, p, EXTRA.placesOffered, bedPlacesPerWeek(beds, this.c.programmes[p].definition));
    const free = beds - d.occupied;
    if (free > 0) this.startGroup(e, p, free, w, d.groups++, 0);
  }

  protected startGroup(e: number, p: number, size: number, w: number, group: number, offered = size): void {
    const people = this.people;
    const programme = this.c.programmes[p];
    const list = this.lists[e][p];
    this.addProgramme(e, p, EXTRA.placesOffered, offered);
    if (list.heap) {
      this.startFromHeap(e, p, size, w, list);
      return;
    }

    // Settle closed windows and pick the `size` best of those free to start, by the programme's
    // priority. A group takes a handful from a list
    // of hundreds, so a bounded selection beats sorting the whole list. Places reserved for
    // segments need everyone free ranked (allocation.ts).
    const segments = this.c.establishments[e].deliveries[p]?.segments ?? [];
    const reserving = hasReservations(segments);
    const chosen = this.chosen;
    chosen.length = 0;
    // Places kept for segments at this start, and the best members of each (allocation.ts).
    const reserved = reserving ? segments.map((g) => reservedPlaces(g, size, group)) : NO_RESERVATIONS;
    const keptFor = reserved.reduce((a, b) => a + b, 0);
    const bySegment = reserved.map((): number[] => []);
    // First settle closed windows (compacting the list in place, in list order), noting who is
    // free to start; then rank those left once (rankKeys) and choose among the free.
    // Entries below freeCount are written before they are read: the scratch is not refilled.
    if (this.freeAt.length < list.size)
      this.freeAt = this.scratch.int32('courses.freeAt', Math.max(list.size, 2 * this.freeAt.length), null);
    const freeAt = this.freeAt;
    const member = list.member;
    let key = list.rank;
    let freeCount = 0;
    if (key !== null && (member !== null || !reserving)) {
      // Ranks kept from joining: settled and chosen in one pass.
      this.settleChooseRanked(e, p, list, key, size, reserved, keptFor, bySegment, w);
    } else {
      const allowConcurrent = programme.definition.allowConcurrent;
      const activeCourses = people.activeCourses;
      const exclusiveCourses = people.exclusiveCourses;
      const size0 = list.size;
      let kept = 0;
      for (let k = 0; k < size0; k++) {
        const end = this.entryEnd(list, k, p, e);
        if (end <= w) {
          this.settleUnmet(e, p, list, k, end);
          continue;
        }
        // Nothing settled before it: the entry stays where it is.
        if (k !== kept) list.move(k, kept);
        const i = list.person[kept];
        if (activeCourses[i] === 0 || (allowConcurrent && exclusiveCourses[i] === 0)) freeAt[freeCount++] = kept;
        kept++;
      }
      list.size = kept;
      // Ranks worked out now for this list as it stands.
      if (key === null && this.rankKeys(list, kept, w)) key = this.rankKey;
      if (key !== null && (member !== null || !reserving)) {
        this.chooseRanked(list, key, freeCount, size, reserved, keptFor, bySegment, w);
        freeCount = 0;
      }
    }
    // Each pass below a method of its own: V8 compiled this long method again and again in a
    // Chromium worker, on the cores the replications run on.
    if (freeCount > 0) this.offerFree(list, key, freeCount, size, reserved, keptFor, bySegment, segments, w);
    const picks = reserving ? this.pickReserved(e, p, chosen, bySegment, reserved, size) : chosen;
    if (picks.length > 0) this.startPicks(e, p, list, picks, w);
  }

  /**
   * startGroup: offers each of the first `freeCount` entries of freeAt (free to start) to the
   * shortlist (chosen) and to the shortlist of each segment with places kept for it.
   */
  private offerFree(
    list: WaitingList,
    key: Float64Array | null,
    freeCount: number,
    size: number,
    reserved: readonly number[],
    keptFor: number,
    bySegment: number[][],
    segments: readonly CompiledSegment[],
    w: number,
  ): void {
    const chosen = this.chosen;
    const freeAt = this.freeAt;
    const member = list.member;
    for (let f = 0; f < freeCount; f++) {
      const k = freeAt[f];
      // Ranked below a full shortlist's last: not offered (offerRanked would not take him).
      if (key === null || chosen.length < size || key[k] <= key[chosen[chosen.length - 1]])
        this.offerRanked(chosen, k, size, list, w, key);
      for (let g = 0; g < reserved.length; g++) {
        if (reserved[g] <= 0) continue;
        // Membership kept as bits is one test: asked first, so only members are ranked (about
        // 2,500 fewer rank comparisons a Stafford replication).
        if (member !== null && ((member[k] >>> g) & 1) === 0) continue;
        const best = bySegment[g];
        // Ranked below a full segment shortlist's last: not offered, and where membership is
        // not kept, not asked whether he is in the segment (criteria cost more than a rank).
        if (best.length >= keptFor) {
          const last = best[best.length - 1];
          if (
            key !== null
              ? key[k] > key[last] || !this.rankBefore(list, key, k, last)
              : !this.before(list, k, last, list.keys, w)
          )
            continue;
        }
        if (member === null && this.matches(segments[g].when, list.person[k], w) !== 1) continue;
        this.offerRanked(best, k, keptFor, list, w, key);
      }
    }
  }

  /** startGroup: starts the entries picked, then compacts the list in order. */
  private startPicks(e: number, p: number, list: WaitingList, picks: readonly number[], w: number): void {
    // Started entries are marked (person -1) and the rest compacted, in order.
    for (const k of picks) {
      this.start(e, p, list, k, w);
      list.person[k] = -1;
    }
    let n = 0;
    for (let k = 0; k < list.size; k++) {
      if (list.person[k] === -1) continue;
      list.move(k, n);
      n++;
    }
    list.size = n;
  }

  /**
   * startGroup's settling and choice in one pass over the list, where each entry's rank was kept
   * from joining (list.rank): closed windows settled and the list compacted in place, in list
   * order, as startGroup's own pass does, and each entry left that is free to start offered where
   * it now stands, as chooseRanked offers them (the same entries, in the same order, with the same
   * bars). An entry's rank and place are final once it is moved, and settling reads no shortlist.
   */
  private settleChooseRanked(
    e: number,
    p: number,
    list: WaitingList,
    key: Float64Array,
    size: number,
    reserved: readonly number[],
    keptFor: number,
    bySegment: number[][],
    w: number,
  ): void {
    const people = this.people;
    const allowConcurrent = this.c.programmes[p].definition.allowConcurrent;
    const activeCourses = people.activeCourses;
    const exclusiveCourses = people.exclusiveCourses;
    const chosen = this.chosen;
    const member = list.member;
    const reservedBits = this.reservedBits(reserved);
    const bars = this.bars;
    let bar = size > 0 ? Infinity : -Infinity;
    const size0 = list.size;
    let kept = 0;
    for (let k = 0; k < size0; k++) {
      if (this.endsBy(list, k, p, e, w)) {
        this.settleUnmet(e, p, list, k, this.entryEnd(list, k, p, e));
        continue;
      }
      // Nothing settled before it: the entry stays where it is.
      if (k !== kept) list.move(k, kept);
      const at = kept++;
      const i = list.person[at];
      if (activeCourses[i] !== 0 && !(allowConcurrent && exclusiveCourses[i] === 0)) continue;
      const r = key[at];
      if (r <= bar) {
        this.offerRanked(chosen, at, size, list, w, key);
        if (chosen.length >= size) bar = key[chosen[size - 1]];
      }
      if (member === null) continue;
      let bits = member[at] & reservedBits;
      while (bits !== 0) {
        const g = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        if (r > bars[g]) continue;
        const best = bySegment[g];
        this.offerRanked(best, at, keptFor, list, w, key);
        if (best.length >= keptFor) bars[g] = key[best[keptFor - 1]];
      }
    }
    list.size = kept;
  }

  /** Segments with places reserved at this start as bits, and their bars (this.bars) reset. */
  private reservedBits(reserved: readonly number[]): number {
    const segmentCount = reserved.length;
    let reservedBits = 0;
    for (let g = 0; g < segmentCount; g++) if (reserved[g] > 0) reservedBits |= 1 << g;
    if (this.bars.length < segmentCount) this.bars = new Float64Array(Math.max(segmentCount, 2 * this.bars.length));
    this.bars.fill(Infinity, 0, segmentCount);
    return reservedBits;
  }

  /**
   * startGroup's choice where every entry's place in the order is a number (`key`) and membership
   * of the segments is kept as bits: the `size` best of the entries in freeAt, and each segment's
   * `keptFor` best members. An entry is offered to a shortlist only where its key is at most the
   * full shortlist's last (offerRanked then settles a tie), the same offers startGroup's own loop
   * makes, with the bars kept in locals rather than read through the shortlists each time.
   */
  private chooseRanked(
    list: WaitingList,
    key: Float64Array,
    freeCount: number,
    size: number,
    reserved: readonly number[],
    keptFor: number,
    bySegment: number[][],
    w: number,
  ): void {
    const freeAt = this.freeAt;
    const chosen = this.chosen;
    const member = list.member;
    const reservedBits = this.reservedBits(reserved);
    const bars = this.bars;
    let bar = size > 0 ? Infinity : -Infinity;
    for (let f = 0; f < freeCount; f++) {
      const k = freeAt[f];
      const r = key[k];
      if (r <= bar) {
        this.offerRanked(chosen, k, size, list, w, key);
        if (chosen.length >= size) bar = key[chosen[size - 1]];
      }
      if (member === null) continue;
      let bits = member[k] & reservedBits;
      while (bits !== 0) {
        const g = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        if (r > bars[g]) continue;
        const best = bySegment[g];
        this.offerRanked(best, k, keptFor, list, w, key);
        if (best.length >= keptFor) bars[g] = key[best[keptFor - 1]];
      }
    }
  }

  /** Scratch of chooseRanked: each segment shortlist's bar (the key of its last once full). */
  private bars = NO_BARS;

  /** Scratch of startGroup: positions on the list of the entries free to start (made when first needed). */
  private freeAt: Int32Array = NO_POSITIONS;

  /**
   * A group from a priority heap: take people off the top, settling closed windows and starting
   * those free to start, until the group is full; those on another course go back on the heap.
   * Entries further down are left as they are: a closed window is settled when next reached, or
   * at the end, at the week it closed either way.
   */
  protected startFromHeap(e: number, p: number, size: number, w: number, list: WaitingList): void {
    const people = this.people;
    const keys = list.keys;
    const allowConcurrent = this.c.programmes[p].definition.allowConcurrent;
    const held = this.held;
    held.length = 0;
    let started = 0;
    while (started < size && list.size > 0) {
      const last = list.size - 1;
      list.swap(0, last);
      this.siftDown(list, 0, last, keys, w);
      // The top entry is now the last: deal with it there, then drop it.
      const end = this.entryEnd(list, last, p, e);
      const i = list.person[last];
      if (end <= w) this.settleUnmet(e, p, list, last, end);
      else if (people.activeCourses[i] === 0 || (allowConcurrent && people.exclusiveCourses[i] === 0)) {
        this.start(e, p, list, last, w);
        started++;
      } else held.push(i, list.joinWeek[last], list.origin[last]);
      list.size = last;
    }
    for (let h = 0; h < held.length; h += 3) this.addEntry(list, held[h], held[h + 1], held[h + 2], w);
  }

  /**
   * A group where segments have places reserved: each segment's reserved places filled from its
   * best members, the rest from the best of everyone (allocation.ts). Counts the reserved places
   * kept and those the segment took.
   */
  protected pickReserved(
    e: number,
    p: number,
    general: readonly number[],
    bySegment: readonly (readonly number[])[],
    reserved: readonly number[],
    size: number,
  ): number[] {
    const filled: number[] = [];
    const picks = pickWithReservations(general, bySegment, reserved, size, filled);
    if (!this.warmingUp) {
      const L = this.c.layout;
      reserved.forEach((places, g) => {
        this.add(L.segmentScalar(e, p, g, 'reservedOffered'), places);
        this.add(L.segmentScalar(e, p, g, 'reservedTaken'), filled[g]);
      });
    }
    return picks;
  }

  /** Scratch: people taken off a heap who could not start (on another course). */
  protected readonly held: number[] = [];

  /** Scratch for the entries picked for a group, best first. */
  protected readonly chosen: number[] = [];

  protected start(e: number, p: number, list: WaitingList, k: number, w: number): void {
    const people = this.people;
    const i = list.person[k];
    const programme = this.c.programmes[p].definition;
    this.countOutcome(e, p, O.starts, i, w);
    const n = this.firstStageNeed[p];
    if (n >= 0) this.needs.start(i * this.needCount + n, n, w);
    this.countSegments(e, p, i, w, 'starts');
    this.addProgramme(e, p, EXTRA.waitWeeksSum, w - list.joinWeek[k]);
    this.waitingDiff[e][p][w]--;
    this.startsPerWeek[e][p][w]++;
    if (people.establishment[i] !== e) {
      this.hubReturns?.referred(i, people.establishment[i], p); // back after the course (hubReturns.ts)
      this.move(i, e, w);
    }
    people.activeCourses[i]++;
    if (!programme.allowConcurrent) people.exclusiveCourses[i]++;
    const again = people.wasReferredAgain(i, p);
    const completes =
      hashUniform(this.key, this.people.serial[i], p, again ? COMPLETES_AGAIN + w : COMPLETES) <
      programme.completionRate;
    // A drop-out leaves at some week of the course; a completer at its end.
    const length = completes
      ? programme.durationWeeks
      : 1 +
        Math.floor(
          hashUniform(this.key, this.people.serial[i], p, again ? DROPOUT_WEEK_AGAIN + w : DROPOUT_WEEK) *
            programme.durationWeeks,
        );
    // The warm-up opens its bed units on stays under way, not a cohort begun together (warmup.ts).
    if (this.warmingUp && w === 0 && this.deliveries[e][p]?.beds != null) {
      const stay = stayUnderWay(
        programme.durationWeeks,
        programme.completionRate,
        hashUniform(this.key, this.people.serial[i], p, DROPOUT_WEEK),
        hashUniform(this.key, this.people.serial[i], p, COMPLETES),
      );
      this.beginCourse(i, e, p, stay.weeksLeft, stay.completes);
      return;
    }
    this.beginCourse(i, e, p, w + length, completes);
  }

  /**
   * Puts person i on a course ending at `endWeek` (attrition.ts): held, a transfer due during it
   * waits for its end; one not held, or released, before the end leaves it unfinished then.
   */
  protected beginCourse(i: number, e: number, p: number, endWeek: number, completes: boolean): void {
    const people = this.people;
    if (people.departWeek[i] < endWeek) {
      if (this.c.programmes[p].definition.heldOnCourse) {
        const held = heldDepartWeek(people.departWeek[i], people.releaseWeek[i], endWeek);
        rescheduleDeparture(people, this.departuresHead, i, held);
      }
      if (people.departWeek[i] < endWeek) {
        endWeek = people.departWeek[i];
        completes = false;
      }
    }
    const d = this.deliveries[e][p];
    if (d && d.beds !== null) d.occupied++;
    this.courses.add(i, p, e, endWeek, completes, this.weeks);
  }

  protected courseEvents(w: number): void {
    const people = this.people;
    const courses = this.courses;
    const ending = courses.ending;
    // ending.next read afresh at each course, as a week queue asks (weekQueue.ts).
    for (let k = ending.head(w); k >= 0; k = ending.next[k]) {
      const course = ending.values[k];
      const i = courses.person[course];
      const e = courses.establishment[course];
      const p = courses.programme[course];
      const departed = people.departWeek[i] < courses.endWeek[course];
      this.endCourse(i, e, p);
      // Back to the prison that referred him, a while after a course at a hub (hubReturns.ts).
      const visiting = this.hubReturns !== null && this.hubReturns.homeOf(i) >= 0;
      this.hubReturns?.afterCourse(people, this.departuresHead, i, w, (h) =>
        this.segments.receives(h, this.segmentOf(i, h)),
      );
      // A visitor who stays (his home takes none of his segment) is the hub's man now: its hazard from here.
      if (visiting && this.hubReturns!.homeOf(i) < 0 && people.departWeek[i] > w) this.hubHazardFrom(i, w);
      if (departed || courses.completes[course] === 0) {
        this.countOutcome(e, p, O.nonCompletions, i, Math.min(w, people.departWeek[i]));
        if (people.departWeek[i] > w) this.deselected(i, e, p, w);
        continue;
      }
      this.courseCompleted(i, e, p, w);
    }
    ending.release(w);
  }

  /** courseEvents: person i's course of p at e completed in week w, counted, and his need and what follows it seen to. */
  private courseCompleted(i: number, e: number, p: number, w: number): void {
    const people = this.people;
    this.countOutcome(e, p, O.completions, i, w);
    this.countSegments(e, p, i, w, 'completions');
    this.completionsPerWeek[e][p][w]++;
    people.markCompleted(i, p);
    const n = this.c.needs.needOf[p];
    if (n >= 0) this.needs.complete(i * this.needCount + n, n, this.c.needs.stageOf[p], w, false);
    // Completing can open the way to another programme (Extended SOTP after Core).
    for (const q of this.c.reassessOnCompletion) this.assess(i, people.establishment[i], w, q);
  }

  /** A drop-out or deselection still inside: referred again (a share, later) or his need unmet. */
  protected deselected(i: number, e: number, p: number, w: number): void {
    const a = this.funnel[p];
    if (a.reReferralShare > 0 && hashUniform(this.key, this.people.serial[i], p, RE_REFERRED + w) < a.reReferralShare) {
      this.assessmentsDue.schedule(w + a.reReferralAfterWeeks, i, p, AssessmentKind.ReReferral);
    } else {
      this.addProgramme(e, p, EXTRA.deselected, 1);
      // His need stays unmet: deselectedOrNotSuitable (joined and unmet again, so the identities hold).
      this.joinUnmet(i, this.people.establishment[i], p, w, Reason.deselectedOrNotSuitable);
    }
  }

  /** Person i's course of p at e has ended: he is off it, and its bed (if any) is free. */
  protected endCourse(i: number, e: number, p: number): void {
    const people = this.people;
    const programme = this.c.programmes[p].definition;
    people.activeCourses[i]--;
    if (!programme.allowConcurrent) people.exclusiveCourses[i]--;
    const d = this.deliveries[e][p];
    if (d && d.beds !== null) d.occupied--;
  }
}
