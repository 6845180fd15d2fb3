/**
 * Who holds a case under OMiC (offender management in custody), and until when: the prison
 * offender manager (POM), the community offender manager (COM), or nobody (remand).
 *
 * The order of the rules is that of HMPPS's allocation service (DOMAIN.md section 7): early
 * allocation first (handover 15 months before earliest release), then indeterminate sentences
 * (12 months before tariff), then determinate sentences with 10 months or less from sentence to
 * earliest release (COM-led from the start), then parole-eligible determinate sentences
 * (12 months), then other determinate sentences (8 months 14 days). Every figure is an editable
 * default in the scenario (`caseManagement.responsibility`).
 *
 * The engine knows each person's weeks to earliest release (tariff for indeterminate sentences)
 * but not when they were sentenced: `weeksSinceSentence` is an input the caller works out
 * (see caseload.ts), so that release dates from richer sentence rules can be passed in as they are.
 */
import type { ResponsibilityRules, SentenceKind } from '../scenario/schema.js';

export type Responsible = 'pom' | 'com' | 'none';

export interface CaseFacts {
  kind: SentenceKind;
  /** Weeks from sentence to now. */
  weeksSinceSentence: number;
  /** Weeks from now to earliest release (for indeterminate sentences, to tariff). */
  weeksToRelease: number;
  earlyAllocation: boolean;
}

export interface Responsibility {
  responsible: Responsible;
  /**
   * While the POM holds the case: weeks from now to the handover to the COM (the case is
   * COM-led once weeks to release fall to `handoverWeeksBeforeRelease`). Null otherwise.
   */
  handoverInWeeks: number | null;
  /** Weeks before earliest release at which the POM hands over; null when the POM never holds it. */
  handoverWeeksBeforeRelease: number | null;
}

const NONE: Responsibility = { responsible: 'none', handoverInWeeks: null, handoverWeeksBeforeRelease: null };
const COM: Responsibility = { responsible: 'com', handoverInWeeks: null, handoverWeeksBeforeRelease: null };

export type HandoverRules = Pick<ResponsibilityRules, 'comFromStartMaxWeeks' | 'handoverWeeksBeforeRelease'>;

/** Weeks before earliest release at which a POM-held case goes to the COM, or null when it is never POM-held. */
export function handoverPoint(
  facts: Omit<CaseFacts, 'weeksToRelease'> & { weeksToRelease: number },
  rules: HandoverRules,
): number | null {
  const h = rules.handoverWeeksBeforeRelease;
  switch (facts.kind) {
    case 'remand':
    case 'none':
    case 'com-only':
      return null;
    case 'indeterminate':
      return facts.earlyAllocation ? h.earlyAllocation : h.indeterminate;
    case 'determinate':
    case 'determinate-parole': {
      if (facts.earlyAllocation) return h.earlyAllocation;
      const term = facts.weeksSinceSentence + facts.weeksToRelease;
      if (term <= rules.comFromStartMaxWeeks) return null;
      return facts.kind === 'determinate-parole' ? h.determinateParole : h.determinate;
    }
  }
}

/** Who holds the case now, and in how many weeks it is handed over. */
export function responsibility(facts: CaseFacts, rules: HandoverRules): Responsibility {
  if (facts.kind === 'remand' || facts.kind === 'none') return NONE;
  const before = handoverPoint(facts, rules);
  if (before === null || facts.weeksToRelease <= before) return COM;
  return { responsible: 'pom', handoverInWeeks: facts.weeksToRelease - before, handoverWeeksBeforeRelease: before };
}

/**
 * The first week (counted like `releaseWeek`) in which the case is COM-led: the POM holds it
 * while weeks to release exceed the handover point.
 */
export function handoverWeek(releaseWeek: number, before: number): number {
  return Math.ceil(releaseWeek - before);
}
