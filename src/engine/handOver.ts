/**
 * A running start's hand-over (warmup.ts): the window's opening people take the warm-up men's
 * service records (treatment history, referral decisions, places on lists, courses under way),
 * in passes that keep each prison's lists and courses where the warm-up left them; courses under
 * way no record's taker can keep go to someone else free and eligible, at a hub a man of the
 * referring prisons moved in for it (one of the hub's own going the other way in his place); and
 * men a hub holds between their course and their return home open as visitors. Runs once, at the
 * opening (replication.ts open); the weeks after are the other layers'.
 */
import * as layout from './layout.js';
import * as streams from '../random/streams.js';
import { NO_RECORD as NO_RECORD_IMPORTED, ServiceSnapshot, type InheritedCourse } from './serviceSnapshot.js';
import * as attrition from './attrition.js';
import * as assessment from './assessment.js';
import * as state from './replicationState.js';
import { lowerBound, openingPartnerFull, openingPartnerScore } from './hubReturns.js';
import { OpeningPartners } from './openingPartners.js';
import * as criteria from '../rules/criteria.js';
import { Changes } from './changes.js';

// Imported values read for every opening man copied into module constants once, as custody.ts
// does: under tsx every read of an imported binding calls a getter.
const { O } = layout;
const { hashUniform } = streams;
const NO_RECORD = NO_RECORD_IMPORTED;
const { departWeekAfterMove, rescheduleDeparture } = attrition;
const { AssessmentKind } = assessment;
const { MOVED_TRANSFER } = state;
const { DEPENDS } = criteria;
/** inheritedBy outside a running start's opening: no warm-up people. */
const NO_ONE = new Int32Array(0);

/** Takes the element at a uniform draw u out of the list (order not kept). */
function takeAtRandom(list: number[], u: number): number {
  const k = Math.floor(u * list.length);
  const i = list[k];
  list[k] = list[list.length - 1];
  list.pop();
  return i;
}

/** Appends i to the list at key, making it. */
function push(map: Map<number, number[]>, key: number, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
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

export abstract class HandOver extends Changes {
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
   * List places handed over, joined once the courses under way are filled (joinPending): (person,
   * establishment, entry index in the snapshot) triples. Why wait: a place on a course whose
   * record found no taker goes to a man waiting for it where no one else eligible is free to take
   * it (refillCourses); a man already on its list was no one's candidate (Stafford, two-year
   * warm-up: 2.2 of C-SOTP's 17 courses under way a replication lost, a year-1 dip of 1.5
   * completions against years 2 and 3).
   */
  private pending: number[] = [];

  /** Pending places (person x programmes + programme) given up for a course under way. */
  private readonly pendingTaken = new Set<number>();

  /**
   * Per warm-up person, the opening man who took his full record (inherit), or -1, for
   * openVisitors. An array, not a Map: most opening men set one (national: 85,000 a replication),
   * and the Map's growth was a third of inherit's own time.
   */
  private inheritedBy = this.snapshot
    ? this.scratch.int32('handOver.inheritedBy', this.snapshot.people.count, -1)
    : NO_ONE;

  /**
   * The opening men of a running start take on warm-up men's service records (ServiceSnapshot
   * recordFor), in two passes: each a record of his own segment and time-left class, then those
   * left without one a record of the nearest class with records left, or the history alone.
   *
   * Why two passes: matched as they arrived, a man of a class the warm-up holds too few of took
   * a nearby class's record before that class's own men arrived, and they in turn took another
   * class's. Wymott (60 replications): 847 of 1,111 opening men take a record of their own class,
   * 764 in one pass; the lists and courses handed over differ little (TSP 427 waiting against 424).
   */
  private inheritRecords(opening: readonly number[]): void {
    const people = this.people;
    const snapshot = this.snapshot;
    const left: number[] = [];
    // Indexed loops over the opening men here and in replication.ts open: these run once a
    // replication, mostly before V8 optimises them, and there a for-of allocated a result object
    // a man (national: about 3 MB a replication in this loop).
    for (let n = 0; n < opening.length; n++) {
      const i = opening[n];
      const e = people.establishment[i];
      const row = i * people.attributes;
      const donor = snapshot
        ? snapshot.recordFor(e, people.codes, row, people.releaseWeek[i], this.matchRng, false)
        : NO_RECORD;
      if (donor !== NO_RECORD) {
        this.inherit(i, e, donor);
        this.scheduleReassessments(i, e, 0);
      } else left.push(i);
    }
    for (let n = 0; n < left.length; n++) {
      const i = left[n];
      const e = people.establishment[i];
      const row = i * people.attributes;
      const donor = snapshot?.recordFor(e, people.codes, row, people.releaseWeek[i], this.matchRng) ?? NO_RECORD;
      if (donor !== NO_RECORD) this.inherit(i, e, donor);
      else if (snapshot)
        for (const r of snapshot.programmeRecords(e, people.codes, row, this.matchRng))
          this.inheritProgramme(i, e, r.programme, r.donor);
      this.scheduleReassessments(i, e, 0);
    }
  }

  /**
   * A person opening a running start takes on a warm-up person's service record: programmes
   * completed, places on lists (kept only while this person can still finish a course) and
   * courses under way. Whatever it leaves open, assess() does as for a newcomer.
   */
  private inherit(i: number, e: number, donor: number): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    const from = snapshot.people;
    const people = this.people;
    const at = i * people.words;
    // A history-only record (no one of the same time left to match: warmup.ts): all but the
    // courses under way, which he might not stay to finish.
    const full = donor >= 0;
    const d = full ? donor : -2 - donor;
    if (full) this.inheritedBy[d] = i;
    for (let k = 0; k < people.words; k++) people.completed[at + k] = from.completed[d * from.words + k];
    // Referral decisions too: joined, and assessed and not put on the list (not suitable, or not
    // ready until a reassessment, handed over below). Why: an opening man whose warm-up person had
    // been found not suitable was assessed again by his own draw at week 0, and joined the list as
    // in a cold start with the chance of a first assessment (Stafford, 26-week warm-up: TSP's list
    // at the start 433 where the warm-up left 385; C-SOTP 103 where it left 79).
    for (let k = 0; k < people.words; k++) {
      people.joined[at + k] = from.joined[d * from.words + k];
      people.assessed[at + k] = from.assessed[d * from.words + k];
    }
    // A course he would leave before it ends (released or moved on within his time-left band)
    // passes to someone else eligible who stays (refillCourses), and he is assessed for it as a
    // newcomer, as is a man of a history-only record: else the course's end was lost (Stafford,
    // two-year warm-up: 2 of C-SOTP's 17 courses under way a replication, a year-1 dip of 1.2
    // completions against years 2 and 3).
    // The snapshot's linked lists walked in place (firstCourse...): no copy per opening man.
    const kept = this.keptCourses;
    kept.length = 0;
    for (let c = snapshot.firstCourse(d); c >= 0; c = snapshot.nextCourse(c))
      if (full && this.staysToEnd(i, snapshot.courseProgramme[c], snapshot.courseEndWeek[c])) kept.push(c);
    const declined = this.declinedNeeds;
    declined.fill(0);
    for (let c = snapshot.firstCourse(d), n = 0; c >= 0; c = snapshot.nextCourse(c)) {
      const p = snapshot.courseProgramme[c];
      if (n < kept.length && kept[n] === c) {
        n++;
        this.needStartedBefore(i, e, p);
      } else {
        if (this.c.needs.needOf[p] >= 0) declined[this.c.needs.needOf[p]] = 1;
        people.joined[at + (p >>> 5)] &= ~(1 << (p & 31));
        if (full)
          snapshot.decline({
            programme: p,
            endWeek: snapshot.courseEndWeek[c],
            completes: snapshot.courseCompletes[c],
            establishment: from.establishment[d],
            visitor: snapshot.visiting[d] === 1,
            person: d,
          });
      }
    }
    this.needsStartedBefore(i, e, d, declined);
    const later = this.referralsLater(i, e, kept);
    for (let k = snapshot.firstEntry(d); k >= 0; k = snapshot.nextEntry(k))
      if (later[snapshot.entryProgramme[k]] === 0) this.pending.push(i, e, k);
    for (let n = 0; n < kept.length; n++) {
      const c = kept[n];
      this.inheritCourse(i, e, snapshot.courseProgramme[c], snapshot.courseEndWeek[c], snapshot.courseCompletes[c]);
    }
    for (let p = 0; p < this.programmeCount; p++) {
      if (later[p] === 0 && people.hasJoined(i, p) && this.placeLapsed(i, p, d)) this.openState(i, e, p);
    }
    // A drop-out's re-referral due in the window (warmup.ts).
    for (let r = snapshot.firstReReferral(d); r >= 0; r = snapshot.nextReReferral(r))
      this.assessmentsDue.schedule(
        snapshot.reReferralWeek[r],
        i,
        snapshot.reReferralProgramme[r],
        snapshot.reReferralReassessment[r] ? AssessmentKind.Reassessment : AssessmentKind.ReReferral,
      );
  }

  /** Per need, 1 where the record's course under way of it was declined (inherit); reused. */
  private readonly declinedNeeds = new Uint8Array(this.needCount);

  /**
   * The needs warm-up person d had started and left no course of under way (a course begun and
   * left, or a first stage completed, in the warm-up or in the history before it): started before
   * the window for opening man i too, in d's week, with i's pathway planned; and d's re-referrals
   * (people.referredAgain), so the place of a drop-out referred again is his still. Not where d's
   * course under way was declined: i is assessed for it as a newcomer.
   *
   * Why: the record's joined marks keep i off the need's lists, but a need not counted started
   * was counted anew when a re-referral or reassessment put him on one in the window, and a later
   * stage's completion was not the need's (region-today, 10 replications: 1.9 a replication of the
   * Healthy Sex Programme's; Stafford and Wymott: 0.7% and 0.5% of their first need's joins).
   */
  private needsStartedBefore(i: number, e: number, d: number, declined: Uint8Array): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    const people = this.people;
    for (let k = 0; k < people.words; k++)
      people.referredAgain[i * people.words + k] = snapshot.people.referredAgain[d * people.words + k];
    for (let n = 0; n < this.needCount; n++) {
      if (declined[n] === 1) continue;
      // Started in the warm-up, or before it: a first stage completed (a derived or stated history).
      const week = snapshot.needStartWeek(d, n);
      if (week === Infinity && !this.completedFirstStage(i, n)) continue;
      this.startedBeforeWindow(i, e, n, week);
    }
  }

  /** Need n of opening man i at e started before the window, in `week` (at latest -1), his pathway planned. */
  private startedBeforeWindow(i: number, e: number, n: number, week: number): void {
    const at = i * this.needCount + n;
    this.needs.startedBefore(at, e, Math.min(-1, week));
    if (this.needs.rest[at] < 0) this.planPathway(i, e, n, 0);
  }

  /** Whether person i has completed one of need n's first-stage programmes. */
  private completedFirstStage(i: number, n: number): boolean {
    const first = this.c.needs.declared[n].stages[0];
    for (let a = 0; a < first.length; a++) if (this.people.hasCompleted(i, first[a])) return true;
    return false;
  }

  /** The courses under way an opening man keeps (inherit), as snapshot course indices in list order; reused. */
  private readonly keptCourses: number[] = [];

  /** Per programme, 1 where the man being handed over joins it later (referralsLater); reused. */
  private readonly joinsLaterFlags = new Uint8Array(this.c.programmes.length);

  /**
   * The programmes (1 in the returned flags, indexed by programme; reused, so read before the next
   * call) whose referral state opening man i at e does not take from his record because he joins
   * them later (joinsLater), but for those he is on a course of (`kept`, snapshot course indices
   * into ServiceSnapshot.courseProgramme): their referral decisions
   * are cleared, so he is assessed when his time left reaches their rules, and his record's places
   * on their lists are not his (inherit).
   */
  private referralsLater(i: number, e: number, kept: readonly number[]): Uint8Array {
    const later = this.joinsLaterFlags;
    later.fill(0);
    const dependent = this.c.timeDependent;
    const courseProgramme = (this.snapshot as ServiceSnapshot).courseProgramme;
    for (let k = 0; k < dependent.length; k++) {
      const p = dependent[k];
      if (this.keeps(kept, courseProgramme, p) || !this.joinsLater(i, e, p)) continue;
      this.people.clearReferral(i, p);
      later[p] = 1;
    }
    return later;
  }

  /** Whether one of the `kept` courses (snapshot course indices) is of programme p. */
  private keeps(kept: readonly number[], courseProgramme: readonly number[], p: number): boolean {
    for (let n = 0; n < kept.length; n++) if (courseProgramme[kept[n]] === p) return true;
    return false;
  }

  /**
   * Whether programme p's rule at e shuts opening man i out now and lets him in later, as his
   * time left falls past one of the rules' thresholds (reassessBeforeRelease): then a running
   * service holds no place of his on p's list and no decision on his referral; he is referred at
   * that threshold (scheduleReassessments).
   *
   * Why: a record is matched by segment and time-left class, but a man of a class the warm-up
   * holds too few of takes a nearby class's record, a history-only record is of any time left, and
   * a programme record (programmeRecords) of anyone the programme is open to. Taken whole, a
   * record of a man nearer release passed on his place on a list open only near release to a man
   * further from it, and the joined mark kept that man from being referred when his time came.
   * Hewell's FOR (the last 26 weeks before release; West Midlands, 3 replications): 26 of the 336
   * places live when the window opened were held by men with more than 26 weeks to serve, where
   * the warm-up's list held none; they left it slowly over the year.
   */
  private joinsLater(i: number, e: number, p: number): boolean {
    const rule = this.eligibility[e][p];
    const people = this.people;
    const s = this.subject;
    s.i = i;
    s.week = 0;
    if (rule.lookup.valueFor(people.codes, i * people.attributes, s) !== DEPENDS || rule.criterion.test(s))
      return false;
    const release = people.releaseWeek[i];
    const thresholds = this.c.reassessBeforeRelease;
    let later = false;
    for (let k = 0; k < thresholds.length && !later; k++) {
      const at = release - thresholds[k];
      if (at <= 0) continue;
      s.week = at;
      later = rule.criterion.test(s);
    }
    s.week = 0;
    return later;
  }

  /**
   * Whether warm-up person d's state for programme p, handed to opening man i, is a place that
   * lapsed because d's window had closed by the hand-over (no place live, no course under way, no
   * re-referral due, not completed), where i has the time left to start p: then it is not i's.
   *
   * Why: a record is matched by segment and time-left class, but a man of a class the warm-up
   * holds too few of takes a nearby class's record, and a history-only or programme record is of
   * any time left. Taken whole, the joined mark of a man nearer release than p's window kept its
   * taker, with time to start, off p's list and from ever being referred while he stayed. West
   * Midlands (16 replications): of the TSP-eligible sentenced men with 26 weeks or more to serve,
   * 37 at Hewell and 20 at Birmingham held a joined mark and no place when the window opened,
   * against 19 (the men on a course) and 1 at the warm-up's end; their lists opened about 20 under
   * the warm-up's (180 against 196, 241 against 265) and rose by as much through year 1 as those
   * men left.
   */
  private placeLapsed(i: number, p: number, d: number): boolean {
    const snapshot = this.snapshot as ServiceSnapshot;
    const minimum = this.minWeeksLeft[p];
    if (snapshot.weeksLeft(d) >= minimum || this.people.releaseWeek[i] < minimum) return false;
    if (snapshot.people.hasCompleted(d, p)) return false;
    // The snapshot's linked lists walked in place, not its generators: this is asked of every
    // programme of most opening men, and each generator allocated (an object per course too).
    for (let k = snapshot.firstEntry(d); k >= 0; k = snapshot.nextEntry(k))
      if (snapshot.entryProgramme[k] === p) return false;
    for (let c = snapshot.firstCourse(d); c >= 0; c = snapshot.nextCourse(c))
      if (snapshot.courseProgramme[c] === p) return false;
    for (let r = snapshot.firstReReferral(d); r >= 0; r = snapshot.nextReReferral(r))
      if (snapshot.reReferralProgramme[r] === p) return false;
    return true;
  }

  /**
   * Opening man i's state for programme p, in place of a lapsed place (placeLapsed): that of a
   * warm-up person at e whom p is open to and of his time left (ServiceSnapshot.openRecord), or,
   * with none, no decision (he is assessed for p in week 0 as a newcomer).
   */
  private openState(i: number, e: number, p: number): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    this.people.clearReferral(i, p);
    const d = snapshot.openRecord(e, p, this.people.releaseWeek[i], this.minWeeksLeft[p], this.matchRng);
    if (d !== NO_RECORD) this.inheritProgramme(i, e, p, d);
  }

  /**
   * A man with no record takes, programme by programme, the state of a warm-up person that
   * programme is open to (ServiceSnapshot.programmeRecords): completed or not, joined or assessed,
   * his place on its list (while this man can still finish a course) and a reassessment or
   * re-referral due. Not a course under way: with one, he is assessed for it as a newcomer.
   */
  private inheritProgramme(i: number, e: number, p: number, d: number): void {
    const snapshot = this.snapshot as ServiceSnapshot;
    const from = snapshot.people;
    const people = this.people;
    if (from.hasJoined(d, p) && this.placeLapsed(i, p, d)) {
      const open = snapshot.openRecord(e, p, people.releaseWeek[i], this.minWeeksLeft[p], this.matchRng);
      if (open !== NO_RECORD) d = open;
    }
    if (from.hasCompleted(d, p)) {
      people.markCompleted(i, p);
      // A first stage completed: the need was started before the window (needsStartedBefore).
      const n = this.firstStageNeed[p];
      if (n >= 0) this.startedBeforeWindow(i, e, n, snapshot.needStartWeek(d, n));
    }
    for (let c = snapshot.firstCourse(d); c >= 0; c = snapshot.nextCourse(c))
      if (snapshot.courseProgramme[c] === p) return;
    // Not his to take yet: he is referred when his time left reaches the rule (joinsLater).
    if (this.joinsLater(i, e, p)) return;
    if (from.hasJoined(d, p)) people.markJoined(i, p);
    const word = (p >>> 5) + d * from.words;
    if ((from.assessed[word] & (1 << (p & 31))) !== 0) people.markAssessed(i, p);
    for (let k = snapshot.firstEntry(d); k >= 0; k = snapshot.nextEntry(k))
      if (snapshot.entryProgramme[k] === p) this.pending.push(i, e, k);
    for (let r = snapshot.firstReReferral(d); r >= 0; r = snapshot.nextReReferral(r))
      if (snapshot.reReferralProgramme[r] === p)
        this.assessmentsDue.schedule(
          snapshot.reReferralWeek[r],
          i,
          p,
          snapshot.reReferralReassessment[r] ? AssessmentKind.Reassessment : AssessmentKind.ReReferral,
        );
  }

  /** A course started before the window, under way when it opens. */
  private inheritCourse(i: number, e: number, p: number, endWeek: number, completes: boolean): void {
    const people = this.people;
    people.activeCourses[i]++;
    if (!this.c.programmes[p].definition.allowConcurrent) people.exclusiveCourses[i]++;
    this.needStartedBefore(i, e, p);
    this.beginCourse(i, e, p, endWeek, completes);
    this.countOutcome(e, p, O.inProgressAtStart, i, 0);
  }

  /**
   * Whether person i, put on a course of p ending at `endWeek` now, would be there at its end
   * (beginCourse): he leaves at or after it, or his departure is a transfer the course holds
   * (attrition.ts) and he is released at or after it.
   *
   * Why not his departure week alone: a transfer out drawn before a course's end waits for the end
   * once he is on it, as it did in the warm-up. Judged by the transfer, a course under way was
   * declined by the man who took its record and often found no one else free and eligible (Wymott's
   * TC, 70 beds of 52-week stays: 6 of 47 stays under way a replication lost at the hand-over, a
   * year-1 dip in completions once the warm-up had settled).
   */
  private staysToEnd(i: number, p: number, endWeek: number): boolean {
    const people = this.people;
    if (people.departWeek[i] >= endWeek) return true;
    return this.c.programmes[p].definition.heldOnCourse && people.releaseWeek[i] >= endWeek;
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
  private refillCourses(opening: number[]): void {
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
   * Opening men holding a pending place on p's list at e whose need for it is still open: those
   * at e, or (`away`) those of the prisons that refer p to e. `among`: the offsets in `pending` to
   * look at (refillCourses groups them by list), else all.
   */
  private waitingFor(e: number, p: number, away: boolean, among?: readonly number[]): number[] {
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
  private takePending(i: number, p: number): void {
    this.pendingTaken.add(i * this.c.programmes.length + p);
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
   * in his week of return, as a visitor would (handOver.ts openVisitor).
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
   * (handOver.ts openVisitors): he goes home to `home` in week `back`, with nothing owed
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
