/**
 * Waiting lists: one per establishment and programme, of entries (person, week joined, where he
 * joined from). Joining, the order of a list (priority keys, then week joined, then a seeded
 * draw; allocation.ts says why), a binary heap where that order is fixed at joining, and when an
 * entry's window closes and how it is settled (unmet need, with its reason, or withdrawn).
 *
 * Lists are settled lazily: an entry whose window has closed is counted at the week it closed,
 * when its list is next looked at or at the end of the horizon.
 */
import type { CompiledPriorityKey } from './compile.js';
import * as layout from './layout.js';
import type { CompiledCriterion } from '../rules/criteria.js';
import * as allocation from './allocation.js';
import * as unmetReasons from './unmetReasons.js';
import { NeedWindows } from './needWindows.js';
import type { WaitingList } from './waitingList.js';
import type { SupplyTests } from './replicationState.js';

export type { WaitingList } from './waitingList.js';

// Imported values used at every event, copied into module constants once: under tsx every read
// of an imported binding calls a getter (about 8% of a Stafford replication before such copies).
const { EXTRA, O } = layout;
const { Reason, WITHDRAWN } = unmetReasons;
const { KEY_OGRS, KEY_OGRS_DESCENDING, KEY_RELEASE_DATE, KEY_WAITING_TIME, KEY_CRITERIA } = allocation;
const { BAND_BITS, WEEK_BITS, WEEK_OFFSET } = allocation;
const BAND_RADIX = 2 ** BAND_BITS;
/** Band ranks run -128 to 127: offset so either direction packs as 0 to 2^BAND_BITS - 1. */
const BAND_OFFSET = 128;
const WEEK_RADIX = 2 ** WEEK_BITS;
/** Scratch not allocated yet: rankKeys makes its arrays when first asked (never written to). */
const NO_NUMBERS = new Float64Array(0);

export abstract class WaitingLists extends NeedWindows {
  /** Where person i at e would wait for programme p: here, or the site his need is referred to. */
  protected listFor(e: number, p: number): number {
    const establishment = this.c.establishments[e];
    const referral = establishment.referralTo[p];
    return !establishment.deliveries[p] && referral >= 0 ? referral : e;
  }

  protected join(i: number, e: number, p: number, week: number): void {
    this.people.markJoined(i, p);
    const establishment = this.c.establishments[e];
    const referral = establishment.referralTo[p];
    let listAt = e;
    if (!establishment.deliveries[p] && referral >= 0) {
      listAt = referral;
      this.addProgramme(e, p, EXTRA.referredOut, 1);
    }
    if (this.opening && this.setAside(listAt, p)) return;
    this.addEntry(this.lists[listAt][p], i, week, e, week);
    this.countOutcome(listAt, p, O.joined, i, week);
    this.needJoin(i, e, p, week);
    if (!this.opening && !this.warmingUp) this.countSupply(i, listAt, p, week);
    if (this.opening) this.countWaitingAtStart(i, listAt, p, week);
    if (!this.warmingUp) this.waitingDiff[listAt][p][week]++;
  }

  /**
   * Supply for the segments a site plans for: person i has joined, in the window, programme p's
   * list at `at`, one he could start from (eligible, suitable, with time left), or a transfer has
   * brought his place there. He is counted once per need there (on his first such list of any of
   * its first-stage alternatives; a programme in no declared need is its own, and a man referred
   * to it again is not counted again), in each
   * segment that a delivery at `at` of those alternatives plans for and that he is in; a segment id
   * planned for by several of them (Stafford's violent offenders, for TSP and for RESOLVE) is
   * counted at the first, so the men a segment's pooled plan can draw on are counted once
   * (results/segmentPlan.ts sets them against the starts planned from the segment).
   */
  protected countSupply(i: number, at: number, p: number, week: number): void {
    const n = this.firstStageNeed[p];
    if (n >= 0) {
      if (!this.needs.markSupplied(i * this.needCount + n, at)) return;
    } else if (this.people.wasReferredAgain(i, p)) return;
    const k = at * this.programmeCount + p;
    const tests = this.supplyTests[k] ?? (this.supplyTests[k] = this.supplyTestsFor(at, p));
    const when = tests.when;
    for (let t = 0; t < when.length; t++) if (this.matches(when[t], i, week) === 1) this.add(tests.scalar[t], 1);
  }

  /**
   * countSupply's tests at `at` for a join to p, worked out once per batch (Shared.supply): each
   * segment planned for by a delivery there of p's need's first-stage alternatives (or p alone), in
   * order, with its supply scalar; a segment id planned for by an earlier alternative is left to it.
   */
  private supplyTestsFor(at: number, p: number): SupplyTests {
    const n = this.firstStageNeed[p];
    const alternatives = n >= 0 ? this.c.needs.declared[n].stages[0] : [p];
    const deliveries = this.c.establishments[at].deliveries;
    const L = this.c.layout;
    const when: CompiledCriterion[] = [];
    const scalar: number[] = [];
    for (let a = 0; a < alternatives.length; a++) {
      const segments = deliveries[alternatives[a]]?.segments;
      if (!segments) continue;
      for (let s = 0; s < segments.length; s++) {
        const id = segments[s].id;
        let earlier = false;
        for (let b = 0; b < a && !earlier; b++)
          earlier = deliveries[alternatives[b]]?.segments.some((g) => g.id === id) ?? false;
        if (earlier) continue;
        when.push(segments[s].when);
        scalar.push(L.segmentScalar(at, alternatives[a], s, 'supply'));
      }
    }
    return { when, scalar: Int32Array.from(scalar) };
  }

  /** A place on a list held since before the window (week < 0 when joined in the warm-up). */
  protected joinAt(i: number, e: number, listAt: number, p: number, week: number): void {
    if (this.setAside(listAt, p)) return;
    if (listAt !== e) this.addProgramme(e, p, EXTRA.referredOut, 1);
    this.addEntry(this.lists[listAt][p], i, week, e, 0);
    this.countOutcome(listAt, p, O.joined, i, 0);
    this.needJoin(i, e, p, 0);
    this.countWaitingAtStart(i, listAt, p, 0);
    this.waitingDiff[listAt][p][0]++;
  }

  /** A place on p's list at listAt when the window opens: joined at the start, waiting, and a re-referral's? */
  private countWaitingAtStart(i: number, listAt: number, p: number, week: number): void {
    this.addProgramme(listAt, p, EXTRA.joinedAtStart, 1);
    this.countOutcome(listAt, p, O.waitingAtStart, i, week);
    if (this.needStartedBeforeWindow(i, p)) this.addProgramme(listAt, p, EXTRA.reReferredAtStart, 1);
  }

  /**
   * Person i joins programme p's list and is at once unmet for `reason` (no window, or found not
   * suitable): counted in joined and unmetNeed, never waiting. The assessment funnel counts its
   * deselections through here with Reason.deselectedOrNotSuitable.
   */
  protected joinUnmet(i: number, e: number, p: number, week: number, reason: number): void {
    this.people.markJoined(i, p);
    const establishment = this.c.establishments[e];
    const referral = establishment.referralTo[p];
    const listAt = !establishment.deliveries[p] && referral >= 0 ? referral : e;
    this.countOutcome(listAt, p, O.joined, i, week);
    this.needJoin(i, e, p, week);
    this.countUnmet(listAt, p, i, week, reason);
    this.needPlaceClosed(i, p, week, reason);
  }

  /** Sizing's flow-only runs: this list's people waiting at the start are set aside (sizing.ts). */
  protected setAside(listAt: number, p: number): boolean {
    const lists = this.c.setAsideAtStart;
    return lists !== undefined && !this.warmingUp && lists.has(listAt * this.c.programmes.length + p);
  }

  /**
   * The week entry k of a list stops being able to start. A window closes at the first week
   * with less than `minWeeksLeftToStart` to serve; leaving custody or moving to another
   * establishment closes it earlier. Sets `endedByDeparture` (kept in a field: this runs for
   * every waiting entry at every group start, so it allocates nothing).
   */
  protected entryEnd(list: WaitingList, k: number, programme: number, listAt: number): number {
    const people = this.people;
    const i = list.person[k];
    const close = people.releaseWeek[i] - this.windowWeeks(i, programme) + 1;
    let leave = people.departWeek[i];
    // Leaving before release is a transfer (or a segment that moves on): "moved on".
    let moved = leave < people.releaseWeek[i];
    // Moved away from both where they joined and where the list is (a referral start at some
    // other site): this list is out of reach.
    const at = people.establishment[i];
    if (at !== list.origin[k] && at !== listAt && people.movedWeek[i] < leave) {
      leave = people.movedWeek[i];
      moved = true;
    }
    let end = close;
    this.endReason = Reason.tooLittleTimeWhileWaiting;
    if (leave < close) {
      end = leave;
      this.endReason = moved ? Reason.movedOn : Reason.releasedUntreated;
    }
    const withdrawn = this.withdrawnWeek(list, k, programme);
    if (withdrawn <= end) {
      end = withdrawn;
      this.endReason = WITHDRAWN;
    }
    return end;
  }

  /**
   * Whether entryEnd(list, k, programme, listAt) <= w, without working out why (entryEnd does,
   * for the entries settled): a group start asks it of every entry on the list.
   */
  protected endsBy(list: WaitingList, k: number, programme: number, listAt: number, w: number): boolean {
    const people = this.people;
    const i = list.person[k];
    if (people.releaseWeek[i] - this.windowWeeks(i, programme) + 1 <= w || people.departWeek[i] <= w) return true;
    // Moved away from both where he joined and where the list is, before leaving custody.
    const at = people.establishment[i];
    if (at !== list.origin[k] && at !== listAt && people.movedWeek[i] <= w) return true;
    return this.withdrawnWeek(list, k, programme) <= w;
  }

  /**
   * The week entry k's place was withdrawn because its man started another alternative of the
   * same need, or Infinity. A place taken after that start (a drop-out referred again,
   * needClosedTo) is a new one the start does not end.
   */
  protected withdrawnWeek(list: WaitingList, k: number, programme: number): number {
    const n = this.firstStageNeed[programme];
    if (n < 0) return Infinity;
    const i = list.person[k];
    const at = i * this.needCount + n;
    const withdrawn = this.needs.withdrawnFrom(at);
    const rejoined = list.joinWeek[k] > this.needs.startedAt(at) && this.people.wasReferredAgain(i, programme);
    return rejoined ? Infinity : withdrawn;
  }

  /** Why the entry entryEnd last looked at ends (kept in a field: entryEnd allocates nothing). */
  protected endReason: number = Reason.tooLittleTimeWhileWaiting;

  /** Settle entry k at `week`: unmet need, or withdrawn (after entryEnd, which says why). */
  protected settleUnmet(
    e: number,
    p: number,
    list: WaitingList,
    k: number,
    week: number,
    reason = this.endReason,
  ): void {
    const i = list.person[k];
    if (reason === WITHDRAWN) this.countOutcome(e, p, O.withdrawn, i, week);
    else this.countUnmet(e, p, i, week, reason);
    this.needPlaceClosed(i, p, week, reason);
    if (week < this.weeks && !this.warmingUp) this.waitingDiff[e][p][Math.max(week, list.joinWeek[k], 0)]--;
  }

  /** Takes entry k off a list, keeping a heap a heap. */
  protected removeEntry(list: WaitingList, k: number, w: number): void {
    if (!list.heap) {
      list.removeAt(k);
      return;
    }
    const last = list.size - 1;
    if (k !== last) list.swap(k, last);
    list.size = last;
    if (k < last) {
      this.siftDown(list, k, last, list.keys, w);
      this.siftUp(list, k, list.keys, w);
    }
  }

  /** Adds person i's entry (joined in `joinWeek`, from `origin`) to a list, in priority order at week w. */
  protected addEntry(list: WaitingList, i: number, joinWeek: number, origin: number, w: number): void {
    list.push(i, joinWeek, origin);
    const k = list.size - 1;
    // A week out of packing range: the list is ordered key by key from now (the same order).
    if (list.rank !== null && !this.packRank(list, k)) list.rank = null;
    if (list.member !== null) {
      const criteria = list.memberOf;
      let bits = 0;
      for (let g = 0; g < criteria.length; g++) if (this.matches(criteria[g], i, w) === 1) bits |= 1 << g;
      list.member[k] = bits;
    }
    if (list.heap) this.siftUp(list, k, list.keys, w);
  }

  /**
   * Packs entry k's keys and week joined into list.rank[k] (allocation.ts's packsAtJoining):
   * mixed radix, first key highest, so ranks compare as before() compares the keys. False where a
   * week falls outside the packing's range.
   */
  protected packRank(list: WaitingList, k: number): boolean {
    const people = this.people;
    const i = list.person[k];
    const kinds = list.kinds;
    let r = 0;
    let joined = false;
    for (let s = 0; s < kinds.length; s++) {
      const kind = kinds[s];
      if (kind === KEY_OGRS || kind === KEY_OGRS_DESCENDING) {
        const band = this.ogrsRank[people.codes[i * people.attributes + this.c.ogrsAttribute]];
        r = r * BAND_RADIX + (kind === KEY_OGRS ? band : -band) + BAND_OFFSET;
        continue;
      }
      const week = kind === KEY_RELEASE_DATE ? people.earliestReleaseWeek[i] : list.joinWeek[k];
      if (kind === KEY_WAITING_TIME) joined = true;
      if (week < -WEEK_OFFSET || week >= WEEK_OFFSET) return false;
      r = r * WEEK_RADIX + week + WEEK_OFFSET;
    }
    if (!joined) {
      const week = list.joinWeek[k];
      if (week < -WEEK_OFFSET || week >= WEEK_OFFSET) return false;
      r = r * WEEK_RADIX + week + WEEK_OFFSET;
    }
    (list.rank as Float64Array)[k] = r;
    return true;
  }

  protected siftUp(list: WaitingList, k: number, keys: readonly CompiledPriorityKey[], w: number): void {
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      if (!this.before(list, k, parent, keys, w)) return;
      list.swap(k, parent);
      k = parent;
    }
  }

  /** Restore the heap below k, over the first n entries. */
  protected siftDown(list: WaitingList, k: number, n: number, keys: readonly CompiledPriorityKey[], w: number): void {
    for (;;) {
      const left = 2 * k + 1;
      if (left >= n) return;
      const right = left + 1;
      const best = right < n && this.before(list, right, left, keys, w) ? right : left;
      if (!this.before(list, best, k, keys, w)) return;
      list.swap(best, k);
      k = best;
    }
  }

  /** Insert entry k into `chosen` (kept best first, at most `size` long) if it ranks high enough. */
  protected offer(
    chosen: number[],
    k: number,
    size: number,
    list: WaitingList,
    keys: readonly CompiledPriorityKey[],
    w: number,
  ): void {
    let at = chosen.length;
    while (at > 0 && this.before(list, k, chosen[at - 1], keys, w)) at--;
    if (at >= size) return;
    chosen.splice(at, 0, k);
    if (chosen.length > size) chosen.length = size;
  }

  /**
   * Each of a list's first n entries' place in its order at week w as one number (rankKey[k]):
   * the priority keys and the week joined, packed in mixed radix over the ranges they take on
   * this list now, so that rankKey[a] < rankKey[b] exactly where before() puts a first on those,
   * and they are equal where before() goes on to the seeded draw (rankBefore). A group start then
   * reads each entry's keys once, not at every comparison. False where the ranges do not fit a
   * double's 53 bits exactly: then ask before().
   */
  protected rankKeys(list: WaitingList, n: number, w: number): boolean {
    const kinds = list.kinds;
    const slots = kinds.length + 1;
    if (this.rankKey.length < n) this.rankKey = new Float64Array(Math.max(n, 2 * this.rankKey.length));
    if (this.slotValues.length < n * slots)
      this.slotValues = new Float64Array(Math.max(n * slots, 2 * this.slotValues.length));
    if (this.slotMin.length < slots) {
      this.slotMin = new Float64Array(slots);
      this.slotMax = new Float64Array(slots);
    }
    const values = this.slotValues;
    const min = this.slotMin;
    const max = this.slotMax;
    min.fill(Infinity, 0, slots);
    max.fill(-Infinity, 0, slots);
    const people = this.people;
    const codes = people.codes;
    const row = this.c.ogrsAttribute;
    for (let k = 0; k < n; k++) {
      const i = list.person[k];
      const at = k * slots;
      for (let s = 0; s < slots; s++) {
        let v: number;
        switch (s < kinds.length ? kinds[s] : -1) {
          case KEY_OGRS:
            v = this.ogrsRank[codes[i * people.attributes + row]];
            break;
          case KEY_OGRS_DESCENDING:
            v = -this.ogrsRank[codes[i * people.attributes + row]];
            break;
          case KEY_RELEASE_DATE:
            v = people.earliestReleaseWeek[i];
            break;
          case KEY_CRITERIA:
            // Those the criteria match come first.
            v = 1 - this.matches((list.keys[s] as { when: CompiledCriterion }).when, i, w);
            break;
          case KEY_WAITING_TIME:
          case -1:
            // Waiting time, and after the keys the week joined.
            v = list.joinWeek[k];
            break;
          default:
            v = 0;
        }
        values[at + s] = v;
        if (v < min[s]) min[s] = v;
        if (v > max[s]) max[s] = v;
      }
    }
    let span = 1;
    for (let s = 0; s < slots; s++) span *= max[s] - min[s] + 1;
    if (!(span <= Number.MAX_SAFE_INTEGER)) return n === 0;
    const key = this.rankKey;
    for (let k = 0; k < n; k++) {
      const at = k * slots;
      let r = 0;
      for (let s = 0; s < slots; s++) r = r * (max[s] - min[s] + 1) + (values[at + s] - min[s]);
      key[k] = r;
    }
    return true;
  }

  /**
   * Scratch of rankKeys: the packed keys, and each entry's key values and their ranges. Empty until
   * first needed (many replications never rank a list this way).
   */
  protected rankKey = NO_NUMBERS;
  private slotValues = NO_NUMBERS;
  private slotMin = NO_NUMBERS;
  private slotMax = NO_NUMBERS;

  /**
   * before() for entries ranked in `key` (list.rank, or rankKeys' rankKey): the packed keys, then
   * the seeded draw, then index.
   */
  protected rankBefore(list: WaitingList, key: Float64Array, a: number, b: number): boolean {
    const ka = key[a];
    const kb = key[b];
    if (ka !== kb) return ka < kb;
    const i = list.person[a];
    const j = list.person[b];
    const draw = this.people.tieBreak[i] - this.people.tieBreak[j];
    return draw !== 0 ? draw < 0 : i < j;
  }

  /**
   * offer() for entries ranked in `key` (rankBefore), or key by key where null: inserts entry k
   * into `chosen` (best first, at most `size` long) if it ranks high enough, shifting in place
   * rather than splicing.
   */
  protected offerRanked(
    chosen: number[],
    k: number,
    size: number,
    list: WaitingList,
    w: number,
    key: Float64Array | null,
  ): void {
    let at = chosen.length;
    if (key !== null) {
      // Binary search: the order is total, so k comes before a tail of `chosen` (about 7 ranks
      // compared an offer scanning from the end at Stafford's TSP starts, 3 to 4 this way).
      let lo = 0;
      while (lo < at) {
        const mid = (lo + at) >>> 1;
        if (this.rankBefore(list, key, k, chosen[mid])) at = mid;
        else lo = mid + 1;
      }
    } else while (at > 0 && this.before(list, k, chosen[at - 1], list.keys, w)) at--;
    if (at >= size) return;
    if (chosen.length < size) chosen.push(k);
    for (let m = chosen.length - 1; m > at; m--) chosen[m] = chosen[m - 1];
    chosen[at] = k;
  }

  /**
   * Whether entry a comes before entry b on the waiting list: by the priority keys, then by
   * the week joined, then by a seeded draw (allocation.ts says why).
   */
  protected before(list: WaitingList, a: number, b: number, keys: readonly CompiledPriorityKey[], w: number): boolean {
    if (list.rank !== null) return this.rankBefore(list, list.rank, a, b);
    const people = this.people;
    const i = list.person[a];
    const j = list.person[b];
    const kinds = list.kinds;
    for (let k = 0; k < kinds.length; k++) {
      let d = 0;
      switch (kinds[k]) {
        case KEY_OGRS:
        case KEY_OGRS_DESCENDING: {
          // Ordinal bands: the sources rank by band, never by a score inside one.
          const row = this.c.ogrsAttribute;
          const ri = this.ogrsRank[people.codes[i * people.attributes + row]];
          const rj = this.ogrsRank[people.codes[j * people.attributes + row]];
          d = kinds[k] === KEY_OGRS_DESCENDING ? rj - ri : ri - rj;
          break;
        }
        case KEY_RELEASE_DATE:
          // ISPs by tariff or next review: "approaching tariff" comes first.
          d = people.earliestReleaseWeek[i] - people.earliestReleaseWeek[j];
          break;
        case KEY_WAITING_TIME:
          d = list.joinWeek[a] - list.joinWeek[b];
          break;
        case KEY_CRITERIA: {
          const when = (keys[k] as { when: CompiledCriterion }).when;
          d = this.matches(when, j, w) - this.matches(when, i, w);
          break;
        }
      }
      if (d !== 0) return d < 0;
    }
    const joined = list.joinWeek[a] - list.joinWeek[b];
    if (joined !== 0) return joined < 0;
    const draw = people.tieBreak[i] - people.tieBreak[j];
    return draw !== 0 ? draw < 0 : i < j;
  }
}
