/**
 * Figures the editor shows beside the assessment funnel, segment reservations and bed-based units,
 * worked out from the document as typed (so they follow every edit before a run). Pure: tested
 * without a DOM.
 */
import { meanStayWeeks } from '../../src/index.js';

const share = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/**
 * Share of those assessed found not suitable for other reasons: the rest of 1 after suitable, not
 * ready, deniers and refusers (negative when they add up to more than 1, which the loader refuses).
 */
export function otherNotSuitableShare(assessment: unknown): number | null {
  if (!assessment || typeof assessment !== 'object') return null;
  const a = assessment as Record<string, unknown>;
  if (typeof a.suitable !== 'number') return null;
  const rest = 1 - share(a.suitable) - share(a.notReady) - share(a.deniers) - share(a.refusers);
  // Shares typed as percentages carry binary noise (0.1 + 0.2): round to a thousandth of a per cent.
  return Math.round(rest * 1e5) / 1e5;
}

/** Mean weeks a bed is held and places a year for `beds`, or null when a figure is missing. */
export function bedFigures(beds: unknown, programme: unknown): { meanStayWeeks: number; placesPerYear: number } | null {
  const p = (programme ?? {}) as Record<string, unknown>;
  const d = p.durationWeeks;
  const c = p.completionRate;
  if (typeof beds !== 'number' || typeof d !== 'number' || typeof c !== 'number' || d <= 0 || c < 0 || c > 1)
    return null;
  const stay = meanStayWeeks({ durationWeeks: d, completionRate: c });
  return { meanStayWeeks: stay, placesPerYear: (beds * 52) / stay };
}

/**
 * Places of each group a segment's reservation keeps, in words: "25% (about 2.5 of 10)", "3 of 10",
 * or "none". Reserved places a segment cannot fill at a start go to others on the list.
 */
export function reservationWords(segment: unknown, groupSize: number | null): string {
  const s = (segment ?? {}) as Record<string, unknown>;
  if (typeof s.reservedPlaces === 'number')
    return groupSize === null ? `${s.reservedPlaces} places` : `${s.reservedPlaces} of ${groupSize}`;
  if (typeof s.reservedShare === 'number') {
    const pct = `${Number(`${s.reservedShare}e2`)}%`;
    if (groupSize === null) return pct;
    const places = Math.round(s.reservedShare * groupSize * 10) / 10;
    return `${pct} (about ${places} of ${groupSize})`;
  }
  return 'none';
}
