/**
 * A running start's hand-over (handOver.ts), its second pass: courses under way whose record no
 * opening man kept go to someone else free and eligible, at a hub to a man of the referring
 * prisons moved in for it (one of the hub's own going the other way in his place).
 */
import * as streams from '../random/streams.js';
import type { InheritedCourse, ServiceSnapshot } from './serviceSnapshot.js';
import * as attrition from './attrition.js';
import * as state from './replicationState.js';
import { lowerBound, openingPartnerFull, openingPartnerScore } from './hubReturns.js';
import { OpeningPartners } from './openingPartners.js';
import { HandOverRecords } from './handOverRecords.js';

// Imported values copied into module constants once, as custody.ts does: under tsx every read of
// an imported binding calls a getter.
const { hashUniform } = streams;
const { departWeekAfterMove, rescheduleDeparture } = attrition;
const { MOVED_TRANSFER } = state;

/** Takes the element at a uniform draw u out of the list (order not kept). */
function takeAtRandom(list: number[], u: number): number {
  const k = Math.floor(u * list.length);
  const i = list[k];
  list[k] = list[list.length - 1];
  list.pop();
  return i;
}

/** An empty list, read where no place is pending (refillCourses). */
const NONE: readonly number[] = [];

/**
 * What refillCourses' ways of filling a course share over one hand-over: candidate lists drawn
 * up once per establishment and programme (keyed e x programmes + p), and who has moved.
 */
interface Refill {
  byEstablishment: number[][];
  candidates: Map<number, number[]>;
  waiting: Map<number, number[]>;
  referredWaiting: Map<number, number[]>;
  referred: Map<number, number[]>;
  referredBefore: Map<number, number[]>;
  partners: Map<number, OpeningPartners>;
  /** Once moved, a man is no one else's candidate or partner (pools were drawn up where he was). */
  moved: Set<number>;
  pendingAt: Map<number, number[]>;
}

export abstract class HandOverCourses extends HandOverRecords {
  /**
   * Places on courses under way whose warm-up person matched no one go to opening people who
   * are eligible for the programme, not yet on its list or through it, and free to start: first
   * the site's own, then, at a site others refer to (a hub), people of the referring prisons (the
   * other way round for a place a visitor held: ServiceSnapshot.visiting); each time men with no
   * place on its list first, and men waiting for it only when none is left.
   *
   * Why men not on the list first: at the warm-up's end the list and the courses are apart (the
   * men on a course left the list when it started), and the window must open with both. A course
   * filled from the list empties the list by as much: Swinfen Hall's C-SOTP and A-SOTP (men moved
   * in from the referring prisons on 11 courses under way each, lists of about 6 at the warm-up's
   * end) opened the window with 1.5 and 1.2 waiting, and year 1 started 19.7 and 11.0 against
   * 22.4 and 12.8 in years 2 and 3 (West Midlands, 40 replications).
   *
   * Why the referring prisons: a hub's courses under way hold men moved in for them (Dovegate's
   * DTC beds, 134 of 156 at the end of the West Midlands warm-up), whose segments the hub's own
   * tables hardly have. Left untaken, every such place refilled at week 0 as a start of the window
   * (Dovegate 210 starts and 15 completions in year 1 against 140 / 66 agreed): a false Notice of
   * Change made by the start, not the service. A referred man taking one is moved to the hub as a
   * referral start moves him, and one of the hub's own opening people goes the other way in his
   * place (swapOpening), so each prison opens with the headcount its tables give.
   */
  protected refillCourses(opening: number[]): void {
    const people = this.people;
    const untaken = this.snapshot?.untakenCourses() ?? [];
    if (untaken.length === 0) return;
    const byEstablishment = this.c.establishments.map((): number[] => []);
    for (let n = 0; n < opening.length; n++) byEstablishment[people.establishment[opening[n]]].push(opening[n]);
    // The pending places by list (listAt x programmes + programme), offsets into `pending` in its
    // order: waitingFor scanned every pending place for each list asked (2.4% of a national
    // replication: 61,479 places handed over, scanned for each list of 531 untaken courses).
    const pendingAt = new Map<number, number[]>();
    const snapshot = this.snapshot as NonNullable<typeof this.snapshot>;
    for (let k = 0; k < this.pending.length; k += 3) {
      const entry = this.pending[k + 2];
      const key = snapshot.entryListAt[entry] * this.c.programmes.length + snapshot.entryProgramme[entry];
      const at = pendingAt.get(key);
      if (at) at.push(k);
      else pendingAt.set(key, [k]);
    }
    const refill: Refill = {
      byEstablishment,
      candidates: new Map(),
      waiting: new Map(),
      referredWaiting: new Map(),
      referred: new Map(),
      referredBefore: new Map(),
      partners: new Map(),
      moved: new Set(),
      pendingAt,
    };
    // Each way of filling a course is a method of its own (not closures made per course): V8
    // compiled this one long function with its closures again and again in a Chromium worker.
    for (let c = 0; c < untaken.length; c++) {
      const course = untaken[c];
      // A visitor's place goes to a man of a referring prison first: given to one of the hub's
      // own, the hub opened with its own men on the course where its table counts a visitor, and
      // its own stayed over its table as the visitors came back (Swinfen Hall's sex offenders, 77
      // in its table: 76 at the opening, 83 a year on).
      const taken = course.visitor
        ? this.refillFromReferring(refill, course) || this.refillFromOwn(refill, course)
        : this.refillFromOwn(refill, course) || this.refillFromReferring(refill, course);
      // No one waiting or unreferred, here or at a referring prison: a man of the site whose
      // record holds a referral decision for it, his own first assessment deciding (as
      // referredCandidates). Else the place was lost and a bed unit opened below a running one's
      // occupancy (Wymott's TC after a settled warm-up: 3 of 47 stays under way a replication).
      if (!taken) this.refillFromDecided(refill, course);
    }
  }

  /** refillCourses: the site's own opening men who would join, then men waiting for it. */
  private refillFromOwn(refill: Refill, course: InheritedCourse): boolean {
    const e = course.establishment;
    const p = course.programme;
    const key = e * this.c.programmes.length + p;
    let pool = refill.candidates.get(key);
    if (!pool) {
      pool = refill.byEstablishment[e].filter((i) => this.wouldJoin(i, e, p, 0));
      refill.candidates.set(key, pool);
    }
    // Men waiting for it first (their places are handed over after this: joinPending).
    let queue = refill.waiting.get(key);
    if (!queue) {
      queue = this.waitingFor(e, p, false, refill.pendingAt.get(key) ?? NONE);
      refill.waiting.set(key, queue);
    }
    while (queue.length > 0 || pool.length > 0) {
      const listed = pool.length === 0;
      const i = takeAtRandom(listed ? queue : pool, this.matchRng.next());
      if (this.inheritUntaken(refill, course, i, listed)) return true;
    }
    return false;
  }

  /**
   * refillCourses: gives `course` to opening man i where he is free of courses (or it may run
   * beside his), stays to its end and has not moved; a place he holds on its list here is given
   * up for it where `leavesList`. Whether he took it.
   */
  private inheritUntaken(refill: Refill, course: InheritedCourse, i: number, leavesList: boolean): boolean {
    const people = this.people;
    const p = course.programme;
    const concurrent = this.c.programmes[p].definition.allowConcurrent;
    const free = people.activeCourses[i] === 0 || (concurrent && people.exclusiveCourses[i] === 0);
    if (!free || !this.staysToEnd(i, p, course.endWeek) || refill.moved.has(i)) return false;
    if (leavesList) this.takePending(i, p);
    people.markJoined(i, p);
    this.inheritCourse(i, course.establishment, p, course.endWeek, course.completes);
    return true;
  }

  /** refillCourses: a man of a prison that refers its need for p here, moved in for the course. */
  private refillFromReferring(refill: Refill, course: InheritedCourse): boolean {
    const people = this.people;
    const e = course.establishment;
    const p = course.programme;
    const key = e * this.c.programmes.length + p;
    let queued = refill.referredWaiting.get(key);
    let from = refill.referred.get(key);
    if (!queued || !from) {
      queued = this.waitingFor(e, p, true, refill.pendingAt.get(key) ?? NONE);
      const listed = new Set(queued);
      from = this.referredCandidates(refill.byEstablishment, e, p).filter((i) => !listed.has(i));
      refill.referredWaiting.set(key, queued);
      refill.referred.set(key, from);
    }
    let others = refill.partners.get(e);
    if (!others) {
      // The hub's own opening people with no course; those with no place on a list to leave
      // behind come first among equals (partnerFor).
      others = new OpeningPartners(
        refill.byEstablishment[e].filter((i) => people.activeCourses[i] === 0),
        people,
        this.c.offenceAttribute,
        this.c.sentenceAttribute,
      );
      refill.partners.set(e, others);
    }
    // Men of those prisons not waiting for it here first, then those waiting (their places on
    // lists at home lapse when they move: joinPending).
    while ((queued.length > 0 || from.length > 0) && others.men.length > 0) {
      const listed = from.length === 0;
      const pool = listed ? queued : from;
      const i = course.visitor ? this.takeClosest(pool, course.person) : takeAtRandom(pool, this.matchRng.next());
      if (refill.moved.has(i) || people.activeCourses[i] > 0 || !this.staysToEnd(i, p, course.endWeek)) continue;
      const home = people.establishment[i];
      const partner = this.partnerFor(others, home, refill.moved, this.matchRng.next(), i);
      if (partner < 0) continue;
      // Taken from either pool, a place he holds on p's list here is given up for the course.
      this.takePending(i, p);
      this.swapOpening(i, partner);
      refill.moved.add(i).add(partner);
      this.hubReturns?.referred(i, home, p); // back home after the course (hubReturns.ts)
      // The swap settled both prisons for him: nothing owed, no swap, when he goes home (lendAway).
      this.hubReturns?.markLent(i);
      people.markJoined(i, p);
      this.inheritCourse(i, e, p, course.endWeek, course.completes);
      return true;
    }
    return false;
  }

  /** refillCourses: a man of the site whose record holds a referral decision for the programme. */
  private refillFromDecided(refill: Refill, course: InheritedCourse): void {
    const e = course.establishment;
    const p = course.programme;
    const key = e * this.c.programmes.length + p;
    let decided = refill.referredBefore.get(key);
    if (!decided) {
      decided = refill.byEstablishment[e].filter(
        (i) => !this.wouldJoin(i, e, p, 0) && this.wouldJoin(i, e, p, 0, true),
      );
      refill.referredBefore.set(key, decided);
    }
    while (decided.length > 0) {
      const i = takeAtRandom(decided, this.matchRng.next());
      if (this.inheritUntaken(refill, course, i, true)) return;
    }
  }

  /**
   * Of `pool`, the man most like warm-up person d by sentence and then risk bands (OGRS, OSP, OVP),
   * at random among equals, taken out of it. Why: a visitor's place at a hub goes to a man of the
   * referring prisons, and drawn at random among all who would join, they were not the men the
   * list's order had sent: Stafford opened with 7.1 sex offenders of OGRS 25-49 on its courses
   * from elsewhere, where the warm-up's end held 4.5, and its own of that band, a place fewer
   * each, stayed 4 under its table when they went home (West Midlands, 30 replications).
   */
  private takeClosest(pool: number[], d: number): number {
    const people = this.people;
    const from = (this.snapshot as NonNullable<typeof this.snapshot>).people;
    const risk = this.swapRisk;
    const sentence = this.c.sentenceAttribute;
    const score = (j: number): number => {
      const [row, theirs] = [j * people.attributes, d * from.attributes];
      let s = people.codes[row + sentence] === from.codes[theirs + sentence] ? 1 << risk.length : 0;
      for (let r = 0; r < risk.length; r++)
        if (people.codes[row + risk[r]] === from.codes[theirs + risk[r]]) s |= 1 << (risk.length - 1 - r);
      return s;
    };
    let best = -1;
    let ties = 0;
    for (let k = 0; k < pool.length; k++) {
      const s = score(pool[k]);
      if (s > best) [best, ties] = [s, 1];
      else if (s === best) ties++;
    }
    // The n-th of the best, n drawn at random.
    let n = Math.floor(this.matchRng.next() * ties);
    for (let k = 0; k < pool.length; k++) {
      if (score(pool[k]) !== best || n-- > 0) continue;
      const i = pool[k];
      pool[k] = pool[pool.length - 1];
      pool.pop();
      return i;
    }
    return takeAtRandom(pool, this.matchRng.next());
  }

  /**
   * Opening people of the prisons that refer their need for p to e who would join its list, free
   * of courses. Their places on lists at home lapse when they move (joinPending). A referral
   * decision their record carried for p is set aside (their own first assessment decides): the
   * records of men on a hub's courses are the hub's, which its own opening people rarely share,
   * and with the decisions handed over too few of the referring prisons' men were left unassessed
   * to fill them (Swinfen Hall's A-SOTP: 6 of 11.5 courses under way a replication lost).
   */
  private referredCandidates(byEstablishment: number[][], e: number, p: number): number[] {
    const out: number[] = [];
    for (const x of this.c.establishments) {
      if (x.index === e || this.listFor(x.index, p) !== e) continue;
      for (const i of byEstablishment[x.index]) {
        if (this.people.activeCourses[i] === 0 && this.wouldJoin(i, x.index, p, 0, true)) out.push(i);
      }
    }
    return out;
  }

  /** Whether person i holds a place on any list (joined a programme not completed). */
  protected onAnyList(i: number): boolean {
    const people = this.people;
    for (let p = 0; p < this.programmeCount; p++) if (people.hasJoined(i, p) && !people.hasCompleted(i, p)) return true;
    return false;
  }

  /**
   * One of the hub's opening people `others` whose segment `home` receives (no remand prisoner
   * sent to a trainer), closest to referred man i, taken from the list; -1 when none is left.
   * Searched from a random place: the first of the best met walking on from there.
   */
  private partnerFor(others: OpeningPartners, home: number, moved: Set<number>, u: number, i: number): number {
    const n = others.men.length;
    const first = Math.floor(u * n);
    // The first of i's offence, sentence, time left and risk bands with no place on a list, else
    // the closest (hubReturns.ts openingPartnerScore): a partner of any segment moved the prisons'
    // opening mix off their tables (Stafford opened with 83 recalls against its table's 71).
    // Offence and sentence come first in the score, so where a man of i's can take it, the best
    // is among them, met in the same order (openingPartners.ts); else the walk is over everyone.
    const full = openingPartnerFull(this.swapRisk);
    const like = others.placesLike(i);
    const from = lowerBound(like, first);
    let best = -1;
    let bestScore = -1;
    for (let k = 0; k < like.length; k++) {
      const at = like[(from + k) % like.length];
      const score = this.partnerScore(others.men[at], home, moved, i);
      if (score > bestScore) [best, bestScore] = [at, score];
      if (score === full) break;
    }
    if (best < 0) {
      for (let k = 0; k < n; k++) {
        const at = (first + k) % n;
        const score = this.partnerScore(others.men[at], home, moved, i);
        if (score > bestScore) [best, bestScore] = [at, score];
        if (score === full) break;
      }
    }
    return best < 0 ? -1 : others.take(best);
  }

  /** How close opening man j is to referred man i as his partner (openingPartnerScore), or -1: he cannot be. */
  private partnerScore(j: number, home: number, moved: Set<number>, i: number): number {
    if (moved.has(j) || this.people.activeCourses[j] > 0) return -1;
    if (!this.segments.receives(home, this.segmentOf(j, home))) return -1;
    const c = this.c;
    return openingPartnerScore(
      this.people.codes,
      this.people.attributes,
      i,
      j,
      this.swapRisk,
      c.offenceAttribute,
      c.sentenceAttribute,
      c.timeLeftAttribute,
      !this.onAnyList(j),
    );
  }

  private swapOpening(i: number, j: number): void {
    const people = this.people;
    const T = this.c.tiers.length;
    const a = people.establishment[i];
    const b = people.establishment[j];
    for (const [k, from, to] of [
      [i, a, b],
      [j, b, a],
    ]) {
      this.caseload.leave(k);
      this.tierCount[from * T + people.tier[k]]--;
      this.tierCount[to * T + people.tier[k]]++;
      people.establishment[k] = to;
      this.candidateAt(k, to);
      this.caseload.enter(k, 0);
      const rate = this.c.establishments[to].transfersOutPerWeek;
      const depart = departWeekAfterMove(
        0,
        people.releaseWeek[k],
        rate,
        hashUniform(this.key, this.people.serial[k], to, MOVED_TRANSFER),
      );
      people.transferOut[k] = depart < people.releaseWeek[k] ? 1 : 0;
      rescheduleDeparture(people, this.departuresHead, k, depart);
    }
  }

  /**
   * Opening men holding a pending place on p's list at e whose need for it is still open: those
   * at e, or (`away`) those of the prisons that refer p to e. `among`: the offsets in `pending` to
   * look at (refillCourses groups them by list), else all.
   */
  protected waitingFor(e: number, p: number, away: boolean, among?: readonly number[]): number[] {
    const snapshot = this.snapshot as ServiceSnapshot;
    const out: number[] = [];
    const n = among ? among.length : this.pending.length / 3;
    for (let m = 0; m < n; m++) {
      const k = among ? among[m] : 3 * m;
      const i = this.pending[k];
      const entry = this.pending[k + 2];
      if (snapshot.entryProgramme[entry] !== p || snapshot.entryListAt[entry] !== e) continue;
      if ((this.people.establishment[i] === e) !== away && !this.needClosed(i, p)) out.push(i);
    }
    return out;
  }

  /** Person i gives up his pending place on p's list: he takes a course of p under way. */
  protected takePending(i: number, p: number): void {
    this.pendingTaken.add(i * this.c.programmes.length + p);
  }
}
