/**
 * A replication's courses, begun in the window or handed over at its start, as columns of typed
 * arrays (one row a course, in the order begun), with the courses ending in each week threaded
 * through a WeekQueue.
 *
 * Why not an object a course in an array a week: a national replication begins about 31,000
 * courses in its three-year window (`npm run bench:simpy` counts them) and more in its warm-up,
 * each an object and a place in a growing array, kept for weeks, so the young generation's
 * collector copied them and promoted them. Here a course is a row of arrays kept from
 * one replication to the next (ReplicationMemory), and a week's entries are freed once read.
 */
import { widened, type Column } from './typedArrays.js';
import { WeekQueue } from './weekQueue.js';

export class CourseTable {
  /** Courses in the table: rows 0 to count - 1. */
  count = 0;
  person: Int32Array;
  programme: Int32Array;
  establishment: Int32Array;
  /** Week the course ends (a completion, or the man's leaving it unfinished). */
  endWeek: Int32Array;
  /** 1: it completes at endWeek; 0: he leaves it unfinished then. */
  completes: Uint8Array;
  /** The courses ending in each week of the run, by row: compact() renumbers them. */
  readonly ending: WeekQueue;

  constructor(weeks: number, capacity = 256) {
    this.person = new Int32Array(capacity);
    this.programme = new Int32Array(capacity);
    this.establishment = new Int32Array(capacity);
    this.endWeek = new Int32Array(capacity);
    this.completes = new Uint8Array(capacity);
    this.ending = new WeekQueue(weeks, 1);
  }

  /** Empty, for a run of `weeks` weeks (keeping the room grown to). */
  reset(weeks: number): void {
    this.count = 0;
    this.ending.reset(weeks);
  }

  /** A course of person i on programme p at e, ending in `endWeek`; queued for that week if the run reaches it. */
  add(i: number, p: number, e: number, endWeek: number, completes: boolean, weeks: number): void {
    const k = this.count;
    if (k === this.person.length) this.grow();
    this.person[k] = i;
    this.programme[k] = p;
    this.establishment[k] = e;
    this.endWeek[k] = endWeek;
    this.completes[k] = completes ? 1 : 0;
    this.count = k + 1;
    if (endWeek < weeks) this.ending.push(endWeek, k);
  }

  /**
   * Keeps the courses under way at the start of week w (ending in w or later), in order, marking
   * their men in `people` (0: kept, as compaction.ts expects); `rows` is scratch for the old rows'
   * new numbers (-1: dropped), at least `count` long. The week queue from w on is renumbered.
   */
  compact(w: number, people: Int32Array, rows: Int32Array): void {
    let n = 0;
    for (let k = 0; k < this.count; k++) {
      if (this.endWeek[k] < w) {
        rows[k] = -1;
        continue;
      }
      people[this.person[k]] = 0;
      rows[k] = n;
      if (n !== k) {
        this.person[n] = this.person[k];
        this.programme[n] = this.programme[k];
        this.establishment[n] = this.establishment[k];
        this.endWeek[n] = this.endWeek[k];
        this.completes[n] = this.completes[k];
      }
      n++;
    }
    this.count = n;
    this.ending.remap(rows, w);
  }

  /** The table of people renumbered: person i is now map[i]. */
  remapPeople(map: Int32Array): void {
    for (let k = 0; k < this.count; k++) this.person[k] = map[this.person[k]];
  }

  private grow(): void {
    const n = 2 * this.person.length;
    const widen = <T extends Column>(a: T): T => widened(a, n);
    this.person = widen(this.person);
    this.programme = widen(this.programme);
    this.establishment = widen(this.establishment);
    this.endWeek = widen(this.endWeek);
    this.completes = widen(this.completes);
  }
}
