/**
 * Compaction of the table of people: at a week boundary, the people still needed are renumbered
 * 0 .. kept - 1 in the order they had (so in the order they were added), every structure holding a
 * person index is renumbered with them, and the slots of everyone else are freed for the people
 * received next. Without it the table only grew: every reception took a new slot and a departed
 * man's was never used again (national passed ~805,000 people through a replication for 85,000
 * inside; a 520-week warm-up of the West Midlands held 154,000 slots against 56,000 for 104 weeks).
 *
 * Why compaction and not a free list of departed slots: the lists' last tie-break is the person
 * index (waitingLists.ts rankBefore, before) and the swap search walks people in index order
 * (hubReturns.ts SwapCandidates); a reused slot would put a new man before older ones there. Kept
 * in order, indices compare as they did. What was keyed on the index itself (every hashUniform
 * draw, the tie-break draw, the swap search's starting point) is keyed on People.serial instead,
 * the index the person would have had in a table never compacted. So results do not change at all
 * whatever the policy (tests/engine/compaction.test.ts runs every built-in compacting every week,
 * every 13 weeks and never, and compares the results byte for byte).
 *
 * Who is kept: everyone inside (departWeek at or after the week), and anyone a structure still
 * settles later: a man on a waiting list (lists are settled lazily, with his record: waitingLists.ts
 * entryEnd) and a man on a course that has not ended. Everyone else has left and nothing will read
 * his slot again; the buckets that name him skip a man who has left (checked below per structure).
 *
 * Every structure that holds a person index, and what compaction does to it:
 * - People (people.ts): every column, and the departure lists' links (nextDeparture, prevDeparture);
 *   departuresHead for this week on (earlier weeks' lists are never read again).
 * - Waiting lists (waitingList.ts `person`): renumbered (everyone on them is kept), order untouched.
 * - Courses (courseTable.ts CourseTable.person): the table keeps those not yet ended (endWeek at
 *   or after the week: accounting.ts reads only those at the end, warmup.ts those under way at
 *   the hand-over), in order, renumbered; its weeks' queues of courses ending are renumbered to
 *   the rows kept.
 * - The reassessments and sentencings due (custody.ts, weekQueue.ts WeekQueue), this week on: a
 *   man who has left is skipped there (departWeek <= w), so dropped.
 * - The assessments due (assessment.ts AssessmentQueue), this week on, and those due after the
 *   last week (handed over by a warm-up to men still inside only): dropped where he has left.
 * - The needs ledger (needs.ts NeedLedger, row i * needs + n): rows renumbered.
 * - The caseload (caseload.ts): per-person columns renumbered, its weekly events dropped where he
 *   has left (skipped there).
 * - Hub returns (hubReturns.ts HubReturns: home, returning), swap candidates (SwapCandidates),
 *   men referred in and partners swapped out last week (moves.ts referredIn, swappedOut):
 *   renumbered, a man who has left dropped (each is asked only of men inside).
 * - Week-0 structures (custody.ts deferred; handOverRecords.ts pending, pendingTaken; handOverCourses.ts refillCourses'
 *   pools), a week's scratch (transferring, inKind, held, chosen): empty at a week boundary.
 * - The warm-up's hand-over (serviceSnapshot.ts ServiceSnapshot) reads the warm-up's table at its end: it
 *   takes the compacted table as it is (sized by its count), so a compaction at the warm-up's end
 *   shrinks the snapshot's arrays too.
 */
import type { People } from './people.js';
import type { WaitingList } from './waitingList.js';

/**
 * When to compact: 'auto' (once the table holds COMPACT_AT times the people last kept, or inside,
 * whichever is more, or GROW_AT times that where the next week's receptions would otherwise grow
 * the table: amortised O(1) a person either way), 'never', or every n weeks (tests: results must
 * not change).
 */
export type CompactionPolicy = 'auto' | 'never' | number;

/** Fewest slots worth compacting: a small table is cheaper to keep than to renumber. */
const MIN_SLOTS = 1024;

/**
 * Compact once the table holds this many times the people needed. A compaction costs the table
 * (renumbering every slot) plus every list (settling men gone, renumbering): at twice, national
 * compacted 15 times a replication, 600-650 ms CPU of about 5,000; at three times 7 times, about
 * 450 ms, for half as many slots again (people.ts expectedSlots, budget.ts).
 */
export const COMPACT_AT = 3;
/** Or this many times, where next week's receptions would otherwise grow the table. */
const GROW_AT = 2;

/**
 * Whether to compact at the start of week w (w > 0): `count` slots used of `capacity`, `inside`
 * people inside, `lastKept` kept last time, `lastWeek` added last week; `at` times the people
 * needed (COMPACT_AT, or fewer where what follows reads the whole table once, as a hand-over).
 */
export function compactionDue(
  policy: CompactionPolicy,
  w: number,
  count: number,
  capacity: number,
  inside: number,
  lastKept: number,
  lastWeek: number,
  at = COMPACT_AT,
): boolean {
  if (policy === 'never') return false;
  if (policy !== 'auto') return w % policy === 0;
  if (count < MIN_SLOTS) return false;
  const needed = Math.max(inside, lastKept);
  return count >= at * needed || (count + 2 * lastWeek > capacity && count >= GROW_AT * needed);
}

/**
 * The new slot of each person (map[i], or -1 where dropped), keeping those inside at week w
 * (departWeek >= w) and those `marked` (map[i] set to 0 beforehand by the caller): returns how
 * many are kept. `map` is at least people.count long.
 */
export function renumber(people: People, w: number, map: Int32Array): number {
  const depart = people.departWeek;
  let kept = 0;
  for (let i = 0, n = people.count; i < n; i++) {
    if (map[i] === 0 || depart[i] >= w) map[i] = kept++;
    else map[i] = -1;
  }
  return kept;
}

/** Marks (map[i] = 0) everyone on a list. map is filled with -1 before marking. */
export function markLists(lists: readonly (readonly WaitingList[])[], map: Int32Array): void {
  for (const row of lists) {
    for (const list of row) {
      const person = list.person;
      for (let k = 0, n = list.size; k < n; k++) map[person[k]] = 0;
    }
  }
}

/** Renumbers every list's entries (all kept). */
export function remapLists(lists: readonly (readonly WaitingList[])[], map: Int32Array): void {
  for (const row of lists) {
    for (const list of row) {
      const person = list.person;
      for (let k = 0, n = list.size; k < n; k++) person[k] = map[person[k]];
    }
  }
}

/** Renumbers a list of people in place, dropping those not kept, in order (stride: a person every `stride` numbers, the rest carried). */
export function remapIndices(list: number[], map: Int32Array, stride = 1, at = 0): void {
  let n = 0;
  for (let k = 0; k < list.length; k += stride) {
    const j = map[list[k + at]];
    if (j < 0) continue;
    for (let s = 0; s < stride; s++) list[n + s] = list[k + s];
    list[n + at] = j;
    n += stride;
  }
  list.length = n;
}

/** Renumbers a set of people, dropping those not kept. */
export function remapSet(set: Set<number>, map: Int32Array): void {
  if (set.size === 0) return;
  const kept: number[] = [];
  for (const i of set) if (map[i] >= 0) kept.push(map[i]);
  set.clear();
  for (const j of kept) set.add(j);
}
