/**
 * A declared need, seen from a replication (the ledger itself is needs.ts): whether a need is
 * closed to a programme (met, under way, or settled already), the weeks a start must leave for
 * the rest of a pathway, and the hooks that tell the ledger of a join, a start before the window
 * and a place closed. Alternatives and prerequisites are tested on bit sets of programmes
 * completed (People.completed), one word at a time.
 */
import * as criteria from '../rules/criteria.js';
import * as needLedger from './needs.js';
import { CaseManagement } from './caseManagement.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { DEPENDS, FALSE } = criteria;
const { plannedRest } = needLedger;

export abstract class NeedWindows extends CaseManagement {
  // Whether a pathway's later stage would find him suitable: the funnel's first draw (referrals.ts).
  protected abstract suitableAtFirst(i: number, p: number): boolean;

  /**
   * needClosed, but a man referred again to p after dropping out of it or being deselected may
   * rejoin p's list: his need was counted started by his first course, and stays counted once
   * (the ledger ignores his new place), while p's own figures count the new place. Without this
   * the ledger's "started" shut out every re-referral to a programme in a declared need.
   */
  protected needClosedTo(i: number, p: number): boolean {
    if (!this.needClosed(i, p)) return false;
    if (!this.people.wasReferredAgain(i, p)) return true;
    return this.completedAny(i, this.otherAlternativeMask, p);
  }

  /** Whether a need of which p is a first-stage alternative is met, closed or under way already. */
  protected needClosed(i: number, p: number): boolean {
    const n = this.firstStageNeed[p];
    if (n < 0) return false;
    if (this.needs.settled(i * this.needCount + n)) return true;
    return this.completedAny(i, this.otherAlternativeMask, p);
  }

  /** Whether person i has completed every programme in programme p's row of `mask` (per-programme bit sets). */
  protected completedAll(i: number, mask: Uint32Array, p: number): boolean {
    const words = this.people.words;
    const completed = this.people.completed;
    for (let k = 0; k < words; k++) {
      const m = mask[p * words + k];
      if ((completed[i * words + k] & m) !== m) return false;
    }
    return true;
  }

  /** Whether person i has completed any programme in programme p's row of `mask`. */
  protected completedAny(i: number, mask: Uint32Array, p: number): boolean {
    const words = this.people.words;
    const completed = this.people.completed;
    for (let k = 0; k < words; k++) if ((completed[i * words + k] & mask[p * words + k]) !== 0) return true;
    return false;
  }

  /** Weeks left a start on p needs: its own minimum, or for a pathway the whole pathway's. */
  protected windowWeeks(i: number, p: number): number {
    const min = this.minWeeksLeft[p];
    const n = this.firstStageNeed[p];
    if (n < 0) return min;
    const rest = this.needs.rest[i * this.needCount + n];
    return rest > 0 ? Math.max(min, this.durationWeeks[p] + rest) : min;
  }

  /** windowWeeks, first working out which of a pathway's later stages person i needs. */
  protected windowFor(i: number, e: number, p: number, week: number): number {
    const n = this.firstStageNeed[p];
    if (n >= 0 && this.needs.rest[i * this.needCount + n] < 0) this.planPathway(i, e, n, week);
    return this.windowWeeks(i, p);
  }

  /** Which later stages of need n person i needs (seen from the start), and the weeks they ask for. */
  protected planPathway(i: number, e: number, n: number, week: number): void {
    const at = i * this.needCount + n;
    const need = this.c.needs.declared[n];
    if (need.stages.length === 1) {
      this.needs.rest[at] = 0;
      this.needs.lastStage[at] = 0;
      return;
    }
    const s = this.pathway;
    s.i = i;
    s.week = week;
    this.pathwayAt = e;
    const assumed = this.assumedDone;
    const stages = need.stages;
    for (let k = 0; k < stages.length - 1; k++) for (let a = 0; a < stages[k].length; a++) assumed[stages[k][a]] = 1;
    const plan = this.plan;
    plannedRest(need, this.needsLaterStage, this.minWeeksLeft, this.durationWeeks, this.laterNeeded, plan);
    for (let k = 0; k < stages.length - 1; k++) for (let a = 0; a < stages[k].length; a++) assumed[stages[k][a]] = 0;
    this.needs.rest[at] = plan[0];
    this.needs.lastStage[at] = plan[1];
  }

  /** Scratch of planPathway: plannedRest's answer, and the later stages' programmes he needs. */
  private readonly plan = new Int32Array(2);
  private readonly laterNeeded = new Uint8Array(this.c.programmes.length);

  /** Where planPathway's person is (read by needsLaterStage). */
  private pathwayAt = 0;

  /**
   * Whether planPathway's person (this.pathway, at pathwayAt) needs programme q once the earlier
   * stages are done: eligible, prerequisites done, suitable at the first draw. Made once per
   * replication, not a closure per call: under tsx each closure made is also named (__name), and
   * planPathway runs for every person's pathway need (about 2% of a Stafford replication).
   */
  private readonly needsLaterStage = (q: number): boolean => {
    const people = this.people;
    const s = this.pathway;
    const i = s.i;
    const rule = this.eligibility[this.pathwayAt][q];
    const known = rule.lookup.valueFor(people.codes, i * people.attributes, s);
    if (known === FALSE || (known === DEPENDS && !rule.criterion.test(s))) return false;
    for (const r of this.c.programmes[q].prerequisites) if (!s.completed(r)) return false;
    return this.suitableAtFirst(i, q);
  };

  protected needJoin(i: number, e: number, p: number, week: number): void {
    const n = this.firstStageNeed[p];
    if (n >= 0) this.needs.join(i * this.needCount + n, n, e, week, this.opening);
  }

  protected needPlaceClosed(i: number, p: number, week: number, reason: number): void {
    const n = this.firstStageNeed[p];
    if (n >= 0) this.needs.close(i * this.needCount + n, n, week, reason, this.opening);
  }

  /**
   * Whether p is a first-stage alternative of a need person i started before the window: a place
   * of his on p at the opening is a re-referral's (needClosedTo), whose start is p's but not the
   * need's (counted as reReferredAtStart, so the two can be reconciled).
   */
  protected needStartedBeforeWindow(i: number, p: number): boolean {
    const n = this.firstStageNeed[p];
    return n >= 0 && this.needs.startedAt(i * this.needCount + n) < 0;
  }

  /** A course of a need's programme under way when the window opens: the need was met before it. */
  protected needStartedBefore(i: number, e: number, p: number): void {
    const n = this.c.needs.needOf[p];
    if (n >= 0) this.needs.startedBefore(i * this.needCount + n, e);
  }
}
