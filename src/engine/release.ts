/**
 * How a sentence ends: the week a person leaves custody, by sentence type (DOMAIN.md section 7).
 *
 * - Determinate sentences (and anything without a rule below): the time left drawn from the
 *   person's band of time left, which sentences.ts derives from the release point.
 * - Indeterminate: the band gives the time to the next release point (tariff, or for someone
 *   already past it the next Parole Board review); each review directs release with the rules'
 *   probability, otherwise the next is `reviewIntervalWeeks` later. The number of reviews that
 *   refuse is drawn at reception (geometric), so the week of release is known, and programme
 *   windows close before the review that releases (the one a course must be finished for).
 * - Recall: a share are fixed-term (14 or 28 days); the rest are standard recalls, serving to
 *   the end of the sentence (their band).
 * - Remand: weeks (geometric, mean `meanWeeks`); some are sentenced and stay a further while.
 * - Extended determinate sentences (a share of the 4 years + band): the band gives the time to
 *   the end of the custodial term; Parole Board eligibility at two-thirds of it (the earliest
 *   release), reviews every `reviewIntervalWeeks` directing release with their probability,
 *   otherwise automatic release at the end of the term.
 * - Home detention curfew: an eligible determinate sentence (the rules' sentence categories, not
 *   an excluded offence) has its HDC date as earliest release, up to `maxWeeksEarly` (and at most
 *   half the time to serve) before the release point; those granted leave then. Programme
 *   windows close before the week of release, so a man on HDC has the shorter window.
 *
 * Receptions and the opening population follow the same rules; for the opening population the
 * draws are of the time still to run (memoryless for remand and reviews).
 */
import type { Attribute, ReleaseRules } from '../scenario/schema.js';
import type { RandomStream } from '../random/streams.js';
import { maxWeeksToServe } from '../population/sentences.js';
import type { ExtendedRule } from '../population/arrivals.js';

/** Sentence kinds with a rule of their own. */
export const SentenceKind = { Determinate: 0, Indeterminate: 1, Recall: 2, Remand: 3 } as const;

/** What `plan` decides for one person. */
export interface ReleasePlan {
  /** Weeks from now to leaving custody by release. */
  weeksToRelease: number;
  /** Weeks from now to tariff for an ISP (negative once past it); NaN for anyone else. */
  weeksToTariff: number;
  /** Weeks from now to the earliest release date: tariff, or the next review once past it. */
  weeksToEarliestRelease: number;
  /** Remand only: weeks from now to sentence, when sentenced and staying here; else -1. */
  weeksToSentence: number;
}

export class ReleaseModel {
  /** Kind of each sentence category, by code. */
  readonly kindOf: Uint8Array;
  readonly remandEligible: boolean;

  /**
   * Whether the sentence code shuts a man out of accredited programmes: remand, unless the rules
   * make remand prisoners eligible (assess, the warm-up's backlog estimates, the hand-over's heirs).
   */
  shutOut(sentenceCode: number): boolean {
    return !this.remandEligible && this.kindOf[sentenceCode] === SentenceKind.Remand;
  }
  /** Code a remand prisoner sentenced here takes (determinate under 12 months), or -1. */
  readonly sentencedCode: number;
  private readonly interval: number;
  private readonly logRefuse: number;
  /** log(1 - 1 / mean) of the remand and after-sentence weeks (geometric): worked out once, not per draw. */
  private readonly logRemandKeep: number;
  private readonly logSentencedKeep: number;
  private readonly plan: ReleasePlan = {
    weeksToRelease: 0,
    weeksToTariff: NaN,
    weeksToEarliestRelease: 0,
    weeksToSentence: -1,
  };

  /** Per sentence code: eligible for home detention curfew. */
  private readonly hdcSentence: Uint8Array;
  /** Per offence code: excluded from home detention curfew. */
  private readonly hdcExcluded: Uint8Array;
  /** Code of the band extended sentences belong to (determinate 4 years +), or -1. */
  private readonly extendedCode: number;
  private readonly sentenceIndex: number;
  private readonly offenceIndex: number;
  /** The most weeks a remand prisoner sentenced here serves after sentence (its release point). */
  private readonly sentencedLongest: number;

  /**
   * `where` places the sentence and offence attributes in a person's row of codes; without it
   * (or an offence attribute) the rules that read them (HDC, extended sentences) do not apply.
   */
  constructor(
    private readonly rules: ReleaseRules,
    sentence: Attribute,
    where?: { sentenceIndex: number; offenceIndex: number; offence: Attribute },
  ) {
    this.kindOf = Uint8Array.from(sentence.categories, (c) => {
      switch (c.id) {
        case 'indeterminate':
          return SentenceKind.Indeterminate;
        case 'recall':
          return SentenceKind.Recall;
        case 'remand':
          return SentenceKind.Remand;
        default:
          return SentenceKind.Determinate;
      }
    });
    this.remandEligible = rules.remand.programmesEligible;
    this.sentencedCode = sentence.categories.findIndex((c) => c.id === 'det-under-12m');
    this.sentencedLongest = Math.max(1, Math.min(520, maxWeeksToServe('det-under-12m', rules)));
    this.interval = rules.indeterminate.reviewIntervalWeeks;
    const p = rules.indeterminate.releaseProbability;
    this.logRefuse = p >= 1 ? -Infinity : Math.log(1 - p);
    this.logRemandKeep = Math.log(1 - 1 / rules.remand.meanWeeks);
    this.logSentencedKeep = Math.log(1 - 1 / rules.remand.weeksAfterSentence);
    const hdc = rules.hdc;
    this.hdcSentence = Uint8Array.from(sentence.categories, (c) =>
      hdc.grantedShare > 0 && hdc.maxWeeksEarly >= 1 && hdc.sentences.includes(c.id) ? 1 : 0,
    );
    this.hdcExcluded = Uint8Array.from(where?.offence.categories ?? [], (c) =>
      hdc.excludedOffences.includes(c.id) ? 1 : 0,
    );
    this.extendedCode = rules.extended.share > 0 ? sentence.categories.findIndex((c) => c.id === 'det-4y-plus') : -1;
    this.sentenceIndex = where?.sentenceIndex ?? -1;
    this.offenceIndex = where?.offenceIndex ?? -1;
  }

  /** Whether someone of these codes is eligible for HDC; offence -1: not known (eligible). */
  hdcEligible(sentenceCode: number, offenceCode: number): boolean {
    return this.hdcSentence[sentenceCode] === 1 && (offenceCode < 0 || this.hdcExcluded[offenceCode] !== 1);
  }

  /** Weeks before the release point of an HDC date, for `left` weeks to serve. */
  hdcWeeksEarly(left: number): number {
    return Math.max(0, Math.min(Math.floor(this.rules.hdc.maxWeeksEarly), Math.floor(left / 2)));
  }

  /** Weeks to Parole Board eligibility of an extended sentence with `left` weeks to the end of its term. */
  extendedParoleWeeks(left: number): number {
    return Math.max(1, Math.round((2 * left) / 3));
  }

  /**
   * Mean weeks a determinate reception with `left` weeks to its release point actually stays,
   * given HDC and extended sentences (offence -1: not known): Little's law's mean stay. The
   * steady-state arrivals no longer scale by it: both rules are part of their renewal
   * (arrivals.ts), as extendedOf and hdcOf give them.
   */
  meanDeterminateStay(sentenceCode: number, offenceCode: number, left: number): number {
    let stay = left;
    if (sentenceCode === this.extendedCode) {
      const e = this.rules.extended;
      const parole = this.extendedParoleWeeks(left);
      const p = e.paroleReleaseProbability;
      // Each review releases with probability p until the end of the term.
      let mean = 0;
      let still = 1;
      for (let at = parole; at < left && still > 1e-9; at += e.reviewIntervalWeeks) {
        mean += still * p * at;
        still *= 1 - p;
      }
      mean += still * left;
      stay = (1 - e.share) * left + e.share * mean;
    } else if (this.hdcEligible(sentenceCode, offenceCode)) {
      stay = left - this.rules.hdc.grantedShare * this.hdcWeeksEarly(left);
    }
    return Math.max(1, stay);
  }

  /** Mean weeks after the first release point that an ISP stays: failed reviews x interval. */
  get meanWeeksPastTariff(): number {
    const p = this.rules.indeterminate.releaseProbability;
    return (this.interval * (1 - p)) / p;
  }

  /** Mean stay of a fixed-term recall, in weeks. */
  get meanFixedTermWeeks(): number {
    const f = this.rules.recall.fourteenDayShare;
    return 2 * f + 4 * (1 - f);
  }

  /**
   * Extended sentences for this code: the share of receptions on one and the parole arithmetic
   * of `earlyRelease`, or null where the rule does not apply (arrivals.ts, part of the renewal).
   */
  extendedOf(sentenceCode: number): ExtendedRule | null {
    if (sentenceCode !== this.extendedCode || this.extendedCode < 0) return null;
    const e = this.rules.extended;
    return {
      share: e.share,
      paroleWeeks: (left) => this.extendedParoleWeeks(left),
      releaseProbability: e.paroleReleaseProbability,
      reviewIntervalWeeks: e.reviewIntervalWeeks,
    };
  }

  /**
   * Home detention curfew for these codes (offence -1: not known): the share granted and the
   * most weeks early, or null where the rule does not apply (arrivals.ts).
   */
  hdcOf(sentenceCode: number, offenceCode: number): { share: number; maxWeeksEarly: number } | null {
    if (!this.hdcEligible(sentenceCode, offenceCode)) return null;
    return { share: this.rules.hdc.grantedShare, maxWeeksEarly: this.rules.hdc.maxWeeksEarly };
  }

  /**
   * Recalls (by sentence code): the share of receptions on a fixed-term recall and its mean
   * weeks; the rest serve to their sentence's end (arrivals.ts). Null for other sentences.
   */
  fixedTermOf(sentenceCode: number): { share: number; meanWeeks: number } | null {
    if (this.kindOf[sentenceCode] !== SentenceKind.Recall) return null;
    return { share: this.rules.recall.fixedTermShare, meanWeeks: this.meanFixedTermWeeks };
  }

  /**
   * Remand prisoners sentenced here and staying: they leave the remand cell for the sentenced
   * one (`sentencedCode`), a share of remand receptions, for a mean of `weeksAfter` weeks.
   */
  get remandConversion(): {
    sentencedCode: number;
    share: number;
    weeksAfter: number;
    longest: number;
  } | null {
    const r = this.rules.remand;
    if (this.sentencedCode < 0 || r.sentencedAndStayShare <= 0) return null;
    return {
      sentencedCode: this.sentencedCode,
      share: r.sentencedAndStayShare,
      weeksAfter: r.weeksAfterSentence,
      longest: this.sentencedLongest,
    };
  }

  /**
   * Mean weeks a reception of this kind whose band gives `bandWeeks` (its time to serve, or to
   * tariff) spends in its own sentence cell; null when the stay is the band's alone
   * (determinate). For remand that is the time on remand only: those sentenced and staying
   * move to the sentenced cell (see `remandConversion`).
   */
  meanStay(kind: number, bandWeeks: number): number | null {
    switch (kind) {
      case SentenceKind.Indeterminate:
        return bandWeeks + this.meanWeeksPastTariff;
      case SentenceKind.Recall: {
        const f = this.rules.recall.fixedTermShare;
        return f * this.meanFixedTermWeeks + (1 - f) * bandWeeks;
      }
      case SentenceKind.Remand:
        return this.rules.remand.meanWeeks;
      default:
        return null;
    }
  }

  /**
   * The plan for a person of sentence `kind` whose band draw gives `left` weeks; `opening`
   * for the population already inside at the start. Reuses one object: copy what you keep.
   */
  draw(
    kind: number,
    left: number,
    opening: boolean,
    rng: RandomStream,
    codes?: ArrayLike<number>,
    row = 0,
    /**
     * Opening only, from the stay he is on (arrivals.ts), -1 unknown: his HDC date's weeks early;
     * for extended sentences' code, 0 serving to the end of his term, else the weeks L of his
     * extended sentence's stay, not yet paroled.
     */
    hdcEarly = -1,
    /** Opening only: the share of his cell on a fixed-term recall (arrivals.ts); -1 unknown. */
    openingFixedShare = -1,
  ): ReleasePlan {
    const plan = this.drawRelease(kind, left, opening, rng, openingFixedShare);
    if (kind === SentenceKind.Determinate && codes && this.sentenceIndex >= 0)
      this.earlyRelease(left, codes, row, rng, opening, hdcEarly);
    if (plan.weeksToEarliestRelease < 0) plan.weeksToEarliestRelease = plan.weeksToRelease;
    return plan;
  }

  /** Extended sentences' parole and home detention curfew: release before `left`. */
  private earlyRelease(
    left: number,
    codes: ArrayLike<number>,
    row: number,
    rng: RandomStream,
    opening: boolean,
    given: number,
  ): void {
    const plan = this.plan;
    const sentenceCode = codes[row + this.sentenceIndex];
    if (sentenceCode === this.extendedCode) {
      const e = this.rules.extended;
      if (opening && given >= 0) {
        // Inside at the start on a stay of `given` weeks (arrivals.ts draws it with those paroled
        // gone): reviews before now refused, the next from his parole point on. `left` counts
        // from the week before the window (custody.ts), so he has served given - left - 1.
        if (given === 0) return;
        const served = given - left - 1;
        const parole = this.extendedParoleWeeks(given);
        const interval = e.reviewIntervalWeeks;
        const next = served < parole ? parole : parole + (Math.floor((served - parole) / interval) + 1) * interval;
        if (next >= given) return;
        plan.weeksToEarliestRelease = next - served - 1;
        const p = e.paroleReleaseProbability;
        if (p <= 0) return;
        const refusals = p >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / Math.log(1 - p));
        plan.weeksToRelease = Math.min(left, next - served - 1 + refusals * interval);
        return;
      }
      if (rng.next() >= e.share) return;
      const parole = this.extendedParoleWeeks(left);
      plan.weeksToEarliestRelease = parole;
      const p = e.paroleReleaseProbability;
      if (p <= 0) return;
      const refusals = p >= 1 ? 0 : Math.floor(Math.log(1 - rng.next()) / Math.log(1 - p));
      plan.weeksToRelease = Math.min(left, parole + refusals * e.reviewIntervalWeeks);
      return;
    }
    const offenceCode = this.offenceIndex >= 0 ? codes[row + this.offenceIndex] : -1;
    if (!this.hdcEligible(sentenceCode, offenceCode)) return;
    // Someone inside at the start with `left` weeks to his release point (arrivals.ts draws the
    // opening's time left with those granted HDC gone from their last weeks, and the weeks early
    // of the stay he is on, `given`): granted, he is inside only while more than those are left
    // at the end of a week (`left` counts from the week before the window: custody.ts).
    // Read as a stay of `left`, those with 19 weeks or less left were released at once at half
    // of it, a dip in the first weeks.
    const most = given >= 0 ? given : Math.floor(this.rules.hdc.maxWeeksEarly);
    const early = opening ? (left >= most ? most : 0) : this.hdcWeeksEarly(left);
    if (early < 1) return;
    plan.weeksToEarliestRelease = left - early;
    if (rng.next() < this.rules.hdc.grantedShare) plan.weeksToRelease = left - early;
  }

  private drawRelease(
    kind: number,
    left: number,
    opening: boolean,
    rng: RandomStream,
    openingFixedShare = -1,
  ): ReleasePlan {
    const plan = this.plan;
    plan.weeksToTariff = NaN;
    plan.weeksToSentence = -1;
    plan.weeksToEarliestRelease = -1;
    switch (kind) {
      case SentenceKind.Indeterminate: {
        let first = left;
        plan.weeksToTariff = left;
        // Someone inside at the start may be past tariff: in a steady state, the share of an
        // ISP's stay spent after the first release point.
        if (opening) {
          const past = this.meanWeeksPastTariff;
          if (rng.next() < past / (past + left)) {
            first = 1 + Math.floor(rng.next() * this.interval);
            plan.weeksToTariff = -Math.floor(rng.next() * past) - 1;
          }
        }
        const refusals = this.logRefuse === -Infinity ? 0 : Math.floor(Math.log(1 - rng.next()) / this.logRefuse);
        plan.weeksToRelease = first + refusals * this.interval;
        plan.weeksToEarliestRelease = first;
        return plan;
      }
      case SentenceKind.Recall: {
        const r = this.rules.recall;
        // Inside at the start: the share of his cell on a fixed-term recall where the receptions'
        // law gives it (arrivals.ts: all in the shortest band), else the share of stays.
        const fixedTerm = opening
          ? rng.next() <
            (openingFixedShare >= 0
              ? openingFixedShare
              : (r.fixedTermShare * this.meanFixedTermWeeks) / this.meanStay(SentenceKind.Recall, left)!)
          : rng.next() < r.fixedTermShare;
        if (!fixedTerm) {
          plan.weeksToRelease = left;
          return plan;
        }
        const length = rng.next() < r.fourteenDayShare ? 2 : 4;
        plan.weeksToRelease = opening ? 1 + Math.floor(rng.next() * length) : length;
        return plan;
      }
      case SentenceKind.Remand: {
        const r = this.rules.remand;
        const remand = geometric(r.meanWeeks, this.logRemandKeep, rng);
        if (rng.next() < r.sentencedAndStayShare && this.sentencedCode >= 0) {
          plan.weeksToSentence = remand;
          // Sentenced under 12 months: no more than that sentence's release point (sentences.ts).
          plan.weeksToRelease =
            remand + Math.min(this.sentencedLongest, geometric(r.weeksAfterSentence, this.logSentencedKeep, rng));
        } else plan.weeksToRelease = remand;
        return plan;
      }
      default:
        plan.weeksToRelease = left;
        return plan;
    }
  }
}

/** Whole weeks, at least 1, with mean `mean`: a geometric count of weeks. logKeep: log(1 - 1 / mean). */
function geometric(mean: number, logKeep: number, rng: RandomStream): number {
  if (mean <= 1) return 1;
  return 1 + Math.floor(Math.log(1 - rng.next()) / logKeep);
}
