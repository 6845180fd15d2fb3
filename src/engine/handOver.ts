/**
 * A running start's hand-over (warmup.ts): the window's opening people take the warm-up men's
 * service records (treatment history, referral decisions, places on lists, courses under way),
 * in passes that keep each prison's lists and courses where the warm-up left them. Runs once, at
 * the opening (replication.ts open); the weeks after are the other layers'. Its passes, each a
 * layer of its own: records taken (handOverRecords.ts); courses under way no record's taker can
 * keep given to someone else free and eligible, at a hub a man of the referring prisons moved in
 * for it (handOverCourses.ts); then, here, the places on lists, each live place once, and the men
 * a hub holds between their course and their return home, opened as visitors.
 */
import { ServiceSnapshot } from './serviceSnapshot.js';
import * as attrition from './attrition.js';
import { HandOverCourses } from './handOverCourses.js';
import { NO_ONE } from './handOverRecords.js';

// Imported values copied into module constants once, as custody.ts does: under tsx every read of
// an imported binding calls a getter.
const { rescheduleDeparture } = attrition;

/** Appends i to the list at key, making it. */
function push(map: Map<number, number[]>, key: number, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

export abstract class HandOver extends HandOverCourses {
  /**
   * Hands the warm-up's service records over to the opening men (all of them, inside at week 0),
   * before any is assessed: records first, then courses under way no taker kept, then places on
   * lists, then the men a hub holds between course and home.
   */
  protected handOver(opening: number[]): void {
    this.inheritRecords(opening);
    this.refillCourses(opening);
    this.joinPending(opening);
    this.openVisitors(opening);
    this.inheritedBy = NO_ONE;
  }

  /**
   * The list places handed over (inherit), once the courses under way are filled: each place live
   * at the warm-up's end once. A place handed to more than one opening man goes to the first who
   * can keep it; the others, and the places no one could keep or no one was handed (whose warm-up
   * man had the time to start), are matched up at the warm-up man's prison: such a place goes to
   * one of the men left without one there, else to a man there who would join the list now
   * (heirs); a man left without a place is assessed in week 0 as a newcomer.
   *
   * Why: records are matched by segment and time-left class, and a man who finds none of his own
   * takes one of another class, or a history-only, programme or lapsed place's record drawn with
   * replacement (inherit, inheritProgramme, openState). So a warm-up place went to two or three
   * opening men, or to one with too little time to start (dropped here), or to no one (its man's
   * record untaken); the lists opened wherever those happened to balance. West Midlands (probes of
   * 4 and 6 replications), Stafford's C-SOTP, a hub whose list is held by long-sentence men at the
   * referring prisons: of 258 places handed over, 214 reached an opening man, 56 a second one,
   * 32 a man with too little time (their warm-up men had 196 weeks left on average, the takers
   * 18); it opened at 220 live places against the warm-up's 237, and stayed under it into year 3
   * (those men would have waited years). Dovegate's DTC: 127 places, 106 reached, 44 twice.
   * Each place once, C-SOTP opens at 232 and ends year 3 at 229 (20 replications; 216 and 239
   * before).
   */
  private joinPending(opening: readonly number[]): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    const people = this.people;
    const P = this.c.programmes.length;
    const handed = this.scratch.uint8('handOver.handed', snapshot.entryProgramme.length);
    // A place still one at the window's start: its warm-up man's window was open. For the first
    // stage of a pathway that is the time to finish it and start the later stage he needed, not
    // the stage's least time left alone: read so, places whose window had closed were handed on as
    // live (a prison of 600 with a pathway need, runningStartPathway.test: 11% more places than
    // the warm-up held live).
    const live = (k: number) =>
      snapshot.weeksLeft(snapshot.entryPerson[k]) >=
      Math.max(
        this.minWeeksLeft[snapshot.entryProgramme[k]],
        snapshot.windowOf(snapshot.entryPerson[k], snapshot.entryProgramme[k]),
      );
    // Men whose place was another's already, by prison and programme (e x P + p).
    const waiting = new Map<number, number[]>();
    for (let n = 0; n < this.pending.length; n += 3) {
      const i = this.pending[n];
      const e = this.pending[n + 1];
      const k = this.pending[n + 2];
      const p = snapshot.entryProgramme[k];
      if (this.pendingTaken.has(i * P + p)) {
        handed[k] = 1;
        continue;
      }
      // Moved to a hub for a course under way (refillCourses): a place on a list neither here
      // nor where he is lapses, as a move would leave it (warmup.ts does the same for the warm-up's).
      const listAt = snapshot.entryListAt[k];
      const at = people.establishment[i];
      if (at !== e && listAt !== at) {
        people.joined[i * people.words + (p >>> 5)] &= ~(1 << (p & 31));
        handed[k] = 1;
        continue;
      }
      // A place on an alternative of a need met or under way before the window was withdrawn then.
      // No window left for this person: not need, as assess() would judge a newcomer, by his whole
      // pathway's window (windowFor plans it, and his place closes by it). By the stage's least time
      // left alone, men with too little time for the pathway took places and held them past their
      // window (region-today's sex-offender site: 114 of Horizon's 135 places at the start).
      if (people.releaseWeek[i] < this.windowFor(i, e, p, 0) || this.needClosedTo(i, p)) {
        people.joined[i * people.words + (p >>> 5)] &= ~(1 << (p & 31));
        continue;
      }
      // Handed to another already, or a place whose man had too little time left to start (it
      // was no longer one): he waits for a place no one kept.
      if (handed[k] || !live(k)) {
        push(waiting, e * P + p, i);
        continue;
      }
      handed[k] = 1;
      this.joinAt(i, e, listAt, p, snapshot.entryJoinWeek[k]);
    }
    // The places no one kept whose warm-up man had the time: to a man left without one, or an heir.
    const heirs = this.heirs(opening);
    const from = snapshot.people;
    // In the order of the warm-up men's serials, not of the snapshot's entries: those follow the
    // warm-up's table, whose order compaction changes (compaction.test).
    const unkept: number[] = [];
    for (let k = 0; k < handed.length; k++) if (!handed[k] && live(k)) unkept.push(k);
    const serialOf = (k: number) => from.serial[snapshot.entryPerson[k]];
    unkept.sort(
      (a, b) =>
        serialOf(a) - serialOf(b) ||
        snapshot.entryProgramme[a] - snapshot.entryProgramme[b] ||
        snapshot.entryListAt[a] - snapshot.entryListAt[b],
    );
    for (let n = 0; n < unkept.length; n++) {
      const k = unkept[n];
      const p = snapshot.entryProgramme[k];
      const d = snapshot.entryPerson[k];
      const e = from.establishment[d];
      const left = waiting.get(e * P + p);
      const i = left && left.length > 0 ? (left.pop() as number) : heirs(e, p);
      if (i < 0) continue;
      people.clearReferral(i, p);
      people.markJoined(i, p);
      this.joinAt(i, e, snapshot.entryListAt[k], p, snapshot.entryJoinWeek[k]);
    }
    for (const [key, left] of waiting) for (const i of left) people.clearReferral(i, key % P);
    this.pending = [];
    this.pendingTaken.clear();
  }

  /**
   * Heirs to list places (joinPending): a function giving an opening man at e, on no course (free
   * to start, as refillCourses), who would join p's list now (wouldJoin: eligible, the time to
   * start, found suitable by his first assessment), whatever his record decided for p, drawn at
   * random from the prison's opening men, each once a programme, or -1; not one holding a place
   * on p handed over.
   *
   * Why on no course: wouldJoin reads a course under way only through the need it started, and a
   * programme no declared need names has none (needs.test: no needs and one need a programme
   * give the same numbers).
   */
  private heirs(opening: readonly number[]): (e: number, p: number) => number {
    const people = this.people;
    const snapshot = this.snapshot as ServiceSnapshot;
    const byEstablishment = new Map<number, number[]>();
    for (const i of opening) push(byEstablishment, people.establishment[i], i);
    // Marks by person x programmes + programme, in one typed array, not two Sets of numbers: each man
    // drawn is asked of both (Stafford: 2,700 draws a replication, a pool drained where few would
    // join). `held`: 1 holding a place on p handed over, 2 taken as an heir of p.
    const held = this.scratch.uint8('handOver.held', people.count * this.programmeCount);
    for (let n = 0; n < this.pending.length; n += 3)
      held[this.pending[n] * this.programmeCount + snapshot.entryProgramme[this.pending[n + 2]]] = 1;
    const pools = new Map<number, number[]>();
    return (e, p) => {
      const key = e * this.programmeCount + p;
      let pool = pools.get(key);
      if (!pool) {
        pool = (byEstablishment.get(e) ?? []).slice();
        pools.set(key, pool);
      }
      while (pool.length > 0) {
        const k = Math.floor(this.matchRng.next() * pool.length);
        const i = pool[k];
        pool[k] = pool[pool.length - 1];
        pool.pop();
        const at = i * this.programmeCount + p;
        if (held[at] !== 0 || people.establishment[i] !== e) continue;
        if (this.c.release.shutOut(people.codes[i * people.attributes + this.c.sentenceAttribute])) continue;
        if (people.activeCourses[i] > 0 || !this.wouldJoin(i, e, p, 0, true)) continue;
        held[at] = 2;
        return i;
      }
      return -1;
    };
  }

  /**
   * The men a running service holds at a hub between their course and their return home (the
   * warm-up's, ServiceSnapshot.awayAtHubs): for each, one of the hub's opening men of his offence
   * and sentence (the closest in risk bands, then one free of lists), still inside then, goes home
   * in his week of return, as a visitor would (openVisitor).
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
   * Opening man j at a hub stands for a warm-up visitor between his course and his return
   * (openVisitors): he goes home to `home` in week `back`, with nothing owed
   * either side (lendAway's accounting: the hub's table counted him, home's did not).
   */
  private openVisitor(j: number, home: number, back: number, p: number): void {
    const people = this.people;
    this.referredIn.add(j);
    if (back < 0) {
      // On his course: back home after it (hubReturns.ts afterCourse), and not on the hub's
      // transfers meanwhile (moves.ts move).
      this.hubReturns!.referred(j, home, p);
      this.hubReturns!.markLent(j);
      if (people.transferOut[j] === 1 && people.departWeek[j] < people.releaseWeek[j]) {
        people.transferOut[j] = 0;
        rescheduleDeparture(people, this.departuresHead, j, people.releaseWeek[j]);
      }
      return;
    }
    this.hubReturns!.returnsAt(j, home);
    people.transferOut[j] = 1;
    rescheduleDeparture(people, this.departuresHead, j, back);
  }

  /**
   * Whether entry k of programme p's list at `listAt` is still a place in week `week` (a warm-up's
   * last week, for its hand-over: serviceSnapshot.ts WarmupEnd.live): not withdrawn because its man started
   * another alternative of the need. Only that: whether the window is still open by time left is
   * the taker's to decide (his own release week), not the warm-up man's, whose time left the
   * match reads only by band; a closed-stock test (domain rules, "those who do start have time
   * to finish") lost every start when a warm-up man's closed window withdrew the taker's place.
   */
  stillWaiting(listAt: number, p: number, k: number, week: number): boolean {
    return this.withdrawnWeek(this.lists[listAt][p], k, p) > week;
  }

  /** Person i's window for programme p, in weeks before release (WarmupEnd.windowWeeks). */
  placeWindow(i: number, p: number): number {
    return this.windowWeeks(i, p);
  }

  /** The week person i's need n was started, or Infinity (WarmupEnd.needStart). */
  needStartWeek(i: number, n: number): number {
    return this.needs.startedAt(i * this.needCount + n);
  }
}
