/**
 * The warm-up's end, ready to hand over (handOver.ts): each warm-up man's record (list places,
 * courses under way, history) kept by segment, so an opening man of the window finds a record of
 * his own segment (ServiceSnapshot recordFor). Why a running start hands over: warmup.ts.
 */
import type { CompiledScenario } from './compile.js';
import type { People } from './people.js';
import type { RandomStream } from '../random/streams.js';
import type { Criterion } from '../scenario/schema.js';
import { EligibilityProfiles } from './eligibilityProfiles.js';
import { SentenceKind } from './release.js';
import { ScratchArrays } from './scratchArrays.js';
import { withStableFields } from './stableFields.js';
import {
  draw,
  drawSlot,
  GroupsBuilder,
  NO_RECORD,
  programmeSlots,
  recordPools,
  shuffle,
  shuffleBothParts,
  type Groups,
  type RecordPools,
  type Slots,
} from './recordGroups.js';

/**
 * Attributes the programme rules read, plus OGRS (priority): with the time left at the hand-over
 * (timeLeftBounds), the segment a record passes within.
 */
export function matchAttributes(compiled: CompiledScenario): number[] {
  const ids = new Set<string>();
  const visit = (c: Criterion): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else if ('attribute' in c) ids.add(c.attribute);
  };
  for (const p of compiled.scenario.programmes) {
    visit(p.eligibility);
    for (const k of p.priority) if (k.by === 'criteria') visit(k.when);
  }
  for (const c of compiled.scenario.changes) if (c.set.kind === 'eligibility') visit(c.set.eligibility);
  // A site's own rules too: its eligibility, order and the segments it plans for.
  for (const e of compiled.scenario.establishments) {
    for (const d of e.programmes) {
      if (d.eligibility) visit(d.eligibility);
      for (const k of d.priority ?? []) if (k.by === 'criteria') visit(k.when);
      for (const g of d.segments ?? []) visit(g.when);
    }
  }
  const found = compiled.attributes.flatMap((a, i) => (ids.has(a.id) ? [i] : []));
  if (compiled.ogrsAttribute >= 0 && !found.includes(compiled.ogrsAttribute)) found.push(compiled.ogrsAttribute);
  return found.sort((x, y) => x - y);
}

/**
 * Weeks to release at which records are matched apart (ascending): the time-left bands' bounds
 * and the least time left to start each programme delivered (minWeeksLeftToStart). A warm-up
 * person is classed by the weeks to release he has when the window opens, an opening man by his
 * own, so the two are matched on the time they have now and on the programmes each could start.
 *
 * Why not the time-left band (the attribute): it is drawn at reception and never changes, so a
 * warm-up man received with 2 to 5 years left, waiting after a year inside, was matched to an
 * opening man with 2 to 5 years; and within a band that a programme's least time left divides
 * (6 to 12 months, C-SOTP's 39 weeks), a place held by a man with 45 weeks left passed to one with
 * 30, who cannot start. A place his taker could not keep lapsed at the hand-over: Stafford's TSP
 * held 326 live places at the warm-up's end and opened the window with 297.
 */
export function timeLeftBounds(compiled: CompiledScenario): number[] {
  const bounds = new Set<number>();
  for (const c of compiled.attributes[compiled.timeLeftAttribute]?.categories ?? []) {
    for (const b of [c.min, c.max]) if (b !== undefined && b > 0) bounds.add(b);
  }
  compiled.establishments.forEach((e) =>
    e.deliveries.forEach((d, p) => {
      if (d) bounds.add(compiled.programmes[p].definition.minWeeksLeftToStart);
    }),
  );
  return [...bounds].filter((b) => b > 0).sort((x, y) => x - y);
}

/** A course under way when the window opens, as the window receives it. */
export interface InheritedCourse {
  establishment: number;
  programme: number;
  /** Week the course ends, relative to the window (0 or later). */
  endWeek: number;
  completes: boolean;
  /** Whether its warm-up man was at the hub for it, from a prison that refers its need there (awayAtHubs). */
  visitor: boolean;
  /** Its warm-up man (an index into the snapshot's people). */
  person: number;
}

/** What the warm-up leaves: its people, lists, courses and schedules at its last week. */
export interface WarmupEnd {
  people: People;
  weeks: number;
  /** lists[listAt][programme]: people waiting, the week each joined and where they joined from. */
  lists: { size: number; person: ArrayLike<number>; joinWeek: ArrayLike<number>; origin: ArrayLike<number> }[][];
  /** Courses begun, by row (courseTable.ts): those ending in the last week or later are under way. */
  courses: {
    count: number;
    person: ArrayLike<number>;
    programme: ArrayLike<number>;
    endWeek: ArrayLike<number>;
    completes: ArrayLike<number>;
  };
  /** deliveries[e][p]: next and last group start, in warm-up weeks (null: not run there). */
  deliveries: ({ nextStart: number; lastStart: number } | null)[][];
  /**
   * Re-referrals of drop-outs and deselections due at or after the warm-up's end: (week, person,
   * programme) triples, in warm-up weeks (AssessmentQueue.reReferralsLater).
   */
  reReferrals: readonly number[];
  /**
   * Reassessments of men found "not ready", due at or after the warm-up's end, likewise
   * (AssessmentQueue.reassessmentsLater): the decision is handed over, so its reassessment is too.
   */
  reassessments?: readonly number[];
  /**
   * Men at a hub for a course, away from home (hubReturns.ts awayAt): (person, home, week of
   * return or -1 while on the course, programme) quadruples, in warm-up weeks; absent, none.
   */
  awayAtHubs?: readonly number[];
  /**
   * Whether entry k of lists[listAt][programme] can still start when the window opens (the list's
   * own rule: custody.ts stillWaiting); absent, every entry of a man still inside is handed over.
   * Why: lists are settled lazily, so at the warm-up's end they still hold places withdrawn when
   * their man started another alternative of the need, or whose window had closed. Handed over,
   * such a place stayed open for a taker whose need the hand-over left open (a course under way he
   * declined, a drop-out's record, a history-only record): Stafford's RESOLVE held 4.7 entries at
   * the warm-up's end, 1.5 of them live, opened the window with 2.3 waiting, and year 1 started
   * 6.3 against 5.4 in years 2 and 3 (200 replications).
   */
  live?: (listAt: number, programme: number, k: number) => boolean;
  /**
   * The weeks before his release that warm-up person i's window for programme p closes: the
   * programme's least time left to start, or for the first stage of a pathway the time to finish
   * it and start the later stage he needs (needWindows.ts windowWeeks). Absent, 0: the hand-over
   * then reads the programme's least time left alone.
   */
  windowWeeks?: (person: number, programme: number) => number;
  /**
   * The warm-up week warm-up person i's need n was started (a course of one of its first stage's
   * programmes begun), or Infinity where it was not. Absent, no need counts as started.
   */
  needStart?: (person: number, need: number) => number;
}

/**
 * Codes of a sentence attribute that shut every programme (ServiceSnapshot isShut): codes[c] is 1
 * where a man of sentence code c is assessed for none (remand, where remand is not eligible).
 */
export interface ShutSentences {
  attribute: number;
  codes: Uint8Array;
}

/** The sentences that shut every programme in a compiled scenario, or null where none does. */
export function shutSentences(compiled: CompiledScenario): ShutSentences | null {
  const release = compiled.release;
  if (release.remandEligible) return null;
  const codes = Uint8Array.from(release.kindOf, (kind) => (kind === SentenceKind.Remand ? 1 : 0));
  return codes.includes(1)
    ? withStableFields(ShutSentencesFields, { attribute: compiled.sentenceAttribute, codes })
    : null;
}

/** A prime under 2^52 / 256, to fold segment keys that would not fit in a double exactly. */
const FOLD = 17592186044399;

/** The scratch names of the wider pools' arrays, by level (ServiceSnapshot widerPools). */
const WIDER_POOLS = ['snapshot.wider0', 'snapshot.wider1'];

/**
 * The warm-up's end state, ready to hand over. A record is a warm-up person (their index in the
 * warm-up's People); their list places and courses are kept as linked lists in flat arrays, and
 * segments are numeric keys, so a hand-over allocates little per person.
 */
export class ServiceSnapshot {
  readonly people: People;
  /** Group schedules for the window: next and last start relative to it. */
  readonly deliveries: ({ nextStart: number; lastStart: number } | null)[][];
  /**
   * Men at a hub for a course, away from home, at the warm-up's end: (warm-up person, home, week
   * of return relative to the window or -1 while on the course, programme) quadruples
   * (handOver.ts openVisitors).
   */
  readonly awayAtHubs: readonly number[];
  /** Per warm-up person: 1 for a man at a hub on his course, away from home (awayAtHubs). */
  readonly visiting: Uint8Array;
  /** Per warm-up person: first list place and first course (-1: none). */
  private readonly entryHead: Int32Array;
  private readonly courseHead: Int32Array;
  private readonly entryNext: Int32Array;
  /**
   * List places: the establishment whose list it is, programme, week joined relative to the window,
   * and the warm-up person whose place it was (whose time left says whether it was live: custody.ts
   * joinPending). Typed arrays of the places kept, filled once: as arrays pushed to, they grew
   * from empty a replication.
   */
  readonly entryListAt: Int32Array;
  readonly entryPerson: Int32Array;
  readonly entryProgramme: Int32Array;
  readonly entryJoinWeek: Int32Array;
  /** WarmupEnd.windowWeeks (windowOf), or null. */
  private readonly windowWeeks: ((person: number, programme: number) => number) | null;
  /** WarmupEnd.needStart (needStartWeek), or null. */
  private readonly needStart: ((person: number, need: number) => number) | null;
  private readonly courseNext: number[] = [];
  /**
   * Courses under way, by index (firstCourse / nextCourse): programme, end week relative to the
   * window, whether it completes. Flat arrays, not an object per course: the hand-over walks them
   * for every opening man (handOverRecords.ts inherit) and allocates nothing doing so.
   */
  readonly courseProgramme: number[] = [];
  readonly courseEndWeek: number[] = [];
  readonly courseCompletes: boolean[] = [];
  /** Per warm-up person: first pending re-referral (-1: none); then each one's next, programme and week due. */
  private readonly reReferralHead: Int32Array;
  private readonly reReferralNext: number[] = [];
  readonly reReferralProgramme: number[] = [];
  readonly reReferralWeek: number[] = [];
  readonly reReferralReassessment: boolean[] = [];
  /**
   * Full-record pools per segment (with time left), people on a course first, consumed in order:
   * each with how far it is taken (RecordPools next), so a take is one Map lookup, not three.
   */
  private readonly pools: RecordPools;
  /**
   * Wider pools, tried in turn where a segment's own is used up: the same programmes open by the
   * establishment's rules (an eligibility profile) with the same OGRS band and time left, then the
   * same time left (a record of another time left would hand over courses its taker cannot stay to
   * finish: a year-1 dip in completions). Two independent draws from the tables rarely match
   * cell for cell (about half of Stafford's opening men found no one of their exact segment), and
   * a man left without a record joins every list he is eligible for in week 0: the whole-stock
   * queue a running start exists to avoid (RESOLVE's list opened at 35 where it runs at about 3).
   */
  private readonly widerPools: RecordPools[];
  /** The wider keys of the man recordFor is matching, less their time-left class (widerBase); reused. */
  private readonly widerBases = new Float64Array(2);
  /**
   * History-only pools by eligibility profile alone, for a man no warm-up person shares even his
   * attributes without time left (a rare cell the running service no longer holds): he takes the
   * programmes completed by someone the same programmes are open to, drawn with replacement. With
   * no history at all he would join every list he is eligible for in week 0 as if never treated
   * (Stafford: about 8 of RESOLVE's week-0 joiners a replication after a 3-year warm-up).
   */
  private readonly profileHistory: Groups;
  /**
   * Per establishment and programme (e x 32 + p): warm-up people the establishment's rules leave
   * the programme open to. The last fallback, for a man whose eligibility profile no warm-up
   * person shares (programmeRecords).
   */
  private readonly byProgramme: Slots;
  /**
   * byProgramme by time-left class as well ((e x 32 + p) x classes + class): where a record's man
   * had joined a list and his window had closed by the hand-over, its taker with his window open
   * takes that programme's state from one of these instead (openRecord).
   */
  private readonly byProgrammeClass: Slots;
  /** The warm-up's length: a warm-up person's weeks left when the window opens (weeksLeft). */
  private readonly handOverWeek: number;
  /** Warm-up people whose record a person of the window has taken (each is taken once). */
  private readonly used: Uint8Array;
  private readonly ogrsRadix: number;
  /** Time-left classes (timeLeftBounds): one more than the bounds. */
  private readonly timeLeftRadix: number;
  /** Per warm-up person: his time-left class when the window opens. */
  private readonly timeLeftClass: Uint8Array;
  /** History-only pools per segment without time left. */
  private readonly historyPools: Groups;
  private readonly radix: number[];
  /** False when there are too many segments for exact keys: they are then folded (rare merges). */
  private readonly exact: boolean;

  constructor(
    end: WarmupEnd,
    private readonly attributes: readonly number[],
    categoryCounts: readonly number[],
    private readonly timeLeftBounds: readonly number[],
    rng: RandomStream,
    private readonly profiles: readonly (EligibilityProfiles | null)[] = [],
    private readonly ogrsAttribute = -1,
    private readonly shut: ShutSentences | null = null,
    /** Where its arrays come from: a context's, reused from one replication's snapshot to the next. */
    scratch: ScratchArrays = new ScratchArrays(),
  ) {
    const { people, weeks: W } = end;
    this.people = people;
    this.handOverWeek = W;
    this.used = scratch.uint8('snapshot.used', people.count);
    this.ogrsRadix = ogrsAttribute >= 0 ? categoryCounts[ogrsAttribute] : 1;
    this.timeLeftRadix = timeLeftBounds.length + 1;
    // Set for the people still inside (below), the only ones it is read of.
    this.timeLeftClass = scratch.uint8('snapshot.timeLeftClass', people.count);
    this.radix = attributes.map((a) => categoryCounts[a] + 1);
    const segments = this.radix.reduce((n, r) => n * r, 2 * end.deliveries.length * (this.timeLeftRadix + 1));
    this.exact = segments <= 2 ** 52;
    this.awayAtHubs = (end.awayAtHubs ?? []).map((x, k) => (k % 4 === 2 && x >= 0 ? x - W : x));
    this.visiting = scratch.uint8('snapshot.visiting', people.count);
    for (let k = 0; k < this.awayAtHubs.length; k += 4)
      if (this.awayAtHubs[k + 2] < 0) this.visiting[this.awayAtHubs[k]] = 1;
    this.deliveries = end.deliveries.map((row) =>
      row.map((d) => (d ? { nextStart: d.nextStart - W, lastStart: d.lastStart - W } : null)),
    );
    // Still inside when the window opens: people.departWeek[i] > W (departures in warm-up week W
    // happen in its week 0). Each pass below is a function or method of its own, not one long
    // constructor: V8 compiled this constructor again at each deoptimisation and each hot loop's
    // on-stack replacement, a third of a second each time in a Chromium worker.
    const departWeek = people.departWeek;
    this.entryHead = scratch.int32('snapshot.entryHead', people.count, -1);
    this.courseHead = scratch.int32('snapshot.courseHead', people.count, -1);
    const places = keptPlaces(end, this.entryHead, scratch);
    this.entryNext = places.next;
    this.entryListAt = places.listAt;
    this.entryPerson = places.person;
    this.entryProgramme = places.programme;
    this.entryJoinWeek = places.joinWeek;
    this.windowWeeks = end.windowWeeks ?? null;
    this.needStart = end.needStart ?? null;
    this.addCoursesUnderWay(end.courses, departWeek, W);
    // Re-referrals due in the window: the person taking this record is referred again then.
    this.reReferralHead = scratch.int32('snapshot.reReferralHead', people.count, -1);
    this.addReReferrals(end.reReferrals, false, departWeek, W);
    this.addReReferrals(end.reassessments ?? [], true, departWeek, W);
    // The pools as groups of flat arrays (Groups), not a Map of arrays: national's hand-over
    // allocated about 76 MB a replication in small arrays and their boxed keys. Per warm-up person
    // still inside: whether on a course, his segment's key and eligibility profile (maskOf), each
    // read once for every pool. Every pass walks those inside alone, by index (`inside`, in
    // order): the warm-up's table holds as many again who have left (Stafford: 735 of 1,426).
    const n = people.count;
    const inside = peopleInside(departWeek, n, W, scratch);
    const count = inside.length;
    // Read only of the people inside, each written first (below).
    const onCourse = scratch.uint8('snapshot.onCourse', n, null);
    const keys = scratch.float64('snapshot.keys', n, null);
    const masks = scratch.float64('snapshot.masks', n, null);
    const history = new GroupsBuilder(n, count, scratch, 'snapshot.history');
    const profile = new GroupsBuilder(n, count, scratch, 'snapshot.profile');
    const establishments = this.segmentsInside(inside, onCourse, keys, masks, history, profile);
    this.historyPools = history.build(null, inside);
    this.profileHistory = profile.build(null, inside);
    this.byProgramme = programmeSlots(people, inside, masks, establishments, null, 1, scratch, 'snapshot.byProgramme');
    this.byProgrammeClass = programmeSlots(
      people,
      inside,
      masks,
      establishments,
      this.timeLeftClass,
      this.timeLeftRadix,
      scratch,
      'snapshot.byProgrammeClass',
    );
    // Segments numbered as their keys first come among people not on a course, then those only
    // on a course; each pool's part on a course shuffled, then the rest.
    this.pools = recordPools(keys, inside, onCourse, 0, null, scratch, 'snapshot.pools');
    shuffleBothParts(this.pools, rng);
    // The wider pools, numbered as their keys first come among people on a course: every part on
    // a course shuffled, then the rest's, in the order their keys first come among the rest.
    // A visitor's record (on his course at a hub, awayAtHubs) is not in the pool by time left
    // alone: taken there by a hub man of another OGRS band, who then went home as the visitor,
    // Stafford opened with 6.1 OGRS 25-49 sex offenders on its courses from elsewhere where the
    // warm-up's end held 4.3, and 2.8 of OGRS 50-74 where it held 4.3 (10 replications). Left
    // untaken, his course goes to the referring prisons' man most like him (replication.ts
    // refillCourses).
    const notVisiting = peopleNotVisiting(inside, this.visiting, scratch);
    this.widerPools = [
      this.widerPoolsAt(0, inside, inside, onCourse, keys, masks, rng, scratch),
      this.widerPoolsAt(1, inside, notVisiting, onCourse, keys, masks, rng, scratch),
    ];
  }

  /** Courses ending in warm-up week W or later are under way (those ending at W end in week 0). */
  private addCoursesUnderWay(courses: WarmupEnd['courses'], departWeek: ArrayLike<number>, W: number): void {
    for (let k = 0; k < courses.count; k++) {
      const i = courses.person[k];
      if (courses.endWeek[k] < W || departWeek[i] <= W) continue;
      this.courseNext.push(this.courseHead[i]);
      this.courseHead[i] = this.courseProgramme.length;
      this.courseProgramme.push(courses.programme[k]);
      this.courseEndWeek.push(courses.endWeek[k] - W);
      this.courseCompletes.push(courses.completes[k] === 1);
    }
  }

  /** Re-referrals (or reassessments) due: (week, person, programme) triples, of men still inside. */
  private addReReferrals(
    due: readonly number[],
    reassessment: boolean,
    departWeek: ArrayLike<number>,
    W: number,
  ): void {
    for (let k = 0; k < due.length; k += 3) {
      const week = due[k];
      const i = due[k + 1];
      const programme = due[k + 2];
      if (departWeek[i] <= W) continue;
      this.reReferralNext.push(this.reReferralHead[i]);
      this.reReferralHead[i] = this.reReferralProgramme.length;
      this.reReferralProgramme.push(programme);
      this.reReferralWeek.push(week - W);
      this.reReferralReassessment.push(reassessment);
    }
  }

  /**
   * Per man inside: whether on a course, his time-left class, his segment's key (with time left)
   * and eligibility profile (maskOf), and his place in the history-only pools (without time left)
   * and by profile. Returns how many establishments the men inside are spread over.
   */
  private segmentsInside(
    inside: Int32Array,
    onCourse: Uint8Array,
    keys: Float64Array,
    masks: Float64Array,
    history: GroupsBuilder,
    profile: GroupsBuilder,
  ): number {
    const people = this.people;
    const W = this.handOverWeek;
    let establishments = 0;
    for (let k = 0; k < inside.length; k++) {
      const i = inside[k];
      onCourse[i] = this.courseHead[i] >= 0 ? 1 : 0;
      const row = i * people.attributes;
      const e = people.establishment[i];
      const t = (this.timeLeftClass[i] = this.classOf(people.releaseWeek[i] - W));
      const base = this.keyBase(e, people.codes, row);
      keys[i] = this.withTimeLeft(base, t);
      history.add(i, this.withTimeLeft(base, this.timeLeftRadix));
      masks[i] = this.maskOf(e, people.codes, row);
      if (masks[i] >= 0) profile.add(i, this.widerKey(2, e, masks[i], people.codes, row, t));
      establishments = Math.max(establishments, e + 1);
    }
    return establishments;
  }

  /** The wider pools of one level (widerPools), of `members`: first every man inside keyed at that level. */
  private widerPoolsAt(
    level: number,
    inside: Int32Array,
    members: Int32Array,
    onCourse: Uint8Array,
    keys: Float64Array,
    masks: Float64Array,
    rng: RandomStream,
    scratch: ScratchArrays,
  ): RecordPools {
    const people = this.people;
    for (let k = 0; k < inside.length; k++) {
      const i = inside[k];
      if (masks[i] < 0) continue;
      const row = i * people.attributes;
      keys[i] = this.widerKey(level, people.establishment[i], masks[i], people.codes, row, this.timeLeftClass[i]);
    }
    const later: number[] = [];
    const pools = recordPools(keys, members, onCourse, 1, masks, scratch, WIDER_POOLS[level], later);
    for (let g = 0; g < pools.ids.size; g++) shuffle(pools.members, pools.start[g], pools.split[g], rng);
    for (const g of later) shuffle(pools.members, pools.split[g], pools.start[g + 1], rng);
    return pools;
  }

  /** The next record of a pool nobody has taken yet, or NO_RECORD. */
  private take(pools: RecordPools, key: number): number {
    const g = pools.ids.get(key);
    if (g < 0) return NO_RECORD;
    const members = pools.members;
    const end = pools.start[g + 1];
    let next = pools.next[g];
    while (next < end && this.used[members[next]]) next++;
    if (next >= end) {
      pools.next[g] = next;
      return NO_RECORD;
    }
    pools.next[g] = next + 1;
    this.used[members[next]] = 1;
    return members[next];
  }

  /**
   * The programmes e's rules leave open for these codes (unsigned), or -1 where e has no profiles:
   * none for a man whose sentence shuts them all (isShut).
   */
  private maskOf(e: number, codes: Uint8Array, row: number): number {
    const profiles = this.profiles[e];
    if (!profiles) return -1;
    return this.isShut(codes, row) ? 0 : profiles.openByCodes(codes, row) >>> 0;
  }

  /**
   * Whether every programme is shut to a man of these codes whatever its rules say: a remand
   * prisoner where remand is not eligible (referrals.ts assess asks no rule of him). Why it is
   * part of every segment: the eligibility profiles read the rules only, so a remand man of the
   * opening population who found no record of his own segment took, from the wider pools, that of
   * a sentenced man of the same profile, with his places on the lists; and a sentenced man one of
   * a remand man, with no history, assessed afresh in week 0. Hewell (the West Midlands' local,
   * 3 replications): 46 remand men held a place on FOR's list when the window opened, where the
   * warm-up's list held none and 320 live places in all; the list fell from 380 to 320 in the
   * window's first 15 weeks as they left.
   */
  private isShut(codes: Uint8Array, row: number): boolean {
    const shut = this.shut;
    return shut !== null && shut.codes[codes[row + shut.attribute]] === 1;
  }

  /**
   * A wider segment as a number, from a profile's mask (maskOf): with (level 0) OGRS and time
   * left, (1) time left alone, or (2) neither (history only: profileHistory).
   */
  private widerKey(
    level: number,
    e: number,
    mask: number,
    codes: Uint8Array,
    row: number,
    timeLeftClass: number,
  ): number {
    const timeLeft = level <= 1 ? timeLeftClass : this.timeLeftRadix;
    return this.widerBase(level, e, mask, codes, row) * (this.timeLeftRadix + 1) + timeLeft;
  }

  /** widerKey less its time-left class: the same for every class recordFor tries. */
  private widerBase(level: number, e: number, mask: number, codes: Uint8Array, row: number): number {
    const ogrs = level === 0 ? codes[row + this.ogrsAttribute] : this.ogrsRadix;
    return (e * 2 ** 32 + mask) * (this.ogrsRadix + 1) + ogrs;
  }

  /**
   * The warm-up person whose record a person opening the window takes on (establishment e,
   * attribute codes at codes[row...], `weeksLeft` weeks to release): `donor` >= 0 for a full
   * record, `-2 - donor` for the history only, or NO_RECORD when no warm-up person shares their
   * segment. With `nearby` false, only a full record of his own time-left class (else NO_RECORD):
   * the hand-over's first pass (handOverRecords.ts inheritRecords), so that a man of a class the warm-up
   * holds too few of takes a nearby class's record only once every man has had his own class's.
   *
   * Why nearby classes before the history alone: the warm-up's people by weeks left are not the
   * opening tables' (its receptions stay about their band's top, and time served moves men down
   * the classes), so a class holds more warm-up men than opening men, or fewer. A record of a
   * class no opening man has (sizing.test's 1-2 year receptions, up to 130 weeks left, where the
   * opening population has at most 104) found no taker: its course under way went to whoever was
   * free and eligible, most often no one in a service that treats everyone (30 groups a year: 3.2
   * of 22.3 courses under way lost), and its list place lapsed. The nearest class comes first,
   * the one above before the one below: a record with more time left holds places its taker can
   * use, and one with less may hold none the taker should (then assessed afresh in week 0).
   */
  recordFor(e: number, codes: Uint8Array, row: number, weeksLeft: number, rng: RandomStream, nearby = true): number {
    const t = this.classOf(weeksLeft);
    const mask = this.maskOf(e, codes, row);
    // Each key less its time-left class, once for every class tried.
    const base = this.keyBase(e, codes, row);
    if (mask >= 0)
      for (let level = 0; level < this.widerPools.length; level++)
        this.widerBases[level] = this.widerBase(level, e, mask, codes, row);
    const own = this.recordOfClass(base, mask, t);
    if (own !== NO_RECORD || !nearby) return own;
    for (let d = 1; d < this.timeLeftRadix; d++) {
      // The class above, then the one below.
      for (let side = 0; side < 2; side++) {
        const c = side === 0 ? t + d : t - d;
        if (c < 0 || c >= this.timeLeftRadix) continue;
        const donor = this.recordOfClass(base, mask, c);
        if (donor !== NO_RECORD) return donor;
      }
    }
    let donor = draw(this.historyPools, this.withTimeLeft(base, this.timeLeftRadix), rng);
    if (donor === NO_RECORD && mask >= 0)
      donor = draw(this.profileHistory, this.widerKey(2, e, mask, codes, row, t), rng);
    return donor === NO_RECORD ? NO_RECORD : -2 - donor;
  }

  /**
   * A full record of time-left class t: the segment's own, else the wider pools' (by profile).
   * `base`: the segment's key less its class (keyBase); the wider keys' are in widerBases.
   */
  private recordOfClass(base: number, mask: number, t: number): number {
    const own = this.take(this.pools, this.withTimeLeft(base, t));
    if (own !== NO_RECORD) return own;
    for (let level = 0; mask >= 0 && level < this.widerPools.length; level++) {
      const donor = this.take(this.widerPools[level], this.widerBases[level] * (this.timeLeftRadix + 1) + t);
      if (donor !== NO_RECORD) return donor;
    }
    return NO_RECORD;
  }

  /**
   * For a man with no record (recordFor gave NO_RECORD): per programme his establishment's rules
   * leave open to him, a warm-up person it is open to, drawn at random (with replacement), whose
   * state for that programme alone he takes (handOverRecords.ts inheritProgramme); an empty list where
   * the establishment has no profiles.
   *
   * Why: such a man's eligibility profile is one the running service no longer holds (about 18 of
   * Stafford's 741 opening men after a two-year warm-up), and opened as in a cold start he joined
   * every list he was eligible for in week 0: 1.7 of RESOLVE's 3.6 waiting at the start, where
   * its list runs at about 1.8, and a start too many in year 1.
   */
  programmeRecords(
    e: number,
    codes: Uint8Array,
    row: number,
    rng: RandomStream,
  ): { programme: number; donor: number }[] {
    const out: { programme: number; donor: number }[] = [];
    const mask = this.maskOf(e, codes, row);
    if (mask < 0) return out;
    for (let m = mask, p = 0; m !== 0; m >>>= 1, p++) {
      const donor = m & 1 ? drawSlot(this.byProgramme, e * 32 + p, rng) : NO_RECORD;
      if (donor !== NO_RECORD) out.push({ programme: p, donor });
    }
    return out;
  }

  /**
   * Warm-up person d's window for programme p when the window opens, in weeks before release
   * (WarmupEnd.windowWeeks, asked of the warm-up's own need ledger, which stays as it ended until
   * the next replication's warm-up), or 0 where the warm-up gave none.
   */
  windowOf(d: number, p: number): number {
    return this.windowWeeks !== null ? this.windowWeeks(d, p) : 0;
  }

  /**
   * The week warm-up person d's need n was started, relative to the window (negative), or
   * Infinity where it was not (WarmupEnd.needStart, asked of the warm-up's own ledger as windowOf).
   */
  needStartWeek(d: number, n: number): number {
    return this.needStart !== null ? this.needStart(d, n) - this.handOverWeek : Infinity;
  }

  /** Warm-up person d's weeks to release when the window opens. */
  weeksLeft(d: number): number {
    return this.people.releaseWeek[d] - this.handOverWeek;
  }

  /**
   * For a man at e with `weeksLeft` to serve whose record's state for programme p is a place
   * lapsed because its man's window had closed (handOverRecords.ts inherit): a warm-up person at e whom p
   * is open to, of his own time-left class, else the nearest class (above first) of at least
   * `minWeeksLeft`, drawn with replacement; NO_RECORD where there is none.
   */
  openRecord(e: number, p: number, weeksLeft: number, minWeeksLeft: number, rng: RandomStream): number {
    const t = this.classOf(weeksLeft);
    const lowest = this.classOf(minWeeksLeft);
    for (let d = 0; d < this.timeLeftRadix; d++) {
      // Its own class, then the class above and the one below (no array of them a call).
      for (let side = 0; side < (d === 0 ? 1 : 2); side++) {
        const c = side === 0 ? t + d : t - d;
        if (c < lowest || c >= this.timeLeftRadix) continue;
        const donor = drawSlot(this.byProgrammeClass, (e * 32 + p) * this.timeLeftRadix + c, rng);
        if (donor !== NO_RECORD) return donor;
      }
    }
    return NO_RECORD;
  }

  /**
   * A warm-up person's list places as a linked list of indices into the entry arrays, walked
   * without allocating: `for (let k = s.firstEntry(d); k >= 0; k = s.nextEntry(k))`. Likewise
   * his courses under way (firstCourse / nextCourse, into courseProgramme...) and his re-referrals
   * (firstReReferral / nextReReferral, into reReferralProgramme...).
   */
  firstEntry(donor: number): number {
    return this.entryHead[donor];
  }

  nextEntry(k: number): number {
    return this.entryNext[k];
  }

  firstCourse(donor: number): number {
    return this.courseHead[donor];
  }

  nextCourse(k: number): number {
    return this.courseNext[k];
  }

  firstReReferral(donor: number): number {
    return this.reReferralHead[donor];
  }

  nextReReferral(k: number): number {
    return this.reReferralNext[k];
  }

  /** A warm-up person's list places, by index into the entry arrays (firstEntry walks them without allocating). */
  *entries(donor: number): Generator<number> {
    for (let k = this.entryHead[donor]; k >= 0; k = this.entryNext[k]) yield k;
  }

  /** A warm-up person's courses under way (firstCourse walks them without allocating). */
  *courses(donor: number): Generator<{ programme: number; endWeek: number; completes: boolean }> {
    for (let k = this.courseHead[donor]; k >= 0; k = this.courseNext[k])
      yield { programme: this.courseProgramme[k], endWeek: this.courseEndWeek[k], completes: this.courseCompletes[k] };
  }

  /**
   * A warm-up person's re-referrals, and reassessments of a "not ready" decision, due in the
   * window (week relative to it, 0 or later; firstReReferral walks them without allocating).
   */
  *reReferrals(donor: number): Generator<{ programme: number; week: number; reassessment: boolean }> {
    for (let k = this.reReferralHead[donor]; k >= 0; k = this.reReferralNext[k])
      yield {
        programme: this.reReferralProgramme[k],
        week: this.reReferralWeek[k],
        reassessment: this.reReferralReassessment[k],
      };
  }

  /** Courses under way whose record's taker would leave before they end (decline). */
  private readonly declined: InheritedCourse[] = [];

  /** A course under way the person taking its record cannot stay to finish: untakenCourses passes it on. */
  decline(course: InheritedCourse): void {
    this.declined.push(course);
  }

  /**
   * Courses under way whose warm-up people found no one of their segment in the opening
   * population, or whose taker declined them (call after every recordFor): their places go to
   * others eligible (see simulate).
   */
  untakenCourses(): InheritedCourse[] {
    const out: InheritedCourse[] = this.declined.splice(0);
    // Every pool's members in turn, as the pools are numbered (indexed: this runs once a
    // replication, where a for-of allocated a result object a man).
    const members = this.pools.members;
    for (let m = 0; m < members.length; m++) {
      const i = members[m];
      if (this.used[i] || this.courseHead[i] < 0) continue;
      const establishment = this.people.establishment[i];
      for (let k = this.courseHead[i]; k >= 0; k = this.courseNext[k])
        out.push({
          programme: this.courseProgramme[k],
          endWeek: this.courseEndWeek[k],
          completes: this.courseCompletes[k],
          establishment,
          visitor: this.visiting[i] === 1,
          person: i,
        });
    }
    return out;
  }

  /**
   * A segment as a number: the establishment, whether his sentence shuts every programme
   * (isShut) and the codes in mixed radix; withTimeLeft adds the time-left class
   * (timeLeftRadix for "any"), so a man's classes share one base.
   */
  private keyBase(e: number, codes: Uint8Array, row: number): number {
    let key = 2 * e + (this.isShut(codes, row) ? 1 : 0);
    for (let k = 0; k < this.attributes.length; k++) {
      const code = codes[row + this.attributes[k]];
      key = this.exact ? key * this.radix[k] + code : (key * this.radix[k] + code) % FOLD;
    }
    return key;
  }

  /** A segment's key: its base (keyBase) with its time-left class. */
  private withTimeLeft(base: number, timeLeftClass: number): number {
    const r = this.timeLeftRadix + 1;
    return this.exact ? base * r + timeLeftClass : (base * r + timeLeftClass) % FOLD;
  }

  /** The time-left class of `weeksLeft` weeks to release: how many bounds it reaches. */
  private classOf(weeksLeft: number): number {
    const bounds = this.timeLeftBounds;
    let k = 0;
    while (k < bounds.length && weeksLeft >= bounds[k]) k++;
    return k;
  }
}

/**
 * The warm-up's list places handed over (ServiceSnapshot entry*), each linked into its man's list
 * from `entryHead`: places of men still inside, where they joined or the list is, and live.
 */
function keptPlaces(
  end: WarmupEnd,
  entryHead: Int32Array,
  scratch: ScratchArrays,
): { next: Int32Array; listAt: Int32Array; person: Int32Array; programme: Int32Array; joinWeek: Int32Array } {
  const { people, weeks: W } = end;
  const departWeek = people.departWeek;
  let places = 0;
  for (const row of end.lists) for (const list of row) places += list.size;
  // Each written before it is read (kept places only), so not refilled.
  const entryNext = scratch.int32('snapshot.entryNext', places, null);
  const entryListAt = scratch.int32('snapshot.entryListAt', places, null);
  const entryPerson = scratch.int32('snapshot.entryPerson', places, null);
  const entryProgramme = scratch.int32('snapshot.entryProgramme', places, null);
  const entryJoinWeek = scratch.int32('snapshot.entryJoinWeek', places, null);
  let kept = 0;
  for (let listAt = 0; listAt < end.lists.length; listAt++) {
    const row = end.lists[listAt];
    for (let programme = 0; programme < row.length; programme++) {
      const list = row[programme];
      for (let k = 0; k < list.size; k++) {
        const i = list.person[k];
        // Moved away from both where they joined and where the list is: the place lapsed.
        const at = people.establishment[i];
        if (departWeek[i] <= W || (at !== list.origin[k] && at !== listAt)) continue;
        if (end.live && !end.live(listAt, programme, k)) continue;
        entryNext[kept] = entryHead[i];
        entryHead[i] = kept;
        entryListAt[kept] = listAt;
        entryPerson[kept] = i;
        entryProgramme[kept] = programme;
        entryJoinWeek[kept] = list.joinWeek[k] - W;
        kept++;
      }
    }
  }
  return {
    next: entryNext.subarray(0, kept),
    listAt: entryListAt.subarray(0, kept),
    person: entryPerson.subarray(0, kept),
    programme: entryProgramme.subarray(0, kept),
    joinWeek: entryJoinWeek.subarray(0, kept),
  };
}

/** The warm-up's people still inside when the window opens (leaving after week W), in order. */
function peopleInside(departWeek: ArrayLike<number>, n: number, W: number, scratch: ScratchArrays): Int32Array {
  const all = scratch.int32('snapshot.inside', n, null);
  let count = 0;
  for (let i = 0; i < n; i++) if (departWeek[i] > W) all[count++] = i;
  return all.subarray(0, count);
}

/** Those of `inside` not away at a hub on a course (visiting 0), in order. */
function peopleNotVisiting(inside: Int32Array, visiting: Uint8Array, scratch: ScratchArrays): Int32Array {
  const notVisiting = scratch.int32('snapshot.notVisiting', inside.length, null);
  let others = 0;
  for (let k = 0; k < inside.length; k++) if (visiting[inside[k]] === 0) notVisiting[others++] = inside[k];
  return notVisiting.subarray(0, others);
}

/** The class of ShutSentences (stableFields.ts says why). */
class ShutSentencesFields {}
