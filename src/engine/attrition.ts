/**
 * Attrition counted once.
 *
 * A programme's completion rate is the share of starters who complete, all causes included: the
 * sources' rates (C-SOTP 59 of 63 starters, DOMAIN.md section 4) already count every loss. So a
 * man on a course is held: a transfer out due during it waits for the course's end (for a
 * drop-out, the week he drops out), and whether he completes is the completion rate's draw alone.
 * Release cannot be held: a man released during a course does not complete it (a start needs
 * `minWeeksLeftToStart` to serve, so this happens only where that is shorter than the course).
 *
 * A man moved for treatment (a referral start) takes the receiving establishment's hazards: his
 * home prison's transfer-out draw no longer applies, and one at the receiver's rate replaces it.
 */
import type { People } from './people.js';
import type { RandomStream } from '../random/streams.js';

/**
 * The week a man on a course ending at `courseEnd` leaves, if held: a transfer (a departure
 * before release) due during the course moves to its end; release stays where it is.
 */
export function heldDepartWeek(departWeek: number, releaseWeek: number, courseEnd: number): number {
  if (departWeek >= courseEnd || departWeek >= releaseWeek) return departWeek;
  return Math.min(courseEnd, releaseWeek);
}

/**
 * The week a man moved at week `week` to a site transferring out `transfersOutPerWeek` of its
 * population a week leaves: release, or a transfer drawn at the receiver's rate from `u`, a
 * uniform draw in [0, 1) (the exponential waiting time of arrive(), from the week after).
 */
export function departWeekAfterMove(week: number, releaseWeek: number, transfersOutPerWeek: number, u: number): number {
  if (transfersOutPerWeek <= 0) return releaseWeek;
  const transfer = week + 1 + Math.floor(-Math.log(1 - u) / transfersOutPerWeek);
  return Math.min(releaseWeek, transfer);
}

/**
 * The weeks a man with `weeksToRelease` to serve can expect to stay at a prison that transfers out
 * `transfersOutPerWeek`, from now: the mean of departWeekAfterMove's week less this one, the sum
 * over k < weeksToRelease of exp(-rate k).
 */
export function expectedWeeksAfterMove(weeksToRelease: number, transfersOutPerWeek: number): number {
  if (weeksToRelease <= 0) return 0;
  if (transfersOutPerWeek <= 0) return weeksToRelease;
  return Math.expm1(-transfersOutPerWeek * weeksToRelease) / Math.expm1(-transfersOutPerWeek);
}

/**
 * The week of an arrival's transfer out, drawn at `transfersOutPerWeek` from the next uniform u of
 * `rng` (week + 1 + floor(-log(1 - u) / rate), as departWeekAfterMove), where it falls before
 * `depart`, else -1; u is drawn either way. Why the test before the log: -log(1 - u) >= u, so a u
 * above the weeks to departure times the rate (a margin for rounding) cannot fall before it, and
 * most short stays need no log (about 1.6% of a national replication went on it). The uniform is
 * drawn here, not passed in: arrive() is too large for this to be inlined, and a double argument
 * is boxed at each call.
 */
export function transferBefore(week: number, depart: number, transfersOutPerWeek: number, rng: RandomStream): number {
  const u = rng.next();
  if (u > (depart - week - 1) * transfersOutPerWeek * (1 + 1e-9)) return -1;
  const transfer = week + 1 + Math.floor(-Math.log(1 - u) / transfersOutPerWeek);
  return transfer < depart ? transfer : -1;
}

/**
 * Moves person i's departure to week `to` in the per-week linked lists of departures
 * (departuresHead / nextDeparture), unlinking them from the old week's list. Weeks at or past the
 * horizon have no list.
 */
export function rescheduleDeparture(people: People, departuresHead: Int32Array, i: number, to: number): void {
  const from = people.departWeek[i];
  if (from === to) return;
  const weeks = departuresHead.length;
  if (from >= 0 && from < weeks) people.unlinkDeparture(departuresHead, i, from);
  people.departWeek[i] = to;
  if (to >= 0 && to < weeks) people.linkDeparture(departuresHead, i, to);
}
