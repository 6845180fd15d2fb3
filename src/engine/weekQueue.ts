import { widened } from './typedArrays.js';

/**
 * Events due in a later week (a man sentenced, reassessed at a threshold of time left, assessed
 * again), as one first-in first-out list a week threaded through typed arrays: an entry is
 * `stride` whole numbers, the first of them a person's slot (compaction renumbers it).
 *
 * Why not an array a week: a national replication scheduled about 1.5 million such events into
 * growing `number[]` buckets that lived for weeks, so the young generation's collector copied them
 * and promoted them, and the old generation's collected them again (about a tenth of the
 * replication's time in garbage collection). Here an entry is a few slots of arrays kept from one
 * replication to the next, and a week's entries are freed for reuse once the week has read them.
 *
 * Entries of a week are read in the order they were pushed, as an array's would be, and one pushed
 * to the week being read is read in the same pass: read `next` and `values` afresh at each step
 * (a push may grow them).
 */
export class WeekQueue {
  /** Per week, its first and last entry, or -1. */
  private first: Int32Array;
  private last: Int32Array;
  /** Per entry, the next entry of its week, or -1 (for a free entry, the next free one). */
  next: Int32Array;
  /** Per entry, its `stride` numbers: entry k's start at k * stride. */
  values: Int32Array;
  /** Weeks in use (the arrays may hold more, kept from a longer run). */
  private weeks = 0;
  /** Entries ever handed out since the reset, and the head of those freed since (-1: none). */
  private used = 0;
  private free = -1;

  constructor(
    weeks: number,
    readonly stride: number,
    capacity = 1024,
  ) {
    this.first = new Int32Array(weeks);
    this.last = new Int32Array(weeks);
    this.next = new Int32Array(capacity);
    this.values = new Int32Array(capacity * stride);
    this.reset(weeks);
  }

  /** Empty, for a run of `weeks` weeks (keeping the room grown to). */
  reset(weeks: number): void {
    if (this.first.length < weeks) {
      this.first = new Int32Array(weeks);
      this.last = new Int32Array(weeks);
    }
    this.weeks = weeks;
    this.first.fill(-1, 0, weeks);
    this.last.fill(-1, 0, weeks);
    this.used = 0;
    this.free = -1;
  }

  /** Entry (a, b, c), as far as the stride takes, due in `week` (0 <= week < weeks), after those there. */
  push(week: number, a: number, b = 0, c = 0): void {
    let k = this.free;
    if (k >= 0) this.free = this.next[k];
    else {
      k = this.used++;
      if (k === this.next.length) this.grow();
    }
    const stride = this.stride;
    const values = this.values;
    values[k * stride] = a;
    if (stride > 1) values[k * stride + 1] = b;
    if (stride > 2) values[k * stride + 2] = c;
    this.next[k] = -1;
    const tail = this.last[week];
    if (tail >= 0) this.next[tail] = k;
    else this.first[week] = k;
    this.last[week] = k;
  }

  /** The first entry due in `week`, or -1; then `next[k]` until -1. */
  head(week: number): number {
    return this.first[week];
  }

  /** Frees `week`'s entries for reuse, once read: the week is never read again. */
  release(week: number): void {
    const head = this.first[week];
    if (head < 0) return;
    this.next[this.last[week]] = this.free;
    this.free = head;
    this.first[week] = -1;
    this.last[week] = -1;
  }

  /**
   * The table of people renumbered (compaction.ts): each entry's person is now map[person], and
   * an entry whose person was dropped (map -1) is freed. Weeks `from` on; the order is kept.
   */
  remap(map: Int32Array, from: number): void {
    const stride = this.stride;
    const values = this.values;
    const next = this.next;
    for (let w = from; w < this.weeks; w++) {
      let k = this.first[w];
      let kept = -1;
      while (k >= 0) {
        const after = next[k];
        const j = map[values[k * stride]];
        if (j < 0) {
          next[k] = this.free;
          this.free = k;
        } else {
          values[k * stride] = j;
          if (kept >= 0) next[kept] = k;
          else this.first[w] = k;
          kept = k;
        }
        k = after;
      }
      if (kept >= 0) next[kept] = -1;
      else this.first[w] = -1;
      this.last[w] = kept;
    }
  }

  private grow(): void {
    const capacity = this.next.length * 2;
    this.next = widened(this.next, capacity);
    this.values = widened(this.values, capacity * this.stride);
  }
}
