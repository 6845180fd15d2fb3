/**
 * Bed-based programmes (TC, DTC, PIPE): a unit of beds with rolling intake, not closed groups.
 *
 * Each week a leaver's bed is refilled from the waiting list, so the unit stays full while the
 * list lasts. A stay is the programme's `durationWeeks` for a completer; a drop-out leaves at a
 * week drawn evenly over it (the same draw as a group course), so the share completing is the
 * completion rate and the mean stay follows from both. At full occupancy the unit starts
 * beds / mean stay a week (Little's law): that is the places it offers.
 */
import type { Programme } from '../scenario/schema.js';

/** Mean weeks a bed is held: completers stay the course, drop-outs leave at 1..duration evenly. */
export function meanStayWeeks(programme: Pick<Programme, 'durationWeeks' | 'completionRate'>): number {
  const d = programme.durationWeeks;
  const p = programme.completionRate;
  return p * d + (1 - p) * ((d + 1) / 2);
}

/** Places a bed-based unit offers a week at full occupancy: beds / mean stay (Little's law). */
export function bedPlacesPerWeek(beds: number, programme: Pick<Programme, 'durationWeeks' | 'completionRate'>): number {
  return beds / meanStayWeeks(programme);
}
