/**
 * How a waiting list is ordered, as the sources allocate places.
 *
 * - "Higher OGRS first" ranks by ordinal band (OGRS 25-49 below 50-74), never by a score
 *   inside a band: the annexes say a man in a lower band "would not secure a place above another
 *   offender with a higher OGRS score", and say nothing of scores within a band.
 * - Equals on every key are taken by the week they joined (first come, first served), then by
 *   a seeded draw per person (`People.tieBreak`), never by person index, which follows the order
 *   the synthetic cells were drawn in.
 */
import type { Attribute } from '../scenario/schema.js';
import type { CompiledPriorityKey, CompiledSegment } from './compile.js';
import type { CompiledCriterion } from '../rules/criteria.js';

/**
 * Rank of each band of an ordered attribute: its position among the bands with a range, so a
 * higher band ranks higher; a band with no range ("unknown") ranks below all of them.
 */
export function bandRanks(attribute: Attribute): Int8Array {
  let rank = 0;
  return Int8Array.from(attribute.categories, (k) => (k.min === undefined && k.max === undefined ? -1 : rank++));
}

/** Whether any segment of a delivery keeps places for itself. */
export function hasReservations(segments: readonly CompiledSegment[]): boolean {
  return segments.some((s) => s.reservedShare !== null || s.reservedPlaces !== null);
}

/**
 * Places of group n (0-based) kept for a segment. A share is rounded group by group so that it
 * holds over the groups (a quarter of groups of 10: 3, 2, 3, 2, ...), not rounded the same way
 * every time.
 */
export function reservedPlaces(segment: CompiledSegment, groupSize: number, n: number): number {
  if (segment.reservedPlaces !== null) return Math.min(segment.reservedPlaces, groupSize);
  if (segment.reservedShare === null) return 0;
  const per = segment.reservedShare * groupSize;
  return Math.floor(per * (n + 1) + 0.5) - Math.floor(per * n + 0.5);
}

/**
 * A group of `size` from the best candidates, each list best first: `general`, the `size` best of
 * everyone free to start, and per segment the best of its members (enough of them to fill its
 * reserved places after other segments have taken theirs). Each segment's reserved places go
 * first, to its members in rank order (a man fills at most one reserved place, in the first
 * segment listed that he is in and that has room). The places left, with any reserved place its
 * segment could not fill, go to everyone else in rank order: a place kept for a segment with
 * nobody waiting is released at that start, never left empty (a closed group cannot take him
 * later). Writes the reserved places each segment filled into `filled`; returns the picks.
 */
export function pickWithReservations(
  general: readonly number[],
  bySegment: readonly (readonly number[])[],
  reserved: readonly number[],
  size: number,
  filled: number[],
): number[] {
  const picks: number[] = [];
  for (let s = 0; s < reserved.length; s++) {
    filled[s] = 0;
    for (const k of bySegment[s]) {
      if (filled[s] >= reserved[s] || picks.length >= size) break;
      if (picks.includes(k)) continue;
      picks.push(k);
      filled[s]++;
    }
  }
  for (const k of general) {
    if (picks.length >= size) break;
    if (!picks.includes(k)) picks.push(k);
  }
  return picks;
}

/** Priority key kinds (CompiledPriorityKey.by, with OGRS's direction). */
export const KEY_OGRS = 0;
export const KEY_OGRS_DESCENDING = 1;
export const KEY_RELEASE_DATE = 2;
export const KEY_WAITING_TIME = 3;
export const KEY_CRITERIA = 4;

/** A priority key as a number (KEY_*), so a comparison reads no strings. */
export function keyKind(key: CompiledPriorityKey): number {
  switch (key.by) {
    case 'ogrs':
      return key.descending ? KEY_OGRS_DESCENDING : KEY_OGRS;
    case 'releaseDate':
      return KEY_RELEASE_DATE;
    case 'waitingTime':
      return KEY_WAITING_TIME;
    case 'criteria':
      return KEY_CRITERIA;
  }
}

/**
 * Bits a key takes in a rank packed per entry (WaitingList.rank): a band's rank (-128 to 127,
 * either way round, offset by 128), or a week (offset by 2^20; a week outside +-2^20 does not pack).
 */
export const BAND_BITS = 9;
export const WEEK_BITS = 21;
export const WEEK_OFFSET = 2 ** 20;

/**
 * Whether a list ordered by these keys can keep each entry's place as one number fixed at joining
 * (WaitingList.rank): OGRS band, release date and waiting time only (a person's band and
 * earliest release never change, nor an entry's week joined), then the week joined, within a
 * double's 53 bits.
 */
export function packsAtJoining(kinds: Int8Array): boolean {
  let bits = 0;
  let joined = false;
  for (const kind of kinds) {
    if (kind === KEY_OGRS || kind === KEY_OGRS_DESCENDING) bits += BAND_BITS;
    else if (kind === KEY_RELEASE_DATE) bits += WEEK_BITS;
    else if (kind === KEY_WAITING_TIME) {
      bits += WEEK_BITS;
      joined = true;
    } else return false;
  }
  // The week joined breaks ties after the keys (already one where waiting time is).
  if (!joined) bits += WEEK_BITS;
  return bits <= 53;
}

/**
 * The segments' criteria where membership can be kept per entry from joining (WaitingList.member):
 * every criterion reads attribute codes alone, and not the sentence (the one code that changes,
 * when a remand prisoner is sentenced); at most 31 segments. Else null.
 */
export function membershipAtJoining(
  segments: readonly CompiledSegment[],
  sentenceAttribute: number,
): CompiledCriterion[] | null {
  if (segments.length === 0 || segments.length > 31) return null;
  if (!segments.every((g) => g.when.isStatic && !g.when.attributes.has(sentenceAttribute))) return null;
  return segments.map((g) => g.when);
}
