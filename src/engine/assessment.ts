/**
 * The assessment funnel: referred -> assessed -> suitable / suitable but not ready / not suitable
 * (deniers, refusers, others), DOMAIN.md section 7's referral outcomes.
 *
 * An eligible man with time left to finish is referred and assessed at once. Suitable, he joins
 * the list. Not ready, he is assessed again after `reassessAfterWeeks` (a fresh draw). Not suitable,
 * the decision stands: his need is unmet, reason "deselected or not suitable". A drop-out or a
 * deselection is referred again after `reReferralAfterWeeks` with share `reReferralShare`; the
 * others are unmet for the same reason.
 *
 * A programme with no `assessment` keeps the old single `suitabilityRate`: that share suitable, the
 * rest not suitable, nobody "not ready", no re-referral. Its first draw is the very draw the engine
 * always made, so such a file's joins are unchanged.
 */
import type { Programme } from '../scenario/schema.js';
import type { WeekQueue } from './weekQueue.js';

export const Assessed = { Suitable: 0, NotReady: 1, Denier: 2, Refuser: 3, NotSuitable: 4 } as const;
export type Assessed = (typeof Assessed)[keyof typeof Assessed];

/** Why a man is being assessed: first referral, reassessment when not ready, re-referral. */
export const AssessmentKind = { Referral: 0, Reassessment: 1, ReReferral: 2 } as const;
export type AssessmentKind = (typeof AssessmentKind)[keyof typeof AssessmentKind];

export interface CompiledAssessment {
  /** Upper bounds of each outcome's share in [0, 1): suitable, then not ready, deniers, refusers. */
  suitableBelow: number;
  notReadyBelow: number;
  deniersBelow: number;
  refusersBelow: number;
  reassessAfterWeeks: number;
  reReferralShare: number;
  reReferralAfterWeeks: number;
}

/** The funnel's shares, from `assessment` where given, else from the old `suitabilityRate`. */
export function compileAssessment(programme: Pick<Programme, 'suitabilityRate' | 'assessment'>): CompiledAssessment {
  const a = programme.assessment;
  if (!a) {
    const s = programme.suitabilityRate;
    return {
      suitableBelow: s,
      notReadyBelow: s,
      deniersBelow: s,
      refusersBelow: s,
      reassessAfterWeeks: 26,
      reReferralShare: 0,
      reReferralAfterWeeks: 26,
    };
  }
  const notReady = a.suitable + a.notReady;
  const deniers = notReady + a.deniers;
  return {
    suitableBelow: a.suitable,
    notReadyBelow: notReady,
    deniersBelow: deniers,
    refusersBelow: deniers + a.refusers,
    reassessAfterWeeks: a.reassessAfterWeeks,
    reReferralShare: a.reReferralShare,
    reReferralAfterWeeks: a.reReferralAfterWeeks,
  };
}

/** The outcome of an assessment for a uniform draw u in [0, 1). */
export function assessmentOutcome(a: CompiledAssessment, u: number): Assessed {
  if (u < a.suitableBelow) return Assessed.Suitable;
  if (u < a.notReadyBelow) return Assessed.NotReady;
  if (u < a.deniersBelow) return Assessed.Denier;
  if (u < a.refusersBelow) return Assessed.Refuser;
  return Assessed.NotSuitable;
}

/**
 * Assessments due in a week: (person, programme, kind) entries of a WeekQueue, kept from one
 * replication to the next (weekQueue.ts says why not an array a week).
 */
export class AssessmentQueue {
  /**
   * Re-referrals due after the last week, as (week, person, programme) triples: a warm-up hands
   * them to the window (warmup.ts), else a drop-out near the warm-up's end is never referred again.
   */
  readonly reReferralsLater: number[] = [];
  /** Reassessments of "not ready" men due after the last week, likewise (warmup.ts hands them over). */
  readonly reassessmentsLater: number[] = [];

  constructor(
    readonly weeks: number,
    /** Emptied for this run, three numbers an entry. */
    readonly due: WeekQueue,
  ) {}

  schedule(week: number, person: number, programme: number, kind: AssessmentKind): void {
    if (week >= this.weeks) {
      if (kind === AssessmentKind.ReReferral) this.reReferralsLater.push(week, person, programme);
      else if (kind === AssessmentKind.Reassessment) this.reassessmentsLater.push(week, person, programme);
      return;
    }
    // A week before the run is never read.
    if (week >= 0) this.due.push(week, person, programme, kind);
  }

  /**
   * The table of people renumbered (compaction.ts): person i is now map[i], or -1 where he has
   * left (assessDue skips him; a warm-up hands over only men inside): due from week w on.
   */
  remap(map: Int32Array, w: number): void {
    this.due.remap(map, w);
    remapTriples(this.reReferralsLater, map, 1);
    remapTriples(this.reassessmentsLater, map, 1);
  }
}

/** Renumbers the person at offset `at` of each triple of `list`, dropping triples of people not kept. */
function remapTriples(list: number[], map: Int32Array, at: number): void {
  let n = 0;
  for (let k = 0; k < list.length; k += 3) {
    const j = map[list[k + at]];
    if (j < 0) continue;
    list[n] = list[k];
    list[n + 1] = list[k + 1];
    list[n + 2] = list[k + 2];
    list[n + at] = j;
    n += 3;
  }
  list.length = n;
}
