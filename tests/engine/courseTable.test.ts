import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CourseTable } from '../../src/engine/courseTable.js';

interface ModelCourse {
  person: number;
  programme: number;
  establishment: number;
  endWeek: number;
  completes: boolean;
}

/** The table's rows as objects, in row order. */
function rows(t: CourseTable): ModelCourse[] {
  return Array.from({ length: t.count }, (_, k) => ({
    person: t.person[k],
    programme: t.programme[k],
    establishment: t.establishment[k],
    endWeek: t.endWeek[k],
    completes: t.completes[k] === 1,
  }));
}

/** The courses the table says end in week w, in the order it gives them. */
function ending(t: CourseTable, w: number): ModelCourse[] {
  const out: ModelCourse[] = [];
  for (let k = t.ending.head(w); k >= 0; k = t.ending.next[k]) out.push(rows(t)[t.ending.values[k]]);
  return out;
}

describe('CourseTable', () => {
  it('queues a course for the week it ends, unless that is past the run', () => {
    const t = new CourseTable(10, 2);
    t.add(7, 1, 0, 4, true, 10);
    t.add(8, 2, 1, 12, false, 10);
    t.add(9, 1, 0, 4, false, 10);
    expect(t.count).toBe(3);
    expect(ending(t, 4).map((c) => c.person)).toEqual([7, 9]);
    // Ending after the run: kept in the table (a warm-up hands it over), in no week's queue.
    expect(rows(t)[1]).toEqual({ person: 8, programme: 2, establishment: 1, endWeek: 12, completes: false });
    for (let w = 0; w < 10; w++) if (w !== 4) expect(ending(t, w)).toEqual([]);
  });

  it('drops ended courses at a compaction and renumbers the weeks still to read', () => {
    const t = new CourseTable(8, 2);
    t.add(3, 0, 0, 0, true, 8);
    t.add(4, 1, 1, 2, false, 8);
    t.ending.release(0);
    const people = new Int32Array(5).fill(-1);
    t.compact(1, people, new Int32Array(t.count));
    expect(Array.from(people)).toEqual([-1, -1, -1, -1, 0]);
    t.remapPeople(Int32Array.from([-1, -1, -1, -1, 0]));
    expect(rows(t)).toEqual([{ person: 0, programme: 1, establishment: 1, endWeek: 2, completes: false }]);
    expect(ending(t, 2)).toEqual(rows(t));
  });

  it('behaves as an array of course objects and an array a week under adds, weeks read and compactions', () => {
    const weeks = 8;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        person: fc.integer({ min: 0, max: 30 }),
        programme: fc.integer({ min: 0, max: 5 }),
        length: fc.integer({ min: 0, max: 10 }),
        completes: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('week' as const) }),
      fc.record({ kind: fc.constant('compact' as const), keep: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        // Capacity 2: the columns grow along the way.
        const t = new CourseTable(weeks, 2);
        // The engine's old layout, as the model: every course an object, in a list and a week's array.
        let list: ModelCourse[] = [];
        const buckets: ModelCourse[][] = Array.from({ length: weeks }, () => []);
        let w = 0;
        for (const o of ops) {
          if (o.kind === 'add') {
            const c = {
              person: o.person,
              programme: o.programme,
              establishment: o.programme % 2,
              endWeek: w + o.length,
              completes: o.completes,
            };
            t.add(c.person, c.programme, c.establishment, c.endWeek, c.completes, weeks);
            list.push(c);
            if (c.endWeek < weeks) buckets[c.endWeek].push(c);
          } else if (o.kind === 'week') {
            if (w >= weeks) continue;
            expect(ending(t, w)).toEqual(buckets[w].map((c) => ({ ...c })));
            t.ending.release(w);
            w++;
          } else {
            // Compaction at the start of week w: people of courses under way kept (0), renumbered
            // by dropping everyone whose number is not a multiple of `keep`... unless on a course.
            const people = new Int32Array(31).fill(-1);
            t.compact(w, people, new Int32Array(t.count));
            list = list.filter((c) => c.endWeek >= w);
            const marked = new Set(list.map((c) => c.person));
            for (let i = 0; i < 31; i++) expect(people[i] === 0).toBe(marked.has(i));
            const map = new Int32Array(31).fill(-1);
            let next = 0;
            for (let i = 0; i < 31; i++) if (marked.has(i) || i % o.keep === 0) map[i] = next++;
            t.remapPeople(map);
            for (const c of list) c.person = map[c.person];
          }
          expect(rows(t)).toEqual(list.map((c) => ({ ...c })));
        }
      }),
      { numRuns: 500 },
    );
  });
});
