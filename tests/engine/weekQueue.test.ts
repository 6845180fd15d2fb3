import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { WeekQueue } from '../../src/engine/weekQueue.js';

/** The queue's entries due in week w, in the order it gives them (reading, not releasing). */
function entries(q: WeekQueue, w: number): number[][] {
  const out: number[][] = [];
  for (let k = q.head(w); k >= 0; k = q.next[k])
    out.push(Array.from(q.values.subarray(k * q.stride, (k + 1) * q.stride)));
  return out;
}

type Op =
  | { kind: 'push'; week: number; values: [number, number, number] }
  | { kind: 'read'; week: number }
  | { kind: 'remap'; from: number; keep: number };

describe('WeekQueue', () => {
  it('gives a week its entries in the order pushed, one pushed while the week is read included', () => {
    const q = new WeekQueue(4, 1, 2);
    q.push(1, 10);
    q.push(2, 20);
    q.push(1, 11);
    const seen: number[] = [];
    for (let k = q.head(1); k >= 0; k = q.next[k]) {
      const i = q.values[k];
      seen.push(i);
      // Grows the arrays mid-read (capacity 2): the read goes on through them.
      if (i === 10) for (let n = 0; n < 5; n++) q.push(1, 100 + n);
    }
    expect(seen).toEqual([10, 11, 100, 101, 102, 103, 104]);
    q.release(1);
    expect(entries(q, 1)).toEqual([]);
    expect(entries(q, 2)).toEqual([[20]]);
  });

  it('behaves as an array a week under any pushes, reads with release, and renumbering', () => {
    const weeks = 6;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('push' as const),
        week: fc.integer({ min: 0, max: weeks - 1 }),
        values: fc.tuple(
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 9 }),
          fc.integer({ min: 0, max: 2 }),
        ),
      }),
      fc.record({ kind: fc.constant('read' as const), week: fc.integer({ min: 0, max: weeks - 1 }) }),
      fc.record({
        kind: fc.constant('remap' as const),
        from: fc.integer({ min: 0, max: weeks - 1 }),
        keep: fc.integer({ min: 1, max: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.constantFrom(1, 3), (ops: Op[], stride) => {
        const q = new WeekQueue(weeks, stride, 1);
        const model: number[][][] = Array.from({ length: weeks }, () => []);
        for (const o of ops) {
          if (o.kind === 'push') {
            q.push(o.week, ...o.values);
            model[o.week].push(o.values.slice(0, stride));
          } else if (o.kind === 'read') {
            expect(entries(q, o.week)).toEqual(model[o.week]);
            q.release(o.week);
            model[o.week] = [];
          } else {
            // Keep every person whose number is a multiple of `keep`, renumbered to number / keep.
            const map = Int32Array.from({ length: 31 }, (_, i) => (i % o.keep === 0 ? i / o.keep : -1));
            q.remap(map, o.from);
            for (let w = o.from; w < weeks; w++)
              model[w] = model[w].filter((e) => map[e[0]] >= 0).map((e) => [map[e[0]], ...e.slice(1)]);
          }
        }
        for (let w = 0; w < weeks; w++) expect(entries(q, w)).toEqual(model[w]);
      }),
      { numRuns: 300 },
    );
  });

  it('starts empty again after a reset, for a run of another length', () => {
    const q = new WeekQueue(3, 1);
    q.push(2, 7);
    q.reset(5);
    for (let w = 0; w < 5; w++) expect(entries(q, w)).toEqual([]);
    q.push(4, 8);
    expect(entries(q, 4)).toEqual([[8]]);
  });
});
