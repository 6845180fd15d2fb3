/**
 * One replication, week by week: the concrete class over the concept layers (replicationState.ts
 * up to changes.ts), which only says in what order each week runs them.
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
import { Changes } from './changes.js';
import type { WarmupEnd } from './warmup.js';
import { departWeekAfterMove, rescheduleDeparture } from './attrition.js';
import { hashUniform } from '../random/streams.js';
import { MOVED_TRANSFER } from './replicationState.js';
import { lowerBound, openingPartnerFull, openingPartnerScore } from './hubReturns.js';
import { OpeningPartners } from './openingPartners.js';
import { WITHDRAWN } from './unmetReasons.js';
import { COMPACT_AT, compactionDue, markLists, remapIndices, remapLists, renumber } from './compaction.js';

/** settleDeparted's "no week yet": below any week a place can close. */
const NO_WEEK = -0x80000000;
/** Compact at a warm-up's end once the table holds twice the people needed (warmUp). */
const HAND_OVER_COMPACT_AT = 2;

/** Takes the element at a uniform draw u out of the list (order not kept). */
function takeAtRandom(list: number[], u: number): number {
  const k = Math.floor(u * list.length);
  const i = list[k];
  list[k] = list[list.length - 1];
  list.pop();
  return i;
}

export class Replication extends Changes {
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
      const cells = e.stock.openingCells(e.populationTotal, this.populationRng);
      for (const cell of cells) this.arrive(e, cell, e.stock, 0, this.populationRng);
      this.target[e.index] = e.populationTotal;
    }
    const deferred = this.deferred;
    this.deferred = null;
    if (deferred) {
      this.inheritRecords(deferred);
      this.refillCourses(deferred);
      this.joinPending(deferred);
      this.openVisitors(deferred);
      this.inheritedBy = new Int32Array(0);
      for (let n = 0; n < deferred.length; n++) this.assess(deferred[n], this.people.establishment[deferred[n]], 0, -1);
    }
    this.opening = false;
  }

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
    // One candidate list per establishment and programme, drawn from at random.
    const candidates = new Map<number, number[]>();
    const waiting = new Map<number, number[]>();
    const referredWaiting = new Map<number, number[]>();
    const referred = new Map<number, number[]>();
    const referredBefore = new Map<number, number[]>();
    const partners = new Map<number, OpeningPartners>();
    // Once moved, a man is no one else's candidate or partner (pools were drawn up where he was).
    const moved = new Set<number>();
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
    const none: number[] = [];
    for (const course of untaken) {
      const e = course.establishment;
      const p = course.programme;
      const key = e * this.c.programmes.length + p;
      const concurrent = this.c.programmes[p].definition.allowConcurrent;
      // The site's own: men who would join, then men waiting for it.
      const fromOwn = (): boolean => {
        let pool = candidates.get(key);
        if (!pool) {
          pool = byEstablishment[e].filter((i) => this.wouldJoin(i, e, p, 0));
          candidates.set(key, pool);
        }
        // Men waiting for it first (their places are handed over after this: joinPending).
        let queue = waiting.get(key);
        if (!queue) {
          queue = this.waitingFor(e, p, false, pendingAt.get(key) ?? none);
          waiting.set(key, queue);
        }
        while (queue.length > 0 || pool.length > 0) {
          const listed = pool.length === 0;
          const i = takeAtRandom(listed ? queue : pool, this.matchRng.next());
          const free = people.activeCourses[i] === 0 || (concurrent && people.exclusiveCourses[i] === 0);
          if (!free || !this.staysToEnd(i, p, course.endWeek) || moved.has(i)) continue;
          if (listed) this.takePending(i, p);
          people.markJoined(i, p);
          this.inheritCourse(i, e, p, course.endWeek, course.completes);
          return true;
        }
        return false;
      };
      // A man of a prison that refers its need for p here, moved in for the course.
      const fromReferring = (): boolean => {
        let queued = referredWaiting.get(key);
        let from = referred.get(key);
        if (!queued || !from) {
          queued = this.waitingFor(e, p, true, pendingAt.get(key) ?? none);
          const listed = new Set(queued);
          from = this.referredCandidates(byEstablishment, e, p).filter((i) => !listed.has(i));
          referredWaiting.set(key, queued);
          referred.set(key, from);
        }
        let others = partners.get(e);
        if (!others) {
          // The hub's own opening people with no course; those with no place on a list to leave
          // behind come first among equals (partnerFor).
          others = new OpeningPartners(
            byEstablishment[e].filter((i) => people.activeCourses[i] === 0),
            people,
            this.c.offenceAttribute,
            this.c.sentenceAttribute,
          );
          partners.set(e, others);
        }
        // Men of those prisons not waiting for it here first, then those waiting (their places on
        // lists at home lapse when they move: joinPending).
        while ((queued.length > 0 || from.length > 0) && others.men.length > 0) {
          const listed = from.length === 0;
          const pool = listed ? queued : from;
          const i = course.visitor ? this.takeClosest(pool, course.person) : takeAtRandom(pool, this.matchRng.next());
          if (moved.has(i) || people.activeCourses[i] > 0 || !this.staysToEnd(i, p, course.endWeek)) continue;
          const home = people.establishment[i];
          const partner = this.partnerFor(others, home, moved, this.matchRng.next(), i);
          if (partner < 0) continue;
          // Taken from either pool, a place he holds on p's list here is given up for the course.
          this.takePending(i, p);
          this.swapOpening(i, partner);
          moved.add(i).add(partner);
          this.hubReturns?.referred(i, home, p); // back home after the course (hubReturns.ts)
          // The swap settled both prisons for him: nothing owed, no swap, when he goes home (lendAway).
          this.hubReturns?.markLent(i);
          people.markJoined(i, p);
          this.inheritCourse(i, e, p, course.endWeek, course.completes);
          return true;
        }
        return false;
      };
      // A visitor's place goes to a man of a referring prison first: given to one of the hub's
      // own, the hub opened with its own men on the course where its table counts a visitor, and
      // its own stayed over its table as the visitors came back (Swinfen Hall's sex offenders, 77
      // in its table: 76 at the opening, 83 a year on).
      let taken = course.visitor ? fromReferring() || fromOwn() : fromOwn() || fromReferring();
      // No one waiting or unreferred, here or at a referring prison: a man of the site whose
      // record holds a referral decision for it, his own first assessment deciding (as
      // referredCandidates). Else the place was lost and a bed unit opened below a running one's
      // occupancy (Wymott's TC after a settled warm-up: 3 of 47 stays under way a replication).
      if (!taken) {
        let decided = referredBefore.get(key);
        if (!decided) {
          decided = byEstablishment[e].filter((i) => !this.wouldJoin(i, e, p, 0) && this.wouldJoin(i, e, p, 0, true));
          referredBefore.set(key, decided);
        }
        while (decided.length > 0) {
          const i = takeAtRandom(decided, this.matchRng.next());
          const free = people.activeCourses[i] === 0 || (concurrent && people.exclusiveCourses[i] === 0);
          if (!free || !this.staysToEnd(i, p, course.endWeek) || moved.has(i)) continue;
          this.takePending(i, p);
          people.markJoined(i, p);
          this.inheritCourse(i, e, p, course.endWeek, course.completes);
          taken = true;
          break;
        }
      }
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
   * The men a running service holds at a hub between their course and their return home (the
   * warm-up's, ServiceSnapshot.awayAtHubs): for each, one of the hub's opening men of his offence
   * and sentence (the closest in risk bands, then one free of lists), still inside then, goes home
   * in his week of return, as a visitor would (custody.ts openVisitor).
   *
   * Why: the hub's table counts them, its own men being the rest, and the referring prison's
   * leaves them out. The opening swaps place the visitors on courses under way; without these,
   * the visitors in their weeks back (8 weeks of starts, about 40% of them) were the hub's own
   * for good, and the men referred in the first weeks came on top of them (two-prison test: the
   * hub's 4-years-plus sex offenders 40 -> 54 in year 1, home's 150 -> 144).
   */
  private openVisitors(opening: number[]): void {
    const away = this.snapshot?.awayAtHubs ?? [];
    if (away.length === 0 || this.hubReturns === null) return;
    const people = this.people;
    const from = (this.snapshot as NonNullable<typeof this.snapshot>).people;
    const c = this.c;
    const risk = this.swapRisk;
    const byHub = new Map<number, number[]>();
    for (const i of opening) {
      const e = people.establishment[i];
      const list = byHub.get(e);
      if (list) list.push(i);
      else byHub.set(e, [i]);
    }
    const taken = new Set<number>();
    for (let k = 0; k < away.length; k += 4) {
      const [d, home, back, p] = [away[k], away[k + 1], away[k + 2], away[k + 3]];
      // On his course: the opening man who took his record, and the course with it, is the visitor.
      if (back < 0) {
        const i = this.inheritedBy[d];
        if (i < 0 || p < 0 || people.establishment[i] !== from.establishment[d] || people.activeCourses[i] === 0)
          continue;
        if (this.hubReturns.homeOf(i) >= 0 || !this.segments.receives(home, this.segmentOf(i, home))) continue;
        taken.add(i);
        this.openVisitor(i, home, -1, p);
        continue;
      }
      if (back === 0 || back >= this.weeks) continue;
      const hub = from.establishment[d];
      const code = (a: number) => from.codes[d * from.attributes + a];
      let best = -1;
      let bestScore = -1;
      for (const j of byHub.get(hub) ?? []) {
        const row = j * people.attributes;
        if (taken.has(j) || people.activeCourses[j] > 0 || people.departWeek[j] <= back) continue;
        if (people.codes[row + c.offenceAttribute] !== code(c.offenceAttribute)) continue;
        if (people.codes[row + c.sentenceAttribute] !== code(c.sentenceAttribute)) continue;
        if (this.hubReturns.homeOf(j) >= 0 || !this.segments.receives(home, this.segmentOf(j, home))) continue;
        let score = 0;
        for (let r = 0; r < risk.length; r++)
          if (people.codes[row + risk[r]] === code(risk[r])) score |= 1 << (risk.length - r);
        if (!this.onAnyList(j)) score |= 1;
        if (score > bestScore) [best, bestScore] = [j, score];
      }
      if (best < 0) continue;
      taken.add(best);
      this.openVisitor(best, home, back, p);
    }
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
  private onAnyList(i: number): boolean {
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
   * Renumbers the table of people at the start of week w (compaction.ts): those inside and those
   * a list or a course under way still names are kept, in order, and every structure naming a
   * person is renumbered; the rest's slots are freed.
   */
  protected compact(w: number): void {
    const people = this.people;
    const count = people.count;
    if (this.compactionMap.length < count) this.compactionMap = new Int32Array(people.capacity);
    const map = this.compactionMap;
    this.settleDeparted(w, map);
    map.fill(-1, 0, count);
    markLists(this.lists, map);
    const courses = this.courses;
    let n = 0;
    for (let k = 0; k < courses.length; k++) {
      const course = courses[k];
      if (course.endWeek < w) continue;
      map[course.person] = 0;
      courses[n++] = course;
    }
    courses.length = n;
    const kept = renumber(people, w, map);
    people.compact(map, kept);
    remapLists(this.lists, map);
    for (const course of courses) course.person = map[course.person];
    for (let at = w; at < this.weeks; at++) {
      const head = this.departuresHead[at];
      if (head >= 0) this.departuresHead[at] = map[head];
      if (this.reassessBuckets[at].length > 0) remapIndices(this.reassessBuckets[at], map);
      if (this.sentenceBuckets[at].length > 0) remapIndices(this.sentenceBuckets[at], map);
    }
    this.assessmentsDue.remap(map, w);
    this.needs.remap(map, count, kept);
    this.caseload.remap(map, count, kept, w);
    this.hubReturns?.remap(map);
    this.remapCustody(map);
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

  /** Room in settleDeparted's scratch for `men` men gone and `needs` needs each, kept between compactions. */
  private goneScratch(men: number, needs: number): void {
    const grow = <T extends Int32Array | Int8Array | Uint8Array>(a: T, n: number): T => {
      if (a.length >= n) return a;
      const b = new (a.constructor as new (length: number) => T)(Math.max(1024, 2 * n));
      b.set(a);
      return b;
    };
    const rows = men * needs;
    this.gonePlaces = grow(this.gonePlaces, rows);
    this.goneLatest = grow(this.goneLatest, rows);
    this.goneReason = grow(this.goneReason, rows);
    this.goneDisagree = grow(this.goneDisagree, rows);
    this.goneBlocked = grow(this.goneBlocked, men);
  }

  private gonePlaces = new Int32Array(0);
  private goneLatest = new Int32Array(0);
  private goneReason = new Int8Array(0);
  private goneDisagree = new Uint8Array(0);
  private goneBlocked = new Uint8Array(0);

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
  private compactionMap = new Int32Array(0);
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
