/**
 * A hub's opening men who may change places with a man of a referring prison moved in for a
 * course under way (HandOver.refillCourses, partnerFor), with the places in the list of those
 * of each offence and sentence.
 *
 * Why: the partner is the best by hubReturns.ts openingPartnerScore, first found walking the list
 * from a drawn place, and the score puts offence and sentence above all else. A walk over the
 * whole list for each man moved in scored every man of every segment (about 1,000 at a hub, for
 * each of about 300 moved in: 56 ms of a West Midlands replication's 340). Where a man of his
 * offence and sentence can take it, the walk over those alone, from the same place in the same
 * order, finds the same partner; only where none can is the whole list walked.
 */
import { lowerBound } from './hubReturns.js';
import type { People } from './people.js';

export class OpeningPartners {
  /** Per offence and sentence (segmentKey): the places in `men` of men of it, increasing. */
  private readonly places = new Map<number, number[]>();

  constructor(
    /** The men, in the order a walk meets them; one taken is replaced by the last (take). */
    readonly men: number[],
    private readonly people: People,
    private readonly offence: number,
    private readonly sentence: number,
  ) {
    for (let at = 0; at < men.length; at++) {
      const key = this.segmentKey(men[at]);
      const list = this.places.get(key);
      if (list) list.push(at);
      else this.places.set(key, [at]);
    }
  }

  /** Person i's offence and sentence as one number. */
  segmentKey(i: number): number {
    const { codes, attributes } = this.people;
    return (codes[i * attributes + this.offence] << 8) | codes[i * attributes + this.sentence];
  }

  /** The places in `men` of the men of i's offence and sentence, increasing (not to be changed). */
  placesLike(i: number): readonly number[] {
    return this.places.get(this.segmentKey(i)) ?? NONE;
  }

  /** Takes the man at place `at` out, the last man moving into his place; returns him. */
  take(at: number): number {
    const men = this.men;
    const last = men.length - 1;
    const j = men[at];
    this.drop(j, at);
    if (at !== last) {
      const m = men[last];
      this.drop(m, last);
      const list = this.places.get(this.segmentKey(m)) as number[];
      list.splice(lowerBound(list, at), 0, at);
      men[at] = m;
    }
    men.pop();
    return j;
  }

  private drop(j: number, at: number): void {
    const list = this.places.get(this.segmentKey(j)) as number[];
    list.splice(lowerBound(list, at), 1);
  }
}

const NONE: readonly number[] = [];
