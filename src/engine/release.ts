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
 *
 * Receptions and the opening population follow the same rules; for the opening population the
 * draws are of the time still to run (memoryless for remand and reviews).
 */
import type { Attribute, ReleaseRules } from '../scenario/schema.js';
import type { RandomStream } from '../random/streams.js';

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
  /** Code a remand prisoner sentenced here takes (determinate under 12 months), or -1. */
  readonly sentencedCode: number;
  private readonly interval: number;
  private readonly logRefuse: number;
  private readonly plan: ReleasePlan = {
    weeksToRelease: 0,
    weeksToTariff: NaN,
    weeksToEarliestRelease: 0,
    weeksToSentence: -1,
  };

  constructor(
    private readonly rules: ReleaseRules,
    sentence: Attribute,
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
    this.interval = rules.indeterminate.reviewIntervalWeeks;
    const p = rules.indeterminate.releaseProbability;
    this.logRefuse = p >= 1 ? -Infinity : Math.log(1 - p);
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
   * Remand prisoners sentenced here and staying: they leave the remand cell for the sentenced
   * one (`sentencedCode`), a share of remand receptions, for a mean of `weeksAfter` weeks.
   */
  get remandConversion(): { sentencedCode: number; share: number; weeksAfter: number } | null {
    const r = this.rules.remand;
    if (this.sentencedCode < 0 || r.sentencedAndStayShare <= 0) return null;
    return { sentencedCode: this.sentencedCode, share: r.sentencedAndStayShare, weeksAfter: r.weeksAfterSentence };
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
  draw(kind: number, left: number, opening: boolean, rng: RandomStream): ReleasePlan {
    const plan = this.drawRelease(kind, left, opening, rng);
    if (plan.weeksToEarliestRelease < 0) plan.weeksToEarliestRelease = plan.weeksToRelease;
    return plan;
  }

  private drawRelease(kind: number, left: number, opening: boolean, rng: RandomStream): ReleasePlan {
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
        const fixedTerm = opening
          ? rng.next() < (r.fixedTermShare * this.meanFixedTermWeeks) / this.meanStay(SentenceKind.Recall, left)!
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
        const remand = geometric(r.meanWeeks, rng);
        if (rng.next() < r.sentencedAndStayShare && this.sentencedCode >= 0) {
          plan.weeksToSentence = remand;
          plan.weeksToRelease = remand + geometric(r.weeksAfterSentence, rng);
        } else plan.weeksToRelease = remand;
        return plan;
      }
      default:
        plan.weeksToRelease = left;
        return plan;
    }
  }
}

/** Whole weeks, at least 1, with mean `mean`: a geometric count of weeks. */
function geometric(mean: number, rng: RandomStream): number {
  if (mean <= 1) return 1;
  return 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(1 - 1 / mean));
}
