/**
 * Referral and assessment: whether a person is put on a programme's list. The establishment's
 * eligibility rule (attribute codes settle most rules; time- or history-dependent ones look at
 * the person), prerequisites, a need already closed, then the assessment funnel (assessment.ts):
 * suitable men with time to finish join; not ready ones are assessed again later; those found not
 * suitable, or eligible with too little time left, are unmet need at once. Also the assessments
 * due later (reassessments, re-referrals after a drop-out or deselection).
 */
import * as layout from './layout.js';
import * as streams from '../random/streams.js';
import * as criteria from '../rules/criteria.js';
import * as unmetReasons from './unmetReasons.js';
import * as assessment from './assessment.js';
import { WaitingLists } from './waitingLists.js';
import * as state from './replicationState.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { EXTRA } = layout;
const { hashUniform } = streams;
const { DEPENDS, FALSE } = criteria;
const { Reason } = unmetReasons;
const { Assessed, AssessmentKind, assessmentOutcome } = assessment;
const { SUITABLE, REASSESSED } = state;
// The funnel's extras (layout.ts), as numbers: assessOne counts two or three of them per assessment.
const X_REFERRED = EXTRA.referred;
const X_REASSESSED = EXTRA.reassessed;
const X_RE_REFERRED = EXTRA.reReferred;
const X_SUITABLE = EXTRA.suitable;
const X_NOT_READY = EXTRA.notReady;
const X_DENIERS = EXTRA.deniers;
const X_REFUSERS = EXTRA.refusers;
const X_NOT_SUITABLE = EXTRA.notSuitable;
type Assessed = assessment.Assessed;
type AssessmentKind = assessment.AssessmentKind;

export abstract class Referrals extends WaitingLists {
  /** Assess person i at establishment e for every programme (or only `only`), joining lists. */
  protected assess(i: number, e: number, week: number, only: number): void {
    const c = this.c;
    const people = this.people;
    const rules = this.eligibility[e];
    const codes = people.codes;
    const s = this.subject;
    s.i = i;
    s.week = week;
    // Remand prisoners are not eligible for accredited programmes unless the rules say so.
    if (c.release.shutOut(codes[i * people.attributes + c.sentenceAttribute])) return;
    const first = only >= 0 ? only : 0;
    const last = only >= 0 ? only : rules.length - 1;
    const late = this.late;
    let lateCount = 0;
    this.unsuitableCount = 0;
    // The person's profile settles most rules at once (eligibilityProfiles.ts): only the
    // programmes it leaves open are looked at, and only time- or history-dependent rules ask him.
    // For one programme (a reassessment as time left crosses a threshold, a re-referral) its own
    // rule's lookup is asked instead: the profile reads every group of rules for all of them.
    const profiles = only >= 0 ? null : this.profiles[e];
    // With a profile, only the programmes it leaves open are visited (its set bits, lowest first).
    let open = profiles !== null ? profiles.open(codes, i * people.attributes) : 0;
    const check = profiles !== null ? profiles.check : 0;
    // And only those he was not referred to or has not completed: one word a person where a mask
    // fits (at most 32 programmes), read once, not per programme (nothing in the loop sets
    // another programme's bits: join and assessOne mark only their own).
    const masked = profiles !== null && people.words === 1;
    if (masked) open &= ~(people.joined[i] | people.assessed[i] | people.completed[i]);
    for (let index = first - 1; ;) {
      if (profiles !== null) {
        if (open === 0) break;
        index = 31 - Math.clz32(open & -open);
        open &= open - 1;
      } else if (++index > last) break;
      if (!masked && (people.wasReferred(i, index) || people.hasCompleted(i, index))) continue;
      if (this.needClosedTo(i, index)) continue;
      const rule = rules[index];
      if (profiles !== null) {
        if ((check & (1 << index)) !== 0 && !rule.criterion.test(s)) continue;
      } else {
        // Attribute codes settle most rules; only time- or history-dependent ones need the person.
        const known = rule.lookup.valueFor(codes, i * people.attributes, s);
        if (known === FALSE || (known === DEPENDS && !rule.criterion.test(s))) continue;
      }
      if (!this.completedAll(i, this.prerequisiteMask, index)) continue;
      if (!this.assessOne(i, e, index, week)) continue;
      // Eligible with too little time left: need whose window had closed on arrival. (Not in the
      // opening population, whose history before the window is not known.)
      if (people.releaseWeek[i] - week < this.windowFor(i, e, index, week)) {
        if (!this.opening) late[lateCount++] = index;
        continue;
      }
      this.join(i, e, index, week);
    }
    // After the joins, so a need with a window on another alternative stays open.
    for (let k = 0; k < lateCount; k++) this.joinUnmet(i, e, late[k], week, Reason.tooLittleTimeOnArrival);
    const unsuitable = this.unsuitable;
    const unsuitableCount = this.unsuitableCount;
    for (let k = 0; k < unsuitableCount; k++) this.notSuitable(i, e, unsuitable[k], week);
    this.unsuitableCount = 0;
  }

  /**
   * The assessment funnel (assessment.ts) for an eligible man with time to finish: counts the
   * outcome where his list is, schedules a "not ready" man's reassessment, and says whether he
   * joins the list. Whoever is assessed is marked, so no other path assesses him again meanwhile.
   */
  protected assessOne(i: number, e: number, p: number, week: number): boolean {
    const kind = this.assessmentKind;
    // The first assessment is the draw the engine always made; later ones draw afresh. One call
    // with the stream chosen, not a call on each branch: where the two inlined draws met, V8 boxed
    // the double at every assessment (about 20 MB a national replication).
    const u = hashUniform(
      this.key,
      this.people.serial[i],
      p,
      kind === AssessmentKind.Referral ? SUITABLE : REASSESSED + week,
    );
    const a = this.funnel[p];
    const outcome = assessmentOutcome(a, u);
    if (outcome === Assessed.NotReady)
      this.assessmentsDue.schedule(week + a.reassessAfterWeeks, i, p, AssessmentKind.Reassessment);
    // The extras of p where his list is (addProgramme's sums, its block found once); a warm-up
    // records nothing (accounting.ts).
    if (!this.warmingUp) {
      const scalars = this.scalars;
      const at = this.programmeBase[this.listFor(e, p) * this.programmeCount + p] + this.extrasAt;
      if (kind === AssessmentKind.Reassessment) scalars[at + X_REASSESSED] += 1;
      else scalars[at + X_REFERRED] += 1;
      if (kind === AssessmentKind.ReReferral) scalars[at + X_RE_REFERRED] += 1;
      switch (outcome) {
        case Assessed.Suitable:
          scalars[at + X_SUITABLE] += 1;
          break;
        case Assessed.NotReady:
          scalars[at + X_NOT_READY] += 1;
          break;
        case Assessed.Denier:
          scalars[at + X_DENIERS] += 1;
          scalars[at + X_NOT_SUITABLE] += 1;
          break;
        case Assessed.Refuser:
          scalars[at + X_REFUSERS] += 1;
          scalars[at + X_NOT_SUITABLE] += 1;
          break;
        default:
          scalars[at + X_NOT_SUITABLE] += 1;
      }
    }
    if (outcome === Assessed.Suitable) return true;
    if (outcome !== Assessed.NotReady) this.unsuitable[this.unsuitableCount++] = p;
    this.people.markAssessed(i, p);
    return false;
  }

  /** Whether person i's first assessment for p finds him suitable (the draw assessOne makes). */
  protected suitableAtFirst(i: number, p: number): boolean {
    return (
      assessmentOutcome(this.funnel[p], hashUniform(this.key, this.people.serial[i], p, SUITABLE)) === Assessed.Suitable
    );
  }

  /**
   * Found not suitable: unmet need, reason deselectedOrNotSuitable (unmetReasons.ts), after the
   * joins so a need with another alternative stays open. Not in the opening population, whose
   * history before the window is not known (as with too little time on arrival). He stays marked
   * assessed rather than joined; a running start hands that decision over (handOverRecords.ts inherit).
   */
  protected notSuitable(i: number, e: number, p: number, week: number): void {
    if (this.opening) return;
    this.joinUnmet(i, e, p, week, Reason.deselectedOrNotSuitable);
    this.people.clearReferral(i, p);
    this.people.markAssessed(i, p);
  }

  /** Assessments due this week: "not ready" men assessed again, drop-outs re-referred. */
  protected assessDue(w: number): void {
    const due = this.assessmentsDue.due;
    const people = this.people;
    // due.values and due.next read afresh at each entry: an assessment may schedule another.
    for (let k = due.head(w); k >= 0; k = due.next[k]) {
      const i = due.values[3 * k];
      const p = due.values[3 * k + 1];
      if (people.departWeek[i] <= w || people.hasCompleted(i, p)) continue;
      people.clearReferral(i, p);
      this.assessmentKind = due.values[3 * k + 2] as AssessmentKind;
      if (this.assessmentKind === AssessmentKind.ReReferral) people.markReferredAgain(i, p);
      this.assess(i, people.establishment[i], w, p);
      this.assessmentKind = AssessmentKind.Referral;
    }
    due.release(w);
  }

  /** Whether assess() would put person i on programme p's list now. */
  protected wouldJoin(i: number, e: number, p: number, week: number, ignoreReferral = false): boolean {
    const people = this.people;
    if ((!ignoreReferral && people.wasReferred(i, p)) || people.hasCompleted(i, p)) return false;
    const s = this.subject;
    s.i = i;
    s.week = week;
    const rule = this.eligibility[e][p];
    const known = rule.lookup.valueFor(people.codes, i * people.attributes, s);
    if (known === FALSE || (known === DEPENDS && !rule.criterion.test(s))) return false;
    // Someone already waiting for another alternative of the need is left to the lists.
    const n = this.firstStageNeed[p];
    if (n >= 0 && (this.needs.state[i * this.needCount + n] !== 0 || this.needClosed(i, p))) return false;
    if (people.releaseWeek[i] - week < this.windowFor(i, e, p, week)) return false;
    if (!this.completedAll(i, this.prerequisiteMask, p)) return false;
    return this.suitableAtFirst(i, p);
  }
}
