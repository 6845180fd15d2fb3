/**
 * Why a need went unmet, in HMPPS's own terms (the referral outcomes of its programme services,
 * DOMAIN.md section 7). Each unmet list entry has exactly one reason, so the reasons add up to
 * `unmetNeed`.
 */
export const UNMET_REASONS = [
  /** Left custody on release while still waiting, with time to finish had a place come. */
  'releasedUntreated',
  /** Still inside, but waited until too little time was left to finish a course. */
  'tooLittleTimeWhileWaiting',
  /** Eligible, but the window had already closed when he arrived (or became eligible). */
  'tooLittleTimeOnArrival',
  /** Transferred out, or moved to another site, with the need open. */
  'movedOn',
  /** Deselected or assessed not suitable (the assessment funnel counts into this). */
  'deselectedOrNotSuitable',
] as const;
export type UnmetReason = (typeof UNMET_REASONS)[number];

/** Reason codes, positions in UNMET_REASONS. */
export const Reason = {
  releasedUntreated: 0,
  tooLittleTimeWhileWaiting: 1,
  tooLittleTimeOnArrival: 2,
  movedOn: 3,
  deselectedOrNotSuitable: 4,
} as const satisfies Record<UnmetReason, number>;

/** Not unmet: the person started another alternative of the same need, so this entry was withdrawn. */
export const WITHDRAWN = 5;
/** Not unmet: still waiting at the end of the horizon. */
export const STILL_WAITING = 6;

/** Reasons more places (or groups) can fix; the others need a different remedy. */
export const FIXED_BY_PLACES: readonly UnmetReason[] = ['releasedUntreated', 'tooLittleTimeWhileWaiting'];

/** The older two-way split kept in the results: by departure (released or moved) or by time left. */
export function isDeparture(reason: number): boolean {
  return reason === Reason.releasedUntreated || reason === Reason.movedOn;
}
export function isTimeLeft(reason: number): boolean {
  return reason === Reason.tooLittleTimeWhileWaiting || reason === Reason.tooLittleTimeOnArrival;
}
