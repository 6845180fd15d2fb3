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

/**
 * Rank of each band of an ordered attribute: its position among the bands with a range, so a
 * higher band ranks higher; a band with no range ("unknown") ranks below all of them.
 */
export function bandRanks(attribute: Attribute): Int8Array {
  let rank = 0;
  return Int8Array.from(attribute.categories, (k) => (k.min === undefined && k.max === undefined ? -1 : rank++));
}
