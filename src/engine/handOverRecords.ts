/**
 * A running start's hand-over (handOver.ts), its first pass: each opening man takes a warm-up
 * man's service record (treatment history, referral decisions, places on lists, courses under
 * way), matched by segment and time left (ServiceSnapshot recordFor). The places he takes wait
 * (pending) until the courses under way no taker kept are filled (handOverCourses.ts).
 */
import * as layout from './layout.js';
import type { ServiceSnapshot } from './serviceSnapshot.js';
import { NO_RECORD as NO_RECORD_IMPORTED } from './recordGroups.js';
import * as assessment from './assessment.js';
import * as criteria from '../rules/criteria.js';
import { Changes } from './changes.js';

// Imported values read for every opening man copied into module constants once, as custody.ts
// does: under tsx every read of an imported binding calls a getter.
const { O } = layout;
const NO_RECORD = NO_RECORD_IMPORTED;
const { AssessmentKind } = assessment;
const { DEPENDS } = criteria;
/** inheritedBy outside a running start's opening: no warm-up people. */
export const NO_ONE = new Int32Array(0);

export abstract class HandOverRecords extends Changes {
  /**
   * List places handed over, joined once the courses under way are filled (joinPending): (person,
   * establishment, entry index in the snapshot) triples. Why wait: a place on a course whose
   * record found no taker goes to a man waiting for it where no one else eligible is free to take
   * it (refillCourses); a man already on its list was no one's candidate (Stafford, two-year
   * warm-up: 2.2 of C-SOTP's 17 courses under way a replication lost, a year-1 dip of 1.5
   * completions against years 2 and 3).
   */
  protected pending: number[] = [];

  /** Pending places (person x programmes + programme) given up for a course under way. */
  protected readonly pendingTaken = new Set<number>();

  /**
   * Per warm-up person, the opening man who took his full record (inherit), or -1, for
   * openVisitors. An array, not a Map: most opening men set one (national: 85,000 a replication),
   * and the Map's growth was a third of inherit's own time.
   */
  protected inheritedBy = this.snapshot
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
  protected inheritRecords(opening: readonly number[]): void {
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
  protected inherit(i: number, e: number, donor: number): void {
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
  protected inheritCourse(i: number, e: number, p: number, endWeek: number, completes: boolean): void {
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
  protected staysToEnd(i: number, p: number, endWeek: number): boolean {
    const people = this.people;
    if (people.departWeek[i] >= endWeek) return true;
    return this.c.programmes[p].definition.heldOnCourse && people.releaseWeek[i] >= endWeek;
  }
}
